package dev.margay.condition;

/**
 * {@code Condition: AlwaysTrue} or {@code AlwaysFalse}; {@code true} / {@code false} in compact
 * syntax.
 */
public record Always(boolean value) implements Condition {
  public static final Always TRUE = new Always(true);
  public static final Always FALSE = new Always(false);

  @Override
  public <R> R accept(ConditionVisitor<R> visitor) {
    return visitor.visitAlways(this);
  }

  @Override
  public String toString() {
    return ConditionPrinter.print(this);
  }
}
