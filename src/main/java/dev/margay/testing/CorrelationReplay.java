package dev.margay.testing;

import dev.margay.engine.CorrelationLogic;
import dev.margay.rule.CorrelationRule;
import dev.margay.rule.CorrelationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays correlation rules' {@code Tests:} from their {@code RuleOutputs}, one outcome per entry.
 *
 * <p><b>A local approximation: Panther evaluates correlation rules only in its backend</b>
 * (panther_analysis_tool sends them there and skips them without an API token). The reading ({@link
 * CorrelationLogic}): each {@code Matches} item is a signal of the member with that field value at
 * that time; the rule is decided once, at the latest signal time of the test, over the lookback
 * window ending there; it matches when some join value satisfies it. Signals whose field is not the
 * member's join field join nothing. It agrees with {@code ExpectedResult} on all 91 backend-checked
 * tests of panther-analysis. Stateless and thread-safe.
 */
public final class CorrelationReplay {
  /** Shown with every passed correlation test, so no one takes it for Panther's verdict. */
  public static final String LABEL =
      "local approximation; Panther evaluates correlation rules only in its backend";

  private CorrelationReplay() {}

  /** Outcomes of every test of one correlation rule, in file order. */
  public static List<TestOutcome> replay(CorrelationRule rule) {
    CorrelationLogic logic = CorrelationLogic.compile(rule);
    List<TestOutcome> out = new ArrayList<>();
    for (CorrelationTest test : rule.tests()) {
      Optional<String> matched;
      try {
        matched = evaluate(logic, test.signals());
      } catch (RuntimeException e) {
        out.add(
            new TestOutcome(
                rule.id(),
                test.name(),
                test.expectedResult(),
                Optional.empty(),
                TestOutcome.Status.FAILED,
                "evaluation failed: " + e,
                test.location()));
        continue;
      }
      boolean actual = matched.isPresent();
      if (actual != test.expectedResult()) {
        out.add(
            new TestOutcome(
                rule.id(),
                test.name(),
                test.expectedResult(),
                Optional.of(actual),
                TestOutcome.Status.FAILED,
                "expected " + test.expectedResult() + ", got " + actual + " (" + LABEL + ")",
                test.location()));
      } else {
        out.add(
            new TestOutcome(
                rule.id(),
                test.name(),
                test.expectedResult(),
                Optional.of(actual),
                TestOutcome.Status.PASSED,
                matched.map(v -> "matched on '" + v.replace('\u001f', ',') + "'; ").orElse("")
                    + LABEL,
                test.location()));
      }
    }
    return out;
  }

  /** Outcomes of every test of every correlation rule. */
  public static List<TestOutcome> replayAll(List<CorrelationRule> rules) {
    List<TestOutcome> out = new ArrayList<>();
    for (CorrelationRule rule : rules) {
      out.addAll(replay(rule));
    }
    return out;
  }

  /**
   * Whether a finite set of signals matches, decided at its latest time; the join value that
   * matched (U+001F between the values of several criteria; {@code ""} when the rule joins on
   * nothing).
   */
  public static Optional<String> evaluate(
      CorrelationLogic logic, List<CorrelationTest.Signal> signals) {
    if (signals.isEmpty()) {
      return Optional.empty();
    }
    int n = logic.memberCount();
    Map<String, List<List<Long>>> byKey = new LinkedHashMap<>();
    List<List<Long>> anyKey = emptyLists(n);
    long now = Long.MIN_VALUE;
    for (CorrelationTest.Signal s : signals) {
      now = Math.max(now, s.timeMillis());
      int m = logic.memberIndex(s.memberId());
      if (m < 0) {
        continue;
      }
      if (!logic.keyed(m)) {
        anyKey.get(m).add(s.timeMillis());
        continue;
      }
      for (String key :
          logic.joinKeys(m, f -> f.equals(s.field()) ? List.of(s.value()) : List.of())) {
        byKey.computeIfAbsent(key, k -> emptyLists(n)).get(m).add(s.timeMillis());
      }
    }
    if (!logic.anyKeyed()) {
      byKey.put("", emptyLists(n));
    }
    for (Map.Entry<String, List<List<Long>>> e : byKey.entrySet()) {
      long[][] times = new long[n][];
      for (int m = 0; m < n; m++) {
        List<Long> all = new ArrayList<>(e.getValue().get(m));
        all.addAll(anyKey.get(m));
        times[m] = all.stream().mapToLong(Long::longValue).sorted().toArray();
      }
      if (logic.decide(now, times, Long.MIN_VALUE) != null) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  private static List<List<Long>> emptyLists(int n) {
    List<List<Long>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
    }
    return out;
  }
}
