package dev.margay.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.condition.FieldPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The projecting scanner against Jackson, the reference: whatever it accepts, Jackson's full parse
 * accepts too and builds the same nodes (compared with {@code equals}, which tells IntNode from
 * LongNode); what it declines, Jackson judges.
 */
class ProjectingScannerTest {
  private static final Projection.Node WHOLE = new Projection.Node(true, Map.of(), null);
  private static final Projection PARTIAL =
      Projection.of(
          Stream.of(
                  "eventName",
                  "userIdentity.type",
                  "requestParameters",
                  "responseElements.x[0]",
                  "a.b",
                  "N")
              .map(FieldPath::parseKeyPath)
              .toList());

  private static List<byte[]> corpus() throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/test/resources/events"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          if (line.startsWith("{") && isValid(line.getBytes(StandardCharsets.UTF_8))) {
            out.add(line.getBytes(StandardCharsets.UTF_8));
          }
        }
      }
    }
    return out;
  }

  private static boolean isValid(byte[] text) {
    try {
      EventParser.defaults().parse(text);
      return true;
    } catch (EventParseException e) {
      return false;
    }
  }

  /** What the projection keeps of a fully parsed tree, built independently of the scanner. */
  private static JsonNode prune(JsonNode full, Projection.Node node) {
    if (node.whole || !full.isObject()) {
      return full;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    full.properties()
        .forEach(
            e -> {
              Projection.Node child = node.child(e.getKey());
              if (child != null) {
                out.set(e.getKey(), child.whole ? e.getValue() : prune(e.getValue(), child));
              }
            });
    return out;
  }

  /** Checks one input both ways round and returns whether the scanner accepted it. */
  private static boolean agrees(byte[] text, boolean rejectDuplicates) {
    EventParser parser =
        rejectDuplicates ? EventParser.defaults() : EventParser.allowingDuplicateKeys();
    JsonNode full;
    try {
      full = parser.parse(text).json();
    } catch (EventParseException e) {
      full = null;
    }
    String shown = new String(text, StandardCharsets.UTF_8);
    ObjectNode whole = ProjectingScanner.scan(text, 0, text.length, WHOLE, rejectDuplicates);
    ObjectNode partial =
        ProjectingScanner.scan(text, 0, text.length, PARTIAL.root, rejectDuplicates);
    assertThat(partial == null)
        .as("same verdict whatever is kept: %s", shown)
        .isEqualTo(whole == null);
    if (whole == null) {
      return false;
    }
    assertThat(full).as("the scanner accepted what Jackson rejects: %s", shown).isNotNull();
    assertThat(whole).as(shown).isEqualTo(full);
    assertThat(partial).as(shown).isEqualTo(prune(full, PARTIAL.root));
    return true;
  }

  @Test
  void realEvents_areAllScanned_toJacksonsTree() throws IOException {
    List<byte[]> corpus = corpus();
    assertThat(corpus).hasSizeGreaterThan(10);
    for (byte[] text : corpus) {
      assertThat(agrees(text, true))
          .as("declined a valid event: %s", new String(text, StandardCharsets.UTF_8))
          .isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        " {\"a\" : [ ] , \"b\":{ } }\n",
        "{\"N\":0}",
        "{\"N\":-0}",
        "{\"N\":2147483647}",
        "{\"N\":2147483648}",
        "{\"N\":-2147483648}",
        "{\"N\":-2147483649}",
        "{\"N\":9223372036854775807}",
        "{\"N\":9223372036854775808}",
        "{\"N\":-9223372036854775808}",
        "{\"N\":123456789012345678901234567890}",
        "{\"N\":1.0}",
        "{\"N\":-0.0}",
        "{\"N\":1e999}",
        "{\"N\":1E+2}",
        "{\"N\":2.5e-3}",
        "{\"N\":0.1}",
        "{\"N\":[1,2.0,true,false,null,\"x\"]}",
        "{\"a\":{\"b\":\"\\u00e9\\n\\t\\\"\\\\\\/\\b\\f\\r\"}}",
        "{\"a\":{\"b\":\"\\ud83d\\ude00 \\ud800 \\uDFFF\"}}",
        "{\"a\":{\"b\":\"é😀\u00ff\u0800\uffff\"}}",
        "{\"EVENTNAME\":\"x\",\"eventname\":\"y\"}",
        "{\"userIdentity\":{\"type\":\"Root\",\"arn\":\"z\"},\"requestParameters\":{\"k\":[{\"v\":1}]}}",
        "{\"éventName\":1,\"a\":{\"b\":{\"c\":[[[]]]}}}"
      })
  void wellFormedEdgeCases_areScanned_toJacksonsTree(String json) {
    assertThat(agrees(json.getBytes(StandardCharsets.UTF_8), true)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "[]",
        "\"x\"",
        "1",
        "{",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\":1,}",
        "{,}",
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":.5}",
        "{\"a\":+1}",
        "{\"a\":-}",
        "{\"a\":1e}",
        "{\"a\":NaN}",
        "{\"a\":tru}",
        "{\"a\":nul}",
        "{\"a\":truex}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"\t\"}",
        "{a:1}",
        "{'a':1}",
        "{} {}",
        "{}x",
        "{\"a\":1}/*c*/",
        "{\"a\":1 \"b\":2}",
        "{\"a\":[1 2]}",
        "{\"a\":[1,]}",
        "{\"a\":1,\"a\":2}",
        "{\"x\":{\"a\":1,\"b\":2,\"a\":3}}",
        "{\"a\\u0062\":1,\"ab\":2}"
      })
  void malformedOrUnusualInput_isLeftToJackson(String json) {
    byte[] text = json.getBytes(StandardCharsets.UTF_8);
    assertThat(ProjectingScanner.scan(text, 0, text.length, WHOLE, true)).isNull();
    agrees(text, true);
    agrees(text, false);
  }

  @Test
  void duplicateKeys_whenAllowed_lastValueWins_asInJackson() {
    byte[] text =
        "{\"N\":1,\"a\":{\"b\":1},\"N\":2,\"a\":{\"c\":2}}".getBytes(StandardCharsets.UTF_8);
    assertThat(agrees(text, false)).isTrue();
    assertThat(
            ProjectingScanner.scan(text, 0, text.length, PARTIAL.root, false).get("N").intValue())
        .isEqualTo(2);
  }

  /**
   * A member name read as bytes finds the child that {@code equalsIgnoreCase} finds, and no other:
   * names of 1 to 20 bytes (short, one word, several overlapping words), each in upper, lower and
   * mixed case, one byte changed anywhere, and bytes that differ from a letter-free byte only in
   * bit 0x20 ('@' and '`', '[' and '{', '0' and 0x10), which lower-casing never equates.
   */
  @Test
  void memberNamesReadAsBytes_matchAsEqualsIgnoreCaseDoes() {
    List<String> declared = new ArrayList<>();
    for (int n = 1; n <= 20; n++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        sb.append("aB@[_0z".charAt((i * 5 + n) % 7));
      }
      declared.add(sb.toString());
    }
    Projection.Node root = Projection.of(declared.stream().map(FieldPath::key).toList()).root;
    Random random = new Random(16);
    int found = 0;
    for (String name : declared) {
      List<String> candidates =
          new ArrayList<>(List.of(name, name.toUpperCase(), name.toLowerCase()));
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        for (char other :
            new char[] {(char) (c ^ 0x20), (char) (c + 1), (char) random.nextInt(0x80)}) {
          if (other >= 0x20 && other < 0x7F && other != '"' && other != '\\') {
            candidates.add(name.substring(0, i) + other + name.substring(i + 1));
          }
        }
      }
      candidates.add(name + "x");
      candidates.add(name.substring(1));
      for (String candidate : candidates) {
        // Inside a larger buffer, as the scanner reads names.
        byte[] b = ("{\"" + candidate + "\":1}").getBytes(StandardCharsets.US_ASCII);
        int stop = 2 + candidate.length();
        Projection.Node expected = root.child(candidate);
        assertThat(root.child(b, 2, stop, ProjectingScanner.nameHash(b, 2, stop)))
            .as("%s declared, %s read", name, candidate)
            .isSameAs(expected);
        found += expected == null ? 0 : 1;
      }
    }
    assertThat(found).as("case variants found").isGreaterThan(3 * declared.size());
  }

  private static byte[] objectWithMembers(int count, String last) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < count; i++) {
      sb.append("\"k").append(i).append("\":{\"x\":").append(i).append("},");
    }
    return sb.append('"').append(last).append("\":1}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void objectsWithManyMembers_stillCatchDuplicates() {
    int many = ProjectingScanner.MAX_MEMBERS - 1;
    assertThat(agrees(objectWithMembers(many, "last"), true)).isTrue();
    assertThat(agrees(objectWithMembers(many, "k" + many / 2), true)).isFalse();
    assertThat(agrees(objectWithMembers(many, "k" + many / 2), false)).isTrue();
  }

  @Test
  void pastMaxMembers_JacksonsHashSetChecksDuplicates_soHostileObjectsCostLinearTime() {
    assertThat(agrees(objectWithMembers(5_000, "last"), true)).as("left to Jackson").isFalse();
    assertThat(agrees(objectWithMembers(5_000, "last"), false))
        .as("no duplicate check needed")
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "C0AF",
        "C1BF",
        "E080AF",
        "EDA080",
        "F08080AF",
        "F4908080",
        "F5808080",
        "80",
        "BF",
        "FE",
        "C3",
        "E282",
        "F09F98"
      })
  void utf8ThatIsNotWellFormed_isLeftToJackson(String hex) {
    byte[] bad = java.util.HexFormat.of().parseHex(hex);
    for (String template : List.of("{\"a\":\"<>\"}", "{\"<>\":1}", "{\"N\":\"<>\"}")) {
      int at = template.indexOf("<>");
      byte[] head = template.substring(0, at).getBytes(StandardCharsets.UTF_8);
      byte[] tail = template.substring(at + 2).getBytes(StandardCharsets.UTF_8);
      byte[] text = new byte[head.length + bad.length + tail.length];
      System.arraycopy(head, 0, text, 0, head.length);
      System.arraycopy(bad, 0, text, head.length, bad.length);
      System.arraycopy(tail, 0, text, head.length + bad.length, tail.length);
      assertThat(ProjectingScanner.scan(text, 0, text.length, WHOLE, true)).as(hex).isNull();
      agrees(text, true);
    }
  }

  @Test
  void nearTheLimits_JacksonDecides() {
    String deep =
        "{\"a\":"
            + "[".repeat(ProjectingScanner.MAX_DEPTH)
            + "]".repeat(ProjectingScanner.MAX_DEPTH)
            + "}";
    String shallow =
        "{\"a\":"
            + "[".repeat(ProjectingScanner.MAX_DEPTH - 2)
            + "]".repeat(ProjectingScanner.MAX_DEPTH - 2)
            + "}";
    assertThat(agrees(deep.getBytes(StandardCharsets.UTF_8), true)).isFalse();
    assertThat(agrees(shallow.getBytes(StandardCharsets.UTF_8), true)).isTrue();
    assertThat(agrees(("{\"N\":" + "9".repeat(101) + "}").getBytes(StandardCharsets.UTF_8), true))
        .isFalse();
    assertThat(agrees(("{\"" + "k".repeat(1025) + "\":1}").getBytes(StandardCharsets.UTF_8), true))
        .isFalse();
    assertThat(
            agrees(
                ("{\"s\":\"" + "x".repeat(1_000_001) + "\"}").getBytes(StandardCharsets.UTF_8),
                true))
        .isFalse();
  }

  @Test
  void aSliceOfALargerBuffer_isScannedWithinItsBounds() {
    byte[] text = "xx{\"N\":1}{\"N\":2}".getBytes(StandardCharsets.UTF_8);
    assertThat(ProjectingScanner.scan(text, 2, 7, PARTIAL.root, true).get("N").intValue())
        .isEqualTo(1);
    assertThat(ProjectingScanner.scan(text, 2, 6, PARTIAL.root, true)).isNull();
  }

  private static final String[] JSON_BITS = {
    "\"",
    "\\",
    "\\u",
    "\\ud800",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "-",
    "0",
    "1e5",
    ".",
    "tru",
    "null",
    "\"a\":1,",
    "é",
    "\u0000",
    "\t",
    " ",
    "\"eventName\":\"X\",",
    "\"N\":"
  };

  /**
   * Thousands of mutated real events: never accepted where Jackson rejects, never a different tree.
   */
  @Test
  void mutatedEvents_neverDisagreeWithJackson() throws IOException {
    long seed = Long.getLong("margay.fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    List<byte[]> corpus = corpus();
    int accepted = 0;
    int runs = 20_000;
    for (int i = 0; i < runs; i++) {
      byte[] text = mutate(corpus.get(random.nextInt(corpus.size())), random);
      try {
        if (agrees(text, random.nextBoolean())) {
          accepted++;
        }
      } catch (AssertionError e) {
        throw new AssertionError(
            "seed " + seed + " (replay with -Dmargay.fuzz.seed=" + seed + "): " + e.getMessage(),
            e);
      }
    }
    System.out.println(
        "[reliability] projecting scanner vs Jackson: "
            + runs
            + " mutated events (seed "
            + seed
            + "), "
            + accepted
            + " scanned, "
            + (runs - accepted)
            + " left to Jackson, no disagreement");
  }

  private static byte[] mutate(byte[] input, Random random) {
    byte[] text = input;
    for (int r = 1 + random.nextInt(3); r > 0 && text.length > 0; r--) {
      int at = random.nextInt(text.length);
      byte[] insert;
      int cut = 0;
      switch (random.nextInt(5)) {
        case 0 ->
            insert = JSON_BITS[random.nextInt(JSON_BITS.length)].getBytes(StandardCharsets.UTF_8);
        case 1 -> {
          insert = new byte[0];
          cut = Math.min(text.length - at, 1 + random.nextInt(20));
        }
        case 2 -> insert = new byte[] {(byte) random.nextInt(256)};
        case 3 -> {
          int to = Math.min(text.length, at + 1 + random.nextInt(60));
          insert = java.util.Arrays.copyOfRange(text, at, to);
        }
        default -> {
          insert = new byte[] {(byte) (32 + random.nextInt(95))};
          cut = 1;
        }
      }
      byte[] out = new byte[text.length - cut + insert.length];
      System.arraycopy(text, 0, out, 0, at);
      System.arraycopy(insert, 0, out, at, insert.length);
      System.arraycopy(text, at + cut, out, at + insert.length, text.length - at - cut);
      text = out;
    }
    return text;
  }
}
