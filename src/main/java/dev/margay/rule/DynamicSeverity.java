package dev.margay.rule;

import dev.margay.condition.Condition;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code DynamicSeverities} entry: when {@code conditions} hold, the match's severity becomes
 * {@code changeTo}; an empty {@code changeTo} is Panther's {@code DEFAULT} (keep the base
 * severity).
 */
public record DynamicSeverity(Optional<Severity> changeTo, Condition conditions) {
  public DynamicSeverity {
    Objects.requireNonNull(changeTo, "changeTo");
    Objects.requireNonNull(conditions, "conditions");
  }
}
