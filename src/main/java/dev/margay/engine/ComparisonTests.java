package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.Cidr;
import dev.margay.condition.Comparison;
import dev.margay.condition.IpAddress;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The semantics of the positive comparisons, one row each ({@link #of}); a negated comparison is
 * its positive twin's negation, applied by the caller. Each row yields the test of an event value
 * against a literal (prepared once) and against another event value (multi-key conditions), so the
 * two cannot drift apart. Source: Panther's Simple Detection conditions and README "Semantics"
 * (typing: strings compare with strings, numbers numerically, booleans with booleans). Rows are
 * immutable; tests are stateless and thread-safe.
 */
final class ComparisonTests {
  private ComparisonTests() {}

  /** Two event values: the field's value and the other field's. */
  @FunctionalInterface
  interface PairTest {
    boolean test(JsonNode left, JsonNode right);
  }

  /**
   * The literal form: {@code single} for a value, {@code element} for each value of a {@code [*]}
   * collection (they differ only for {@code Contains}, where an array value is searched).
   */
  record LiteralTests(Predicate<JsonNode> single, Predicate<JsonNode> element) {}

  /** One row of the table. */
  sealed interface Row permits Equality, Text, Contains, Order, InCidr {
    LiteralTests literal(JsonValues.Prepared literal);

    PairTest pair();
  }

  private static final Map<Comparison, Row> ROWS = rows();

  /** The row of a comparison; a negated one shares its positive twin's (the same instance). */
  static Row of(Comparison comparison) {
    return ROWS.get(comparison);
  }

  private static Map<Comparison, Row> rows() {
    Map<Comparison, Row> rows = new EnumMap<>(Comparison.class);
    for (Comparison c : Comparison.values()) {
      rows.put(c, c.isNegated() ? rows.get(c.positive()) : row(c));
    }
    return Collections.unmodifiableMap(rows);
  }

  private static Row row(Comparison comparison) {
    return switch (comparison) {
      case EQUALS, DOES_NOT_EQUAL -> new Equality(false);
      case I_EQUALS -> new Equality(true);
      case STARTS_WITH, DOES_NOT_START_WITH -> new Text(String::startsWith);
      case I_STARTS_WITH -> new Text((s, p) -> s.regionMatches(true, 0, p, 0, p.length()));
      case ENDS_WITH, DOES_NOT_END_WITH -> new Text(String::endsWith);
      case I_ENDS_WITH -> new Text(JsonValues::endsWithIgnoreCase);
      case CONTAINS, DOES_NOT_CONTAIN -> new Contains(String::contains, new Equality(false));
      case I_CONTAINS -> new Contains(JsonValues::containsIgnoreCase, new Equality(true));
      case GREATER_THAN -> new Order(c -> c > 0);
      case GREATER_THAN_OR_EQUALS -> new Order(c -> c >= 0);
      case LESS_THAN -> new Order(c -> c != JsonValues.INCOMPARABLE && c < 0);
      case LESS_THAN_OR_EQUALS -> new Order(c -> c != JsonValues.INCOMPARABLE && c <= 0);
      case IN_CIDR -> new InCidr();
    };
  }

  /** Typed equality; {@code ignoreCase} between two strings only. */
  record Equality(boolean ignoreCase) implements Row {
    @Override
    public LiteralTests literal(JsonValues.Prepared lit) {
      Predicate<JsonNode> test = ignoreCase ? lit::matchesIgnoreCase : lit::matches;
      return new LiteralTests(test, test);
    }

    @Override
    public PairTest pair() {
      return ignoreCase ? Equality::equalIgnoreCase : JsonValues::equal;
    }

    private static boolean equalIgnoreCase(JsonNode l, JsonNode r) {
      return l.isTextual() && r.isTextual()
          ? l.textValue().equalsIgnoreCase(r.textValue())
          : JsonValues.equal(l, r);
    }
  }

  /**
   * A test of a string value against the other string; a literal of another kind is taken as its
   * text ({@code StartsWith: 22} tests the prefix "22").
   */
  record Text(BiPredicate<String, String> test) implements Row {
    @Override
    public LiteralTests literal(JsonValues.Prepared lit) {
      String s = lit.string;
      Predicate<JsonNode> single = v -> v.isTextual() && test.test(v.textValue(), s);
      return new LiteralTests(single, single);
    }

    @Override
    public PairTest pair() {
      return (l, r) -> l.isTextual() && r.isTextual() && test.test(l.textValue(), r.textValue());
    }
  }

  /** A substring of a string value, or an element (by {@code element} equality) of an array. */
  record Contains(BiPredicate<String, String> text, Equality element) implements Row {
    @Override
    public LiteralTests literal(JsonValues.Prepared lit) {
      String s = lit.string;
      Predicate<JsonNode> equal = element.literal(lit).single();
      Predicate<JsonNode> single =
          v -> v.isTextual() ? text.test(v.textValue(), s) : v.isArray() && anyElement(v, equal);
      return new LiteralTests(single, equal);
    }

    @Override
    public PairTest pair() {
      PairTest equal = element.pair();
      return (l, r) ->
          l.isTextual()
              ? r.isTextual() && text.test(l.textValue(), r.textValue())
              : l.isArray() && anyElement(l, e -> equal.test(e, r));
    }
  }

  /**
   * Numeric order: {@code test} of the sign of value minus other, or of {@link
   * JsonValues#INCOMPARABLE} (NaN, infinities).
   */
  record Order(IntPredicate test) implements Row {
    @Override
    public LiteralTests literal(JsonValues.Prepared lit) {
      Predicate<JsonNode> single = v -> v.isNumber() && test.test(lit.compareNumber(v));
      return new LiteralTests(single, single);
    }

    @Override
    public PairTest pair() {
      return (l, r) -> l.isNumber() && r.isNumber() && test.test(JsonValues.compareNumbers(l, r));
    }
  }

  /**
   * An IP address string inside a CIDR; a literal CIDR is parsed once, another field's per event (a
   * value that is not a CIDR does not match).
   */
  record InCidr() implements Row {
    @Override
    public LiteralTests literal(JsonValues.Prepared lit) {
      Cidr cidr = Cidr.parse(lit.string);
      Predicate<JsonNode> single =
          v -> {
            if (!v.isTextual()) {
              return false;
            }
            byte[] address = IpAddress.parse(v.textValue());
            return address != null && cidr.contains(address);
          };
      return new LiteralTests(single, single);
    }

    @Override
    public PairTest pair() {
      return (l, r) -> {
        if (!l.isTextual() || !r.isTextual()) {
          return false;
        }
        byte[] address = IpAddress.parse(l.textValue());
        if (address == null) {
          return false;
        }
        try {
          return Cidr.parse(r.textValue()).contains(address);
        } catch (IllegalArgumentException e) {
          return false; // the right-hand field is not a CIDR: no match
        }
      };
    }
  }

  static boolean anyElement(JsonNode array, Predicate<JsonNode> test) {
    for (JsonNode e : array) {
      if (test.test(e)) {
        return true;
      }
    }
    return false;
  }
}
