package dev.margay.flink;

import java.util.Objects;

/**
 * One match as one correlation rule's signal: the rule, the join key (the joined values, U+001F
 * between criteria; {@code ""} when the rule joins on nothing), which member it feeds and its event
 * time (epoch ms). A mutable Flink POJO (public fields, no-argument constructor) so it travels and
 * sits in state with {@code pipeline.generic-types: false}; treat it as a value once built.
 */
public class SignalRecord {
  /** The correlation rule's RuleID. */
  public String correlationRule;

  /** The join key, as {@link dev.margay.engine.CorrelationLogic#joinKeys} builds it. */
  public String joinKey;

  /** The member's index in the rule. */
  public int member;

  /** The signal's event time, epoch milliseconds. */
  public long time;

  public SignalRecord() {}

  public SignalRecord(String correlationRule, String joinKey, int member, long time) {
    this.correlationRule = correlationRule;
    this.joinKey = joinKey;
    this.member = member;
    this.time = time;
  }

  /** {@code correlationRule + '\0' + joinKey}: the key of the correlation operator's state. */
  public String stateKey() {
    return correlationRule + '\0' + joinKey;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignalRecord s
        && member == s.member
        && time == s.time
        && Objects.equals(correlationRule, s.correlationRule)
        && Objects.equals(joinKey, s.joinKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(correlationRule, joinKey, member, time);
  }

  @Override
  public String toString() {
    return correlationRule + "[" + joinKey + "] member " + member + " at " + time;
  }
}
