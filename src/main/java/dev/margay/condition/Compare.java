package dev.margay.condition;

import java.util.List;
import java.util.Objects;

/**
 * A key/value match expression: {@code KeyPath: f, Condition: Equals, Value: "x"}, or {@code f ==
 * "x"} in compact syntax.
 */
public record Compare(Field field, Comparison comparison, Literal value) implements Condition {
  public Compare {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(comparison, "comparison");
    Objects.requireNonNull(value, "value");
    if (comparison.isNumeric() && value.kind() != Literal.Kind.NUMBER) {
      throw new IllegalArgumentException(
          comparison.pantherName() + " needs a number, found " + value);
    }
    if (comparison == Comparison.IN_CIDR) {
      if (value.kind() != Literal.Kind.STRING) {
        throw new IllegalArgumentException("IsIPAddressInCIDR needs a CIDR string, found " + value);
      }
      Cidr.parse(value.text());
    }
  }

  /** None: a leaf. */
  @Override
  public List<Condition> children() {
    return List.of();
  }

  @Override
  public <R> R accept(ConditionVisitor<R> visitor) {
    return visitor.visitCompare(this);
  }

  @Override
  public String toString() {
    return ConditionPrinter.print(this);
  }
}
