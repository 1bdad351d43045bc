package dev.margay.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.rule.Rule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule files of any size are answered without reading or scanning more than the limits allow: the
 * byte limit holds for every load overload and for files that are not regular (devices), before
 * YAML starts; what YAML may cost is bounded by characters, nesting and nodes, aliases counted as
 * what they expand to.
 */
class RuleFileLimitsTest {
  private static final String HEADER = TestingRule.header("T.R", "Info") + "Detection: ['true']\n";

  private static Problem onlyProblem(Runnable load) {
    try {
      load.run();
    } catch (RuleLoadException e) {
      assertThat(e.problems()).hasSize(1);
      return e.problems().get(0);
    }
    throw new AssertionError("expected the rule file to be rejected");
  }

  @Test
  void theByteLimitHoldsForEveryOverload_beforeYamlStarts() {
    // Not YAML at all past the first bytes: only a check made before parsing reports the size.
    byte[] big = new byte[(int) RuleLoader.MAX_FILE_BYTES + 1];
    java.util.Arrays.fill(big, (byte) '[');
    Problem fromBytes = onlyProblem(() -> RuleLoader.create().load(big, "big.yml"));
    assertThat(fromBytes.code()).isEqualTo(ProblemCode.LIMIT);
    assertThat(fromBytes.toString())
        .isEqualTo("big.yml:1:1: the file has 16777217 bytes; rule files are limited to 16777216");
    // 6 million 'é' are 12 MB: under the limit in chars, over it in UTF-8 bytes... and 9 million
    // are 18 MB.
    String text = "é".repeat(9_000_000);
    Problem fromText = onlyProblem(() -> RuleLoader.create().load(text, "big.yml"));
    assertThat(fromText.toString())
        .isEqualTo("big.yml:1:1: the file has 18000000 bytes; rule files are limited to 16777216");
  }

  @Test
  void aDeviceIsReadThroughTheCap_notToItsEnd() {
    Path zero = Path.of("/dev/zero");
    Assumptions.assumeTrue(Files.exists(zero), "/dev/zero is absent on this system");
    Problem p = onlyProblem(() -> RuleLoader.create().load(zero));
    assertThat(p.code()).isEqualTo(ProblemCode.LIMIT);
    assertThat(p.toString())
        .isEqualTo(
            "/dev/zero:1:1: the file has more than 16777216 bytes; rule files are limited to 16777216");
    LoadResult all = RuleLoader.create().loadAll(java.util.List.of(zero));
    assertThat(all.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.problems().get(0).code()).isEqualTo(ProblemCode.LIMIT));
  }

  @Test
  void moreCharactersThanTheLimit_areRejectedBeforeYamlStarts() {
    String text = HEADER + "Description: " + "x".repeat(YamlFile.MAX_CODE_POINTS) + "\n";
    Problem p = onlyProblem(() -> RuleLoader.create().load(text, "long.yml"));
    assertThat(p.code()).isEqualTo(ProblemCode.LIMIT);
    assertThat(p.toString())
        .isEqualTo(
            "long.yml:1:1: the file has "
                + text.length()
                + " characters; rule files are limited to 4194304");
  }

  @Test
  void aScalarJustUnderTheLimit_loadsWhole() {
    // Issue 9, reproduction 7: one scalar of millions of characters took over 20 s to scan (the
    // scanner's
    // window was re-copied on every refill); the whole text is now one buffer, read once.
    String description = "é".repeat(YamlFile.MAX_CODE_POINTS - 200);
    Rule plain =
        RuleLoader.create().load(HEADER + "Description: " + description + "\n", "plain.yml");
    assertThat(plain.description()).hasSize(description.length()).isEqualTo(description);
    Rule quoted =
        RuleLoader.create()
            .load(
                (HEADER + "Description: \"" + description + "\"\n")
                    .getBytes(StandardCharsets.UTF_8),
                "quoted.yml");
    assertThat(quoted.description()).isEqualTo(description);
  }

  @Test
  void moreNodesThanTheLimit_areRejectedAtTheNodeThatCrossesIt() {
    StringBuilder yaml =
        new StringBuilder(HEADER)
            .append("Tests:\n  - Name: t\n    ExpectedResult: false\n    Log:\n      a: [");
    for (int i = 0; i < YamlFile.MAX_NODES; i++) {
      yaml.append(i % 10).append(',');
    }
    yaml.append("1]\n");
    Problem p = onlyProblem(() -> RuleLoader.create().load(yaml.toString(), "many.yml"));
    assertThat(p.code()).isEqualTo(ProblemCode.LIMIT);
    assertThat(p.location().line()).isEqualTo(11);
    assertThat(p.message())
        .isEqualTo("limit: more than 100000 YAML nodes; rule files are limited to 100000");
  }

  @Test
  void aliasesAreBoundedByTheNodesTheyExpandTo_notOnlyByTheirNumber() {
    // Issue 9, reproduction 13: 45 aliases (under the 50-alias cap) in a 23-line Detection, each
    // level
    // doubling the one before, stood for 2^22 copies of a condition and ran for minutes.
    StringBuilder yaml =
        new StringBuilder(
            TestingRule.header("T.R", "Info")
                + "Detection:\n  - &a0 {KeyPath: eventName, Condition: Equals, Value: X}\n");
    int aliases = 0;
    for (int level = 1; level <= 22; level++) {
      yaml.append("  - All: &a")
          .append(level)
          .append(" [*a")
          .append(level - 1)
          .append(", *a")
          .append(level - 1)
          .append("]\n");
      aliases += 2;
    }
    yaml.append("  - *a0\n");
    aliases++;
    assertThat(aliases).isEqualTo(45);
    assertThat(yaml.toString().lines().filter(l -> l.startsWith("  -"))).hasSize(24);
    Problem p = onlyProblem(() -> RuleLoader.create().load(yaml.toString(), "laughs.yml"));
    assertThat(p.code()).isEqualTo(ProblemCode.LIMIT);
    // Each level doubles the nodes the document stands for: the running count crosses 100,000 at
    // the
    // second alias of level 13 (line 20, column 22), long before anything walks the tree.
    assertThat(p.toString())
        .isEqualTo(
            "laughs.yml:20:22: limit: the alias *a12 brings the file to more than 100000 YAML "
                + "nodes (aliases are counted as the nodes they stand for)");
  }

  @Test
  void aliasesWithinTheBound_stillWork(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("shared.yml");
    Files.writeString(
        file,
        HEADER.replace("Detection: ['true']\n", "")
            + "Detection:\n  - &c {KeyPath: eventName, Condition: Equals, Value: X}\n"
            + "InlineFilters:\n  - *c\nTests:\n  - Name: base\n    ExpectedResult: true\n    Log: &base {eventName: X}\n"
            + "  - Name: derived\n    ExpectedResult: false\n    Log:\n      <<: *base\n      eventName: Y\n");
    Rule rule = RuleLoader.create().load(file);
    assertThat(rule.tests())
        .extracting(t -> t.log().json().toString())
        .containsExactly("{\"eventName\":\"X\"}", "{\"eventName\":\"Y\"}");
  }
}
