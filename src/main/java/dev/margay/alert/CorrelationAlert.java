package dev.margay.alert;

import dev.margay.rule.Severity;
import java.util.List;
import java.util.Objects;

/**
 * A correlation rule's alert: the rule, its own severity, its title ({@code DisplayName}, else
 * {@code RuleID}), the joined value(s), when it was decided and the signals that made it. Immutable.
 *
 * @param joinValues the value of each {@code MatchCriteria} criterion (one for a Sequence's {@code Match});
 *     empty when the rule joins on nothing
 * @param timeMillis the time the rule matched at: the latest contributing signal's time (epoch ms)
 * @param windowStartMillis the start of the lookback window ending at {@code timeMillis}
 * @param signals every contributing signal, by member then time
 */
public record CorrelationAlert(String ruleId, Severity severity, String title, List<String> joinValues,
    long timeMillis, long windowStartMillis, List<Contribution> signals) {

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
}
