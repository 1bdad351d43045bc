package dev.margay.flink;

import dev.margay.alert.CorrelationSignal;
import dev.margay.engine.CorrelationLogic;
import dev.margay.engine.Match;
import dev.margay.event.EventTime;
import dev.margay.rule.CorrelationRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Matches to {@link SignalRecord}s for a set of correlation rules: every match of a member's rule
 * ({@code CreateAlert: false} ones too) with an event time, once per member and join key it feeds.
 * Built once per rule set; immutable and thread-safe.
 */
final class Signals {
  private final Map<String, CorrelationLogic> logics = new LinkedHashMap<>();

  /** Per RuleID, the (rule, member) pairs it feeds. */
  private final Map<String, List<Target>> targets = new HashMap<>();

  private final Map<String, Set<String>> joinFields = new HashMap<>();

  private record Target(CorrelationLogic logic, int member) {}

  /**
   * @throws IllegalArgumentException if a rule has a member that joins any value while another
   *     joins on a value: such a signal belongs to every key, which keyed state cannot hold (the
   *     CLI and library correlators handle it)
   */
  Signals(List<CorrelationRule> rules) {
    for (CorrelationRule rule : rules) {
      CorrelationLogic logic = CorrelationLogic.compile(rule);
      for (int m = 0; m < logic.memberCount(); m++) {
        if (logic.anyKeyed() && !logic.keyed(m)) {
          throw new IllegalArgumentException(
              "correlation rule "
                  + rule.id()
                  + ": member '"
                  + logic.member(m).id()
                  + "' joins any value while others join on a value; the Flink adapter keys state by join value "
                  + "and does not run such rules");
        }
        String ruleId = logic.member(m).ruleId();
        targets.computeIfAbsent(ruleId, k -> new ArrayList<>()).add(new Target(logic, m));
        for (String f : logic.joinFields(m)) {
          if (f != null) {
            joinFields.computeIfAbsent(ruleId, k -> new LinkedHashSet<>()).add(f);
          }
        }
      }
      logics.put(rule.id(), logic);
    }
  }

  /** The compiled rule with this RuleID, or null. */
  CorrelationLogic logic(String ruleId) {
    return logics.get(ruleId);
  }

  boolean isEmpty() {
    return logics.isEmpty();
  }

  /**
   * The signals of {@code m}; none when it has no event time (a stream could not place it in a
   * window).
   */
  void of(Match m, Consumer<SignalRecord> out) {
    List<Target> ts = targets.get(m.ruleId());
    if (ts == null || m.eventTimeMillis() == EventTime.NONE) {
      return;
    }
    CorrelationSignal s =
        CorrelationSignal.of(m, m.eventTimeMillis(), joinFields.getOrDefault(m.ruleId(), Set.of()));
    for (Target t : ts) {
      for (String key : t.logic.joinKeys(t.member, s::values)) {
        out.accept(new SignalRecord(t.logic.rule().id(), key, t.member, s.timeMillis()));
      }
    }
  }
}
