package dev.margay.condition;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A {@code Value} of a rule: a string, a number (kept as written, e.g. {@code 22} or {@code
 * 2048.0}) or a boolean. Never null: Simple Detections have no null literal.
 */
public record Literal(Object value) {

  /** The three kinds of literal. */
  public enum Kind {
    STRING,
    NUMBER,
    BOOLEAN
  }

  public Literal {
    Objects.requireNonNull(value, "value");
    if (!(value instanceof String || value instanceof BigDecimal || value instanceof Boolean)) {
      throw new IllegalArgumentException(
          "a literal is a String, BigDecimal or Boolean, not " + value.getClass());
    }
  }

  public static Literal of(String value) {
    return new Literal(value);
  }

  public static Literal of(boolean value) {
    return new Literal(value);
  }

  public static Literal of(BigDecimal value) {
    return new Literal(value);
  }

  public static Literal of(long value) {
    return new Literal(BigDecimal.valueOf(value));
  }

  public Kind kind() {
    if (value instanceof String) {
      return Kind.STRING;
    }
    return value instanceof BigDecimal ? Kind.NUMBER : Kind.BOOLEAN;
  }

  /** The value as text: the string itself, the number as written, {@code true}/{@code false}. */
  public String text() {
    return value instanceof BigDecimal number ? number.toString() : value.toString();
  }

  @Override
  public String toString() {
    return ConditionPrinter.printLiteral(this);
  }
}
