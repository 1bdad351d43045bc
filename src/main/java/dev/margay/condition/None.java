package dev.margay.condition;

import java.util.List;

/**
 * Simple Detections' {@code None:} combinator. True when no child is true (NOR); with one child
 * this is NOT, and {@code None: []} is true.
 */
public record None(List<Condition> children) implements Condition {
  public None {
    children = List.copyOf(children);
  }

  /** Convenience factory. */
  public static None of(Condition... children) {
    return new None(List.of(children));
  }

  @Override
  public <R> R accept(ConditionVisitor<R> visitor) {
    return visitor.visitNone(this);
  }

  @Override
  public String toString() {
    return ConditionPrinter.print(this);
  }
}
