package dev.margay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.margay.condition.ConditionParser;
import dev.margay.event.Event;
import dev.margay.rule.Rule;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reproduction 13, engine side: per-event work linear in the event's size and the rules' size. The
 * bounds are on work counted (calls on the event's own value nodes), never on time, and every fast
 * path is checked against the pairwise or linear definition it replaces.
 */
class LinearWorkTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static RuleEngine engine(String detection) {
    Rule r =
        Rule.builder("R")
            .logTypes("AWS.CloudTrail")
            .detection(ConditionParser.parse(detection))
            .build();
    return RuleEngine.builder().addRule(r).build();
  }

  private static boolean matches(RuleEngine engine, ObjectNode event) {
    return !engine.evaluate(Event.of(event)).isEmpty();
  }

  /** A string that counts how often its text is read. */
  private static final class CountingText extends TextNode {
    private static final long serialVersionUID = 1L;
    private final transient AtomicLong reads;

    CountingText(String v, AtomicLong reads) {
      super(v);
      this.reads = reads;
    }

    @Override
    public String textValue() {
      reads.incrementAndGet();
      return super.textValue();
    }
  }

  /** An integer that counts how often its value is read. */
  private static final class CountingInt extends IntNode {
    private static final long serialVersionUID = 1L;
    private final transient AtomicLong reads;

    CountingInt(int v, AtomicLong reads) {
      super(v);
      this.reads = reads;
    }

    @Override
    public long longValue() {
      reads.incrementAndGet();
      return super.longValue();
    }
  }

  /**
   * A double that counts how often it is turned into a decimal (what comparing it with a literal
   * costs).
   */
  private static final class CountingDouble extends DoubleNode {
    private static final long serialVersionUID = 1L;
    private final transient AtomicLong reads;

    CountingDouble(double v, AtomicLong reads) {
      super(v);
      this.reads = reads;
    }

    @Override
    public BigDecimal decimalValue() {
      reads.incrementAndGet();
      return super.decimalValue();
    }
  }

  /**
   * {@code xs[*] == ys[*]} over 5,000 strings each: every pair is 25 M comparisons; hashing reads
   * each once.
   */
  @ParameterizedTest
  @ValueSource(strings = {"xs[*] == ys[*]", "xs[*] i_equals ys[*]", "xs[*] != ys[*]"})
  void stringCollections_areComparedByHashing_readingEachValueAConstantNumberOfTimes(
      String detection) {
    int n = 5_000;
    AtomicLong reads = new AtomicLong();
    ObjectNode event = F.objectNode();
    ArrayNode xs = event.putArray("xs");
    ArrayNode ys = event.putArray("ys");
    for (int i = 0; i < n; i++) {
      xs.add(new CountingText("x-" + i, reads));
      ys.add(new CountingText("y-" + i, reads));
    }
    RuleEngine engine = engine(detection);
    boolean negated = detection.contains("!=");
    assertThat(matches(engine, event)).isEqualTo(negated);
    assertThat(reads.get())
        .as("text reads for %d + %d values", n, n)
        .isLessThanOrEqualTo(4L * 2 * n);

    ys.add(new CountingText(detection.contains("i_equals") ? "X-4999" : "x-4999", reads));
    assertThat(matches(engine, event)).isEqualTo(!negated);
  }

  @ParameterizedTest
  @ValueSource(strings = {"xs[*] > ys[*]", "xs[*] >= ys[*]", "xs[*] < ys[*]", "xs[*] <= ys[*]"})
  void numberCollections_areOrderedByTheirExtremes_readingEachValueAConstantNumberOfTimes(
      String detection) {
    int n = 5_000;
    AtomicLong reads = new AtomicLong();
    ObjectNode event = F.objectNode();
    ArrayNode xs = event.putArray("xs");
    ArrayNode ys = event.putArray("ys");
    for (int i = 0; i < n; i++) {
      xs.add(new CountingInt(i, reads));
      ys.add(new CountingInt(n + i, reads)); // every x below every y
    }
    boolean less = detection.contains("<");
    assertThat(matches(engine(detection), event)).isEqualTo(less);
    assertThat(reads.get()).as("value reads").isLessThanOrEqualTo(8L * 2 * n);
  }

  /**
   * Reproduction 13: a numeric IsIn of 1,000 ports against an event value of 1e300 compared it with
   * every port; hashed by normalized value it is one lookup.
   */
  @Test
  void numericIsIn_looksAValueUpOnce_whateverItsForm() {
    StringBuilder ports = new StringBuilder();
    for (int p = 1; p <= 1000; p++) {
      ports.append(p == 1 ? "" : ", ").append(p);
    }
    RuleEngine engine = engine("port in [" + ports + "]");
    AtomicLong reads = new AtomicLong();
    ObjectNode event = F.objectNode();
    event.set("port", new CountingDouble(1e300, reads));
    assertThat(matches(engine, event)).isFalse();
    assertThat(reads.get()).as("decimal conversions of the event value").isLessThanOrEqualTo(1);
    event.set("port", new CountingDouble(22.0, reads));
    assertThat(matches(engine, event)).isTrue();
  }

  @Test
  void numericIsIn_comparesNumerically_asEqualsDoes() {
    RuleEngine engine =
        engine("v in [22, 0, 1e300, 2.5, 100000000000000000000, -9223372036854775808]");
    List<JsonNode> in =
        List.of(
            IntNode.valueOf(22),
            LongNode.valueOf(22),
            DoubleNode.valueOf(22.0),
            DecimalNode.valueOf(new BigDecimal("2.2E+1")),
            BigIntegerNode.valueOf(BigInteger.valueOf(22)),
            DoubleNode.valueOf(-0.0),
            IntNode.valueOf(0),
            DoubleNode.valueOf(1e300),
            DoubleNode.valueOf(2.5),
            DecimalNode.valueOf(new BigDecimal("2.50")),
            BigIntegerNode.valueOf(new BigInteger("100000000000000000000")),
            DoubleNode.valueOf(1e20),
            LongNode.valueOf(Long.MIN_VALUE));
    List<JsonNode> out =
        List.of(
            IntNode.valueOf(23),
            DoubleNode.valueOf(22.000001),
            DoubleNode.valueOf(Double.NaN),
            DoubleNode.valueOf(Double.POSITIVE_INFINITY),
            TextNode.valueOf("22"),
            BooleanNode.TRUE,
            LongNode.valueOf(Long.MAX_VALUE),
            DoubleNode.valueOf(1e299),
            F.arrayNode().add(22));
    for (JsonNode v : in) {
      assertThat(matches(engine, F.objectNode().set("v", v)))
          .as("%s (%s)", v, v.getClass().getSimpleName())
          .isTrue();
    }
    for (JsonNode v : out) {
      assertThat(matches(engine, F.objectNode().set("v", v)))
          .as("%s (%s)", v, v.getClass().getSimpleName())
          .isFalse();
    }
    assertThat(matches(engine("v not in [22, 23]"), F.objectNode().put("v", 22.0))).isFalse();
    assertThat(matches(engine("v not in [22, 23]"), F.objectNode().put("v", 24))).isTrue();
  }

  /**
   * The linear paths decide exactly what trying every pair decides: each random pair of collections
   * is checked against the same comparison evaluated on each pair of single values.
   */
  @ParameterizedTest
  @ValueSource(strings = {"==", "!=", "i_equals", ">", ">=", "<", "<="})
  void collectionComparisons_agreeWithEveryPairTriedOneByOne(String op) {
    RuleEngine many = engine("xs[*] " + op + " ys[*]");
    RuleEngine single = engine("x " + op + " y");
    boolean negated = op.equals("!=");
    Random random = new Random(op.hashCode());
    for (int round = 0; round < 400; round++) {
      List<JsonNode> xs = values(random);
      List<JsonNode> ys = values(random);
      boolean anyPair = false;
      for (JsonNode x : xs) {
        for (JsonNode y : ys) {
          anyPair |= matches(single, F.objectNode().<ObjectNode>set("x", x).set("y", y)) != negated;
        }
      }
      ObjectNode event = F.objectNode();
      event.putArray("xs").addAll(xs);
      event.putArray("ys").addAll(ys);
      boolean expected = xs.isEmpty() || ys.isEmpty() ? negated : anyPair != negated;
      assertThat(matches(many, event)).as("%s %s %s", xs, op, ys).isEqualTo(expected);
    }
  }

  private static final String[] WORDS = {
    "a",
    "A",
    "b",
    "İ",
    "i",
    "ı",
    "I",
    "ß",
    "SS",
    "\uD801\uDC00",
    "\uD801\uDC28",
    "Σ",
    "σ",
    "ς",
    "x-1",
    "X-1",
    "22",
    ""
  };

  private static List<JsonNode> values(Random random) {
    List<JsonNode> out = new ArrayList<>();
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(11)) {
        case 0, 1, 2 -> out.add(TextNode.valueOf(WORDS[random.nextInt(WORDS.length)]));
        case 3 -> out.add(IntNode.valueOf(random.nextInt(5) - 2));
        case 4 -> out.add(LongNode.valueOf(random.nextInt(5) - 2));
        case 5 ->
            out.add(
                DoubleNode.valueOf(
                    random.nextBoolean() ? random.nextInt(5) - 2 : (random.nextInt(9) - 4) / 2.0));
        case 6 ->
            out.add(
                DoubleNode.valueOf(
                    new double[] {
                          Double.NaN,
                          Double.POSITIVE_INFINITY,
                          Double.NEGATIVE_INFINITY,
                          -0.0,
                          1e300
                        }
                        [random.nextInt(5)]));
        case 7 ->
            out.add(
                DecimalNode.valueOf(
                    new BigDecimal(random.nextInt(5) - 2).setScale(random.nextInt(3))));
        case 8 -> out.add(BigIntegerNode.valueOf(BigInteger.valueOf(random.nextInt(5) - 2)));
        case 9 -> out.add(BooleanNode.valueOf(random.nextBoolean()));
        default ->
            out.add(
                random.nextBoolean()
                    ? F.objectNode().put("k", random.nextInt(2))
                    : F.arrayNode().add(random.nextInt(2)));
      }
    }
    return out;
  }
}
