package dev.margay.condition;

import java.util.List;

/**
 * Simple Detections' {@code OnlyOne:} combinator. True when exactly one child is true (not XOR
 * parity: three true children give false); {@code OnlyOne: []} is false.
 */
public record OnlyOne(List<Condition> children) implements Condition {
  public OnlyOne {
    children = List.copyOf(children);
  }

  /** Convenience factory. */
  public static OnlyOne of(Condition... children) {
    return new OnlyOne(List.of(children));
  }

  @Override
  public <R> R accept(ConditionVisitor<R> visitor) {
    return visitor.visitOnlyOne(this);
  }

  @Override
  public String toString() {
    return ConditionPrinter.print(this);
  }
}
