package dev.margay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margay.condition.Comparison;
import dev.margay.condition.Literal;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The comparison table: a literal and another field holding the same value compare alike, so the
 * single- and multi-key forms of a condition agree.
 */
class ComparisonTestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<JsonNode> EVENT_VALUES =
      values(
          "[\"abc\", \"ABC\", \"xabcx\", \"ab\", \"\", \"10.1.2.3\", \"10.0.0.0/8\", \"::1\","
              + " 1, 2, 2.5, 1.0, -7, 12345678901234567890, true, false,"
              + " [\"abc\", 1], [\"ABC\"], [], {\"a\": 1}]");

  private static List<JsonNode> values(String array) {
    try {
      List<JsonNode> out = new java.util.ArrayList<>();
      JSON.readTree(array).forEach(out::add);
      return List.copyOf(out);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertAgree(Comparison op, Literal literal, JsonNode asNode) {
    ComparisonTests.Row row = ComparisonTests.of(op);
    ComparisonTests.LiteralTests tests = row.literal(new JsonValues.Prepared(literal));
    ComparisonTests.PairTest pair = row.pair();
    for (JsonNode v : EVENT_VALUES) {
      assertThat(tests.single().test(v))
          .as("%s %s against %s", op, literal, v)
          .isEqualTo(pair.test(v, asNode));
    }
  }

  @Test
  void stringLiterals_compareAsAFieldHoldingTheString() {
    for (Comparison op : Comparison.values()) {
      if (op.isNumeric()) {
        continue;
      }
      for (String s : List.of("abc", "AB", "", "10.0.0.0/8", "::/0")) {
        if (op == Comparison.IN_CIDR && !s.contains("/")) {
          continue;
        }
        assertAgree(op, Literal.of(s), JSON.getNodeFactory().textNode(s));
      }
    }
  }

  @Test
  void numberAndBooleanLiterals_compareAsAFieldHoldingTheValue_forEqualityAndOrder() {
    List<Comparison> typed =
        List.of(
            Comparison.EQUALS,
            Comparison.I_EQUALS,
            Comparison.GREATER_THAN,
            Comparison.GREATER_THAN_OR_EQUALS,
            Comparison.LESS_THAN,
            Comparison.LESS_THAN_OR_EQUALS);
    for (Comparison op : typed) {
      for (String n : List.of("1", "1.0", "2.5", "-7", "12345678901234567890")) {
        BigDecimal d = new BigDecimal(n);
        assertAgree(op, Literal.of(d), JSON.getNodeFactory().numberNode(d));
      }
      if (!op.isNumeric()) {
        assertAgree(op, Literal.of(true), JSON.getNodeFactory().booleanNode(true));
      }
    }
  }

  @Test
  void negatedComparisons_shareTheirTwinsRow() {
    for (Comparison op : Comparison.values()) {
      assertThat(ComparisonTests.of(op)).isSameAs(ComparisonTests.of(op.positive()));
    }
  }

  @Test
  void contains_searchesAStringForText_andAnArrayForAnEqualElement() {
    ComparisonTests.LiteralTests contains =
        ComparisonTests.of(Comparison.I_CONTAINS)
            .literal(new JsonValues.Prepared(Literal.of("abc")));
    assertThat(contains.single().test(JSON.getNodeFactory().textNode("xABCx"))).isTrue();
    assertThat(contains.single().test(values("[[\"x\", \"ABC\"]]").get(0))).isTrue();
    assertThat(contains.single().test(values("[[\"xabcx\"]]").get(0))).isFalse();
    assertThat(contains.element().test(JSON.getNodeFactory().textNode("xabcx"))).isFalse();
    assertThat(contains.element().test(JSON.getNodeFactory().textNode("ABC"))).isTrue();
  }
}
