package dev.margay.condition;

import java.util.List;
import java.util.Objects;

/**
 * {@code Condition: IsIn} / {@code IsNotIn} with {@code Values}; {@code f in [...]} / {@code f not
 * in [...]} in compact syntax. Membership uses the same equality as {@link Comparison#EQUALS}. The
 * values are all strings, all numbers or all booleans, and there is at least one.
 */
public record Membership(Field field, List<Literal> values, boolean negated) implements Condition {
  public Membership {
    Objects.requireNonNull(field, "field");
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          (negated ? "IsNotIn" : "IsIn") + " needs at least one value");
    }
    Literal.Kind kind = values.get(0).kind();
    for (Literal v : values) {
      if (v.kind() != kind) {
        throw new IllegalArgumentException(
            "Values must be all strings, all numbers or all booleans; found "
                + kind.name().toLowerCase(java.util.Locale.ROOT)
                + " and "
                + v.kind().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
  }

  /** The {@code Condition:} name. */
  public String pantherName() {
    return negated ? "IsNotIn" : "IsIn";
  }

  /** None: a leaf. */
  @Override
  public List<Condition> children() {
    return List.of();
  }

  @Override
  public <R> R accept(ConditionVisitor<R> visitor) {
    return visitor.visitMembership(this);
  }

  @Override
  public String toString() {
    return ConditionPrinter.print(this);
  }
}
