package dev.margay.condition;

import java.util.List;

/**
 * {@code Condition: AlwaysTrue} or {@code AlwaysFalse}; {@code true} / {@code false} in compact
 * syntax.
 */
public record Always(boolean value) implements Condition {
  public static final Always TRUE = new Always(true);
  public static final Always FALSE = new Always(false);

  /** None: a leaf. */
  @Override
  public List<Condition> children() {
    return List.of();
  }

  @Override
  public <R> R accept(ConditionVisitor<R> visitor) {
    return visitor.visitAlways(this);
  }

  @Override
  public String toString() {
    return ConditionPrinter.print(this);
  }
}
