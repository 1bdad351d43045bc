package dev.margay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margay.condition.ConditionParser;
import dev.margay.condition.Field;
import dev.margay.condition.FieldPath;
import dev.margay.rule.Rule;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Titles and dedup keys (Panther's "generated fields"): at most 1,000 characters as Python counts
 * them (code points), else the first 985 and {@code "... (truncated)"}; rendered only up to that
 * limit.
 */
class GeneratedFieldsTest {
  private static final String EMOJI = "\uD83D\uDE00"; // U+1F600, one code point, two UTF-16 units
  private static final String SUFFIX = "... (truncated)";

  private static Match titleOf(String template, String event) {
    Rule r =
        Rule.builder("T")
            .logTypes("AWS.CloudTrail")
            .detection(ConditionParser.parse("true"))
            .alertTitle(template)
            .build();
    return RuleEngine.builder().addRule(r).build().evaluate(event).get(0);
  }

  private static String quoted(String s) {
    return "\"" + s + "\"";
  }

  /**
   * Reproduction 8: 600 emoji are 1,200 UTF-16 units but 600 characters for Panther: kept whole.
   */
  @Test
  void titleOf600Emoji_isKeptWhole() {
    String emoji = EMOJI.repeat(600);
    Match m = titleOf("{x}", "{\"x\":" + quoted(emoji) + "}");
    assertThat(m.title()).isEqualTo(emoji);
    assertThat(m.dedupKey()).isEqualTo(emoji);
  }

  @Test
  void titleOfExactly1000CodePoints_isKept_and1001AreCutTo985PlusTheSuffix() {
    String exactly = "a" + EMOJI.repeat(999);
    assertThat(titleOf("{x}", "{\"x\":" + quoted(exactly) + "}").title()).isEqualTo(exactly);

    String over = "a" + EMOJI.repeat(1000);
    String title = titleOf("{x}", "{\"x\":" + quoted(over) + "}").title();
    assertThat(title).isEqualTo("a" + EMOJI.repeat(984) + SUFFIX);
    assertThat(title.codePointCount(0, title.length())).isEqualTo(1000);
  }

  /**
   * Reproduction 8: the cut falls where a surrogate pair would be split in UTF-16; it keeps whole
   * pairs.
   */
  @Test
  void cutNeverSplitsASurrogatePair_whereverThePairsStart() {
    for (int prefix = 0; prefix < 3; prefix++) {
      String value = "b".repeat(prefix) + EMOJI.repeat(1200);
      String title = titleOf("{x}", "{\"x\":" + quoted(value) + "}").title();
      assertThat(title).endsWith(SUFFIX);
      assertThat(title.codePointCount(0, title.length())).isEqualTo(1000);
      String kept = title.substring(0, title.length() - SUFFIX.length());
      assertThat(kept).isEqualTo("b".repeat(prefix) + EMOJI.repeat(985 - prefix));
      kept.codePoints()
          .forEach(
              cp ->
                  assertThat(Character.isSurrogate((char) cp) && cp < 0x10000)
                      .as("no lone surrogate")
                      .isFalse());
    }
  }

  /**
   * A surrogate pair split across two placeholders (a lone high surrogate ending one value, the low
   * one starting the next) is one code point of the title, wherever the limit falls: the same as
   * Python's count of the joined text.
   */
  @Test
  void surrogatePairSplitAcrossPlaceholders_countsAsOneCodePoint() {
    for (int k : new int[] {0, 500, 983, 984, 985, 998, 999, 1000}) {
      for (int m : new int[] {0, 1, 14, 15, 16, 500}) {
        String x = "a".repeat(k) + "\uD83D";
        String y = "\uDE00" + EMOJI.repeat(m);
        String event =
            "{\"x\":\"" + "a".repeat(k) + "\\ud83d\",\"y\":\"\\ude00" + EMOJI.repeat(m) + "\"}";
        String whole = x + y;
        String expected =
            whole.codePointCount(0, whole.length()) <= 1000
                ? whole
                : whole.substring(0, whole.offsetByCodePoints(0, 985)) + SUFFIX;
        assertThat(titleOf("{x}{y}", event).title()).as("k=%d m=%d", k, m).isEqualTo(expected);
      }
    }
  }

  @Test
  void dedupKeyOfGroupByValues_isCutByCodePointsToo() {
    Rule r =
        Rule.builder("T")
            .logTypes("AWS.CloudTrail")
            .detection(ConditionParser.parse("true"))
            .groupBy(List.of(FieldPath.parseKeyPath("a"), FieldPath.parseKeyPath("b")))
            .build();
    String a = EMOJI.repeat(500);
    String b = EMOJI.repeat(600);
    Match m =
        RuleEngine.builder()
            .addRule(r)
            .build()
            .evaluate("{\"a\":" + quoted(a) + ",\"b\":" + quoted(b) + "}")
            .get(0);
    assertThat(m.dedupKey())
        .isEqualTo(BoundedText.truncate(a + ":" + b))
        .endsWith(SUFFIX)
        .startsWith(a + ":" + EMOJI.repeat(484) + SUFFIX.substring(0, 3));
  }

  @Test
  void objectPlaceholders_areCompactJson_cutLikeAnyOtherText() throws Exception {
    StringBuilder event = new StringBuilder("{\"o\":{");
    for (int i = 0; i < 300; i++) {
      event
          .append(i == 0 ? "" : ",")
          .append("\"k")
          .append(i)
          .append("\":[")
          .append(i)
          .append(",\"")
          .append(EMOJI)
          .append("\"]");
    }
    event.append("}}");
    String full = new ObjectMapper().readTree(event.toString()).get("o").toString();
    assertThat(full.codePointCount(0, full.length())).isGreaterThan(1000);
    assertThat(titleOf("<{o}>", event.toString()).title())
        .isEqualTo(BoundedText.truncate("<" + full + ">"));
    String small = "{\"o\":{\"a\":[1,2.5,true,null,\"x\\\"y\"]}}";
    assertThat(titleOf("{o}", small).title())
        .isEqualTo(new ObjectMapper().readTree(small).get("o").toString());
  }

  /**
   * Reproduction 13: an AlertTitle of 5,000 placeholders, each an object of about 2 KB, over 20
   * small events. Rendered in full that is 10 M characters per event (gigabytes over the 20);
   * rendered up to the limit it is a few kilobytes each. The bound is on allocation, never on time.
   */
  @Test
  void titleOf5000ObjectPlaceholders_allocatesOnlyUpToTheLimit() {
    StringBuilder object = new StringBuilder("{");
    for (int i = 0; i < 100; i++) {
      object
          .append(i == 0 ? "" : ",")
          .append("\"key")
          .append(i)
          .append("\":\"value-")
          .append(i)
          .append("\"");
    }
    object.append('}');
    String template = "{requestParameters} ".repeat(5000);
    Rule r =
        Rule.builder("T")
            .logTypes("AWS.CloudTrail")
            .detection(ConditionParser.parse("true"))
            .alertTitle(template)
            .groupBy(placeholders(5000))
            .build();
    RuleEngine engine = RuleEngine.builder().addRule(r).build();
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add("{\"eventName\":\"E" + i + "\",\"requestParameters\":" + object + "}");
    }
    engine.evaluate(
        events.get(0)); // class loading and the first JSON writer are not what this measures
    long before = allocated();
    List<Match> matches = new ArrayList<>();
    for (String e : events) {
      matches.addAll(engine.evaluate(e));
    }
    long bytes = allocated() - before;
    assertThat(matches).hasSize(20);
    assertThat(matches.get(0).title())
        .endsWith(SUFFIX)
        .isEqualTo(BoundedText.truncate(object + " " + object));
    assertThat(matches.get(0).dedupKey())
        .endsWith(SUFFIX)
        .isEqualTo(BoundedText.truncate(object + ":" + object));
    // Full rendering: 20 events x 2 fields x 5,000 x ~2 KB = 400 M chars. Bounded: well under 64
    // MB.
    assertThat(bytes).as("bytes allocated for 20 events").isLessThan(64L * 1024 * 1024);
  }

  private static List<Field> placeholders(int n) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      fields.add(FieldPath.parseKeyPath("requestParameters"));
    }
    return fields;
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
