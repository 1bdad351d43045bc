package dev.margay.condition;

import java.util.List;
import java.util.Objects;

/**
 * A multi-key match expression: {@code Condition: DoesNotEqual, Values: [{KeyPath: a}, {KeyPath:
 * b}]}, or {@code a != b} in compact syntax. Compares the left field's value with the right
 * field's.
 */
public record CompareFields(Field left, Comparison comparison, Field right) implements Condition {
  public CompareFields {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(comparison, "comparison");
    Objects.requireNonNull(right, "right");
  }

  /** None: a leaf. */
  @Override
  public List<Condition> children() {
    return List.of();
  }

  @Override
  public <R> R accept(ConditionVisitor<R> visitor) {
    return visitor.visitCompareFields(this);
  }

  @Override
  public String toString() {
    return ConditionPrinter.print(this);
  }
}
