package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.Comparison;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

/**
 * Comparisons between two {@code [*]} collections ({@code a[*] == b[*]}: does any pair satisfy it?)
 * in time linear in their sizes rather than trying every pair: equality by hashing one side,
 * ordering by comparing one side's extreme with the other's. Other comparisons (prefixes,
 * substrings, CIDRs) are tried pair by pair. Results are those of the pairwise definition
 * (differential tests in {@code CollectionPairsTest}).
 */
final class CollectionPairs {
  private CollectionPairs() {}

  /** Whether {@code op} between two collections is decided here (else pair by pair). */
  static boolean handles(Comparison op) {
    return switch (op) {
      case EQUALS, I_EQUALS, GREATER_THAN, GREATER_THAN_OR_EQUALS, LESS_THAN, LESS_THAN_OR_EQUALS ->
          true;
      case DOES_NOT_EQUAL,
          STARTS_WITH,
          DOES_NOT_START_WITH,
          I_STARTS_WITH,
          ENDS_WITH,
          DOES_NOT_END_WITH,
          I_ENDS_WITH,
          CONTAINS,
          DOES_NOT_CONTAIN,
          I_CONTAINS,
          IN_CIDR ->
          false;
    };
  }

  /** Whether some element of {@code left} and some element of {@code right} satisfy {@code op}. */
  static boolean anyPair(JsonNode left, JsonNode right, Comparison op) {
    return switch (op) {
      case EQUALS -> anyEqual(left, right, false);
      case I_EQUALS -> anyEqual(left, right, true);
      // Some pair has l > r exactly when the largest l exceeds the smallest r; alike for the
      // others.
      case GREATER_THAN, GREATER_THAN_OR_EQUALS -> {
        JsonNode l = max(left);
        JsonNode r = l == null ? null : min(right);
        yield r != null
            && (op == Comparison.GREATER_THAN
                ? JsonValues.compareNumbers(l, r) > 0
                : JsonValues.compareNumbers(l, r) >= 0);
      }
      case LESS_THAN, LESS_THAN_OR_EQUALS -> {
        JsonNode l = min(left);
        JsonNode r = l == null ? null : max(right);
        yield r != null
            && (op == Comparison.LESS_THAN
                ? JsonValues.compareNumbers(l, r) < 0
                : JsonValues.compareNumbers(l, r) <= 0);
      }
      default -> throw new IllegalArgumentException("not decided by hashing or extremes: " + op);
    };
  }

  private static boolean anyEqual(JsonNode left, JsonNode right, boolean ignoreCase) {
    JsonNode small = left.size() <= right.size() ? left : right;
    JsonNode large = small == left ? right : left;
    Keys keys = new Keys(ignoreCase);
    for (JsonNode e : small) {
      keys.add(e);
    }
    for (JsonNode e : large) {
      if (keys.contains(e)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Values by equality class: strings by text (case-folded for {@code IEquals}, as {@link
   * String#equalsIgnoreCase} compares), numbers by numeric value (NaN and infinities equal
   * nothing), anything else by Jackson's equality, as {@code JsonValues.equal} decides.
   */
  private static final class Keys {
    private final boolean ignoreCase;
    private Set<String> strings;
    private Set<BigDecimal> numbers;
    private Set<JsonNode> others;

    Keys(boolean ignoreCase) {
      this.ignoreCase = ignoreCase;
    }

    void add(JsonNode v) {
      if (v.isTextual()) {
        (strings == null ? strings = new HashSet<>() : strings).add(text(v));
      } else if (v.isNumber()) {
        BigDecimal n = number(v);
        if (n != null) {
          (numbers == null ? numbers = new HashSet<>() : numbers).add(n);
        }
      } else {
        (others == null ? others = new HashSet<>() : others).add(v);
      }
    }

    boolean contains(JsonNode v) {
      if (v.isTextual()) {
        return strings != null && strings.contains(text(v));
      }
      if (v.isNumber()) {
        BigDecimal n = numbers == null ? null : number(v);
        return n != null && numbers.contains(n);
      }
      return others != null && others.contains(v);
    }

    private String text(JsonNode v) {
      return ignoreCase ? fold(v.textValue()) : v.textValue();
    }
  }

  /**
   * One spelling per {@link String#equalsIgnoreCase} class: each code point upper-cased then
   * lower-cased, the same test that method applies code point by code point.
   */
  static String fold(String s) {
    StringBuilder sb = null;
    for (int i = 0, n = s.length(); i < n; ) {
      int cp = s.codePointAt(i);
      int folded = Character.toLowerCase(Character.toUpperCase(cp));
      if (folded != cp && sb == null) {
        sb = new StringBuilder(n).append(s, 0, i);
      }
      if (sb != null) {
        sb.appendCodePoint(folded);
      }
      i += Character.charCount(cp);
    }
    return sb == null ? s : sb.toString();
  }

  /** A finite number's normalized value; null for NaN and infinities, which equal nothing. */
  private static BigDecimal number(JsonNode v) {
    if (!finite(v)) {
      return null;
    }
    return NumberSet.normalize(
        v.isInt() || v.isLong() ? BigDecimal.valueOf(v.longValue()) : v.decimalValue());
  }

  private static boolean finite(JsonNode v) {
    return v.isNumber() && (!(v.isDouble() || v.isFloat()) || Double.isFinite(v.doubleValue()));
  }

  private static JsonNode max(JsonNode values) {
    JsonNode best = null;
    for (JsonNode v : values) {
      if (finite(v) && (best == null || JsonValues.compareNumbers(v, best) > 0)) {
        best = v;
      }
    }
    return best;
  }

  private static JsonNode min(JsonNode values) {
    JsonNode best = null;
    for (JsonNode v : values) {
      if (finite(v) && (best == null || JsonValues.compareNumbers(v, best) < 0)) {
        best = v;
      }
    }
    return best;
  }
}
