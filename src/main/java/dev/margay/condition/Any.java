package dev.margay.condition;

import java.util.List;

/**
 * Simple Detections' {@code Any:} combinator. True when at least one child is true; {@code Any: []}
 * is false.
 */
public record Any(List<Condition> children) implements Condition {
  public Any {
    children = List.copyOf(children);
  }

  /** Convenience factory. */
  public static Any of(Condition... children) {
    return new Any(List.of(children));
  }

  @Override
  public <R> R accept(ConditionVisitor<R> visitor) {
    return visitor.visitAny(this);
  }

  @Override
  public String toString() {
    return ConditionPrinter.print(this);
  }
}
