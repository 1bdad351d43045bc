package dev.margay.condition;

import java.util.List;

/**
 * Simple Detections' {@code All:} combinator. True when every child is true; {@code All: []} is
 * true. A {@code Detection} list and every expression list is an implicit {@code All}.
 */
public record All(List<Condition> children) implements Condition {
  public All {
    children = List.copyOf(children);
  }

  /** Convenience factory. */
  public static All of(Condition... children) {
    return new All(List.of(children));
  }

  @Override
  public List<Condition> conjuncts() {
    return children;
  }

  @Override
  public <R> R accept(ConditionVisitor<R> visitor) {
    return visitor.visitAll(this);
  }

  @Override
  public String toString() {
    return ConditionPrinter.print(this);
  }
}
