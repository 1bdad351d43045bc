package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.Literal;
import java.math.BigDecimal;

/**
 * Comparisons between event values and literals or other event values, with Margay's typing rules.
 */
final class JsonValues {
  private JsonValues() {}

  /** Sentinel for values that have no numeric order (NaN, infinities). */
  static final int INCOMPARABLE = Integer.MIN_VALUE;

  /**
   * A literal prepared for comparisons: its string, number (also as a long when integral) or
   * boolean.
   */
  static final class Prepared {
    final Literal.Kind kind;
    final String string;
    final BigDecimal number;
    final boolean isLong;
    final long longValue;
    final boolean bool;

    Prepared(Literal literal) {
      kind = literal.kind();
      string = literal.text();
      number = literal instanceof Literal.Num n ? n.value() : null;
      boolean integral = number != null && number.stripTrailingZeros().scale() <= 0;
      long l = 0;
      boolean fits = false;
      if (integral) {
        try {
          l = number.longValueExact();
          fits = true;
        } catch (ArithmeticException e) {
          fits = false;
        }
      }
      isLong = fits;
      longValue = l;
      bool = literal instanceof Literal.Bool b && b.value();
    }

    /** Type-strict equality: strings with strings, numbers numerically, booleans with booleans. */
    boolean matches(JsonNode v) {
      return switch (kind) {
        case STRING -> v.isTextual() && v.textValue().equals(string);
        case NUMBER -> v.isNumber() && compareNumber(v) == 0;
        case BOOLEAN -> v.isBoolean() && v.booleanValue() == bool;
      };
    }

    /** Case-insensitive for strings; as {@link #matches} otherwise. */
    boolean matchesIgnoreCase(JsonNode v) {
      return kind == Literal.Kind.STRING
          ? v.isTextual() && v.textValue().equalsIgnoreCase(string)
          : matches(v);
    }

    /**
     * Compares a number node with this numeric literal; {@link #INCOMPARABLE} when it has no order.
     */
    int compareNumber(JsonNode v) {
      if (isLong && (v.isInt() || v.isLong())) {
        return Long.compare(v.longValue(), longValue);
      }
      return compareDecimal(v, number);
    }
  }

  static int compareDecimal(JsonNode v, BigDecimal other) {
    if ((v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue())) {
      return INCOMPARABLE;
    }
    return Integer.signum(v.decimalValue().compareTo(other));
  }

  /** Equality between two event values (multi-key comparisons). */
  static boolean equal(JsonNode a, JsonNode b) {
    if (a.isTextual() || b.isTextual()) {
      return a.isTextual() && b.isTextual() && a.textValue().equals(b.textValue());
    }
    if (a.isNumber() || b.isNumber()) {
      return a.isNumber() && b.isNumber() && compareNumbers(a, b) == 0;
    }
    return a.equals(b);
  }

  static int compareNumbers(JsonNode a, JsonNode b) {
    if ((a.isInt() || a.isLong()) && (b.isInt() || b.isLong())) {
      return Long.compare(a.longValue(), b.longValue());
    }
    if (!(b.isDouble() || b.isFloat()) || Double.isFinite(b.doubleValue())) {
      return compareDecimal(a, b.decimalValue());
    }
    return INCOMPARABLE;
  }

  /** Case-insensitive substring search without allocating. */
  static boolean containsIgnoreCase(String haystack, String needle) {
    int n = needle.length();
    for (int i = 0, last = haystack.length() - n; i <= last; i++) {
      if (haystack.regionMatches(true, i, needle, 0, n)) {
        return true;
      }
    }
    return false;
  }

  static boolean endsWithIgnoreCase(String s, String suffix) {
    int start = s.length() - suffix.length();
    return start >= 0 && s.regionMatches(true, start, suffix, 0, suffix.length());
  }
}
