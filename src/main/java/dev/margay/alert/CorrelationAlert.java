package dev.margay.alert;

import dev.margay.engine.CorrelationLogic;
import dev.margay.rule.Severity;
import java.util.List;
import java.util.Objects;

/**
 * A correlation rule's alert: the rule, its own severity, its title ({@code DisplayName}, else
 * {@code RuleID}), the joined value(s), when it was decided and the signals that made it.
 * Immutable.
 *
 * @param joinValues the value of each {@code MatchCriteria} criterion (one for a Sequence's {@code
 *     Match}); empty when the rule joins on nothing
 * @param timeMillis the time the rule matched at: the latest contributing signal's time (epoch ms)
 * @param windowStartMillis the start of the lookback window ending at {@code timeMillis}
 * @param signals every contributing signal, by member then time
 */
public record CorrelationAlert(
    String ruleId,
    Severity severity,
    String title,
    List<String> joinValues,
    long timeMillis,
    long windowStartMillis,
    List<Contribution> signals) {

  /** One signal that made the alert: the member, its RuleID, its time (epoch ms). */
  public record Contribution(String memberId, String ruleId, long timeMillis) {
    public Contribution {
      Objects.requireNonNull(memberId, "memberId");
      Objects.requireNonNull(ruleId, "ruleId");
    }
  }

  public CorrelationAlert {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
    joinValues = List.copyOf(joinValues);
    signals = List.copyOf(signals);
  }

  /**
   * The alert of a match of {@code logic}: decided at {@code timeMillis} for {@code joinKey} (as
   * {@link CorrelationLogic#joinKeys} builds it; ignored when the rule joins on nothing), made by
   * {@code used} (per member, the times {@link CorrelationLogic#decide} returned).
   */
  public static CorrelationAlert of(
      CorrelationLogic logic, String joinKey, long timeMillis, long[][] used) {
    dev.margay.rule.CorrelationRule rule = logic.rule();
    List<Contribution> signals = new java.util.ArrayList<>();
    for (int m = 0; m < used.length; m++) {
      for (long t : used[m]) {
        signals.add(new Contribution(logic.member(m).id(), logic.member(m).ruleId(), t));
      }
    }
    List<String> values =
        logic.anyKeyed() ? java.util.Arrays.asList(joinKey.split("\u001f", -1)) : List.of();
    return new CorrelationAlert(
        rule.id(),
        rule.severity(),
        rule.name(),
        values,
        timeMillis,
        timeMillis - logic.lookbackMillis(),
        signals);
  }
}
