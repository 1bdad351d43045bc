package dev.margay.condition;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A {@code Value} of a rule: a string ({@link Str}), a number kept as written, e.g. {@code 22} or
 * {@code 2048.0} ({@link Num}), or a boolean ({@link Bool}). Never null: Simple Detections have no
 * null literal. Immutable; equal when of the same kind with equal values ({@link
 * BigDecimal#equals}: {@code 1} and {@code 1.0} differ as literals, not as comparisons).
 */
public sealed interface Literal {

  /** The three kinds of literal. */
  enum Kind {
    STRING,
    NUMBER,
    BOOLEAN
  }

  /** A string literal. */
  record Str(String value) implements Literal {
    public Str {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Kind kind() {
      return Kind.STRING;
    }

    @Override
    public String text() {
      return value;
    }

    @Override
    public String toString() {
      return ConditionPrinter.printLiteral(this);
    }
  }

  /** A number literal, with the scale it was written with. */
  record Num(BigDecimal value) implements Literal {
    public Num {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Kind kind() {
      return Kind.NUMBER;
    }

    @Override
    public String text() {
      return value.toString();
    }

    @Override
    public String toString() {
      return ConditionPrinter.printLiteral(this);
    }
  }

  /** A boolean literal. */
  record Bool(boolean value) implements Literal {
    @Override
    public Kind kind() {
      return Kind.BOOLEAN;
    }

    @Override
    public String text() {
      return Boolean.toString(value);
    }

    @Override
    public String toString() {
      return ConditionPrinter.printLiteral(this);
    }
  }

  static Literal of(String value) {
    return new Str(value);
  }

  static Literal of(boolean value) {
    return new Bool(value);
  }

  static Literal of(BigDecimal value) {
    return new Num(value);
  }

  static Literal of(long value) {
    return new Num(BigDecimal.valueOf(value));
  }

  /** Which of the three kinds this is. */
  Kind kind();

  /** The value as text: the string itself, the number as written, {@code true}/{@code false}. */
  String text();
}
