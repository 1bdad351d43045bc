package dev.margay.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.rule.Rule;
import dev.margay.rule.RulePart;
import dev.margay.rule.RuleTest;
import dev.margay.rule.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading without tests (for pipelines), test events kept as bytes, and what a loaded rule keeps.
 */
class LeanLoadingTest {
  private static final Path CONFORMANCE = Path.of("../shared/conformance/panther-cloudtrail");
  private static final String HEAD =
      TestingRule.header("T.R", "Info")
          + "Detection:\n  - KeyPath: eventName\n    Condition: Equals\n    Value: X\n";

  /** Everything a rule says except its tests, as text, for comparing two loadings. */
  private static String withoutTests(Rule r) {
    Map<String, SourceLocation> locations = new TreeMap<>();
    r.locations()
        .forEach(
            (k, v) -> {
              if (!k.startsWith("Tests")) {
                locations.put(k, v);
              }
            });
    return String.join(
        "\n",
        r.id(),
        String.valueOf(r.displayName()),
        String.valueOf(r.enabled()),
        r.logTypes().toString(),
        r.severity().toString(),
        r.detection().toString(),
        String.valueOf(r.inlineFilters()),
        r.description(),
        r.runbook(),
        r.reference(),
        r.tags().toString(),
        r.reports().toString(),
        r.summaryAttributes().toString(),
        r.outputIds().toString(),
        r.dedupPeriodMinutes() + "/" + r.threshold(),
        String.valueOf(r.alertTitle()),
        r.alertContext().toString(),
        r.groupBy().toString(),
        r.dynamicSeverities().toString(),
        r.source().toString(),
        locations.toString(),
        r.warnings().toString());
  }

  @Test
  void corpusWithoutTests_loadsEveryRuleAsAWholeReadingDoes_butWithNoTests() {
    LoadResult whole = RuleLoader.create().loadAll(List.of(CONFORMANCE));
    LoadResult lean = RuleLoader.create().withoutTests().loadAll(List.of(CONFORMANCE));

    assertThat(lean.failures()).isEmpty();
    assertThat(lean.rules()).hasSameSizeAs(whole.rules()).hasSizeGreaterThan(100);
    assertThat(lean.rules()).allSatisfy(r -> assertThat(r.tests()).isEmpty());
    assertThat(lean.rules())
        .extracting(LeanLoadingTest::withoutTests)
        .containsExactlyElementsOf(
            whole.rules().stream().map(LeanLoadingTest::withoutTests).toList());
    assertThat(whole.rules().stream().mapToInt(r -> r.tests().size()).sum()).isGreaterThan(200);
  }

  @Test
  void brokenTest_failsAWholeReading_butNotOneWithoutTests() {
    String yaml =
        HEAD
            + "Tests:\n  - Name: t\n    ExpectedResult: maybe\n    Log: [1]\nDescription: after the tests\n";

    assertThatThrownBy(() -> RuleLoader.create().load(yaml, "r.yml"))
        .isInstanceOf(RuleLoadException.class);
    Rule rule = RuleLoader.create().withoutTests().load(yaml, "r.yml");
    assertThat(rule.tests()).isEmpty();
    assertThat(rule.description()).isEqualTo("after the tests");
  }

  @Test
  void problemAfterTheTests_isReportedWithoutTests_atTheSameLineAndColumn() {
    String yaml =
        HEAD
            + "Tests:\n- Name: t\n  ExpectedResult: true\n  Log: {\"a\": \"\u00e9\u00e9\"}\nSevrity: High\n";

    List<String> whole = problems(RuleLoader.create(), yaml);
    assertThat(whole).singleElement().asString().startsWith("r.yml:14:1: unknown key 'Sevrity'");
    assertThat(problems(RuleLoader.create().withoutTests(), yaml)).isEqualTo(whole);
  }

  @Test
  void testsSectionEndingElsewhere_isReadWhole_withTheSameOutcome() {
    // The flow mapping goes on in column 0: blanking up to that line leaves text that does not
    // parse, so
    // the file is read whole.
    String yaml =
        HEAD
            + "Tests:\n  - Name: t\n    ExpectedResult: true\n    Log: {\"eventName\":\n\"X\"}\n"
            + "Description: d\n";
    Rule lean = RuleLoader.create().withoutTests().load(yaml, "r.yml");
    assertThat(withoutTests(lean)).isEqualTo(withoutTests(RuleLoader.create().load(yaml, "r.yml")));
    assertThat(lean.description()).isEqualTo("d");
    assertThat(lean.tests()).isEmpty();
    assertThat(lean.locations()).containsKey("Tests[0]"); // read whole
    // A YAML error inside the tests of a file that is broken anyway is still reported.
    String broken = HEAD + "Tests:\n  - Name: t\n    Log: {\"a\": 1\nDescription: [\n";
    assertThat(problems(RuleLoader.create().withoutTests(), broken))
        .isEqualTo(problems(RuleLoader.create(), broken));
  }

  @Test
  void dottedKeyWarning_dependsOnTheTestEvents_withOrWithoutTests() {
    String yaml =
        HEAD
            + "AlertContext:\n  - KeyName: k\n    KeyValue:\n      Key: a.b\n"
            + "Tests:\n  - Name: t\n    ExpectedResult: true\n    Log: {\"a.b\": 1, \"eventName\": \"X\"}\n";
    assertThat(RuleLoader.create().load(yaml, "r.yml").warnings()).isEmpty();
    assertThat(RuleLoader.create().withoutTests().load(yaml, "r.yml").warnings()).isEmpty();
    String without = yaml.replace("\"a.b\": 1, ", "");
    assertThat(RuleLoader.create().load(without, "r.yml").warnings())
        .extracting(w -> w.code())
        .containsExactly("key-with-dot");
    assertThat(RuleLoader.create().withoutTests().load(without, "r.yml").warnings())
        .extracting(w -> w.code())
        .containsExactly("key-with-dot");
  }

  @Test
  void testEvent_isKeptAsJson_andParsedAgainOnEachReplay() {
    Rule rule =
        RuleLoader.create()
            .load(
                HEAD
                    + "Tests:\n  - Name: t\n    ExpectedResult: true\n"
                    + "    Log: {eventName: X, n: 3, big: 12345678901234567890, f: 1.5, none: null, list: [true]}\n",
                "r.yml");
    RuleTest test = rule.tests().get(0);

    assertThat(test.log().toJson())
        .isEqualTo(
            "{\"eventName\":\"X\",\"n\":3,\"big\":12345678901234567890,\"f\":1.5,\"none\":null,\"list\":[true]}");
    assertThat(test.log()).isEqualTo(test.log()).isNotSameAs(test.log());
    assertThat(test.log().json().get("big").isBigInteger()).isTrue();
    assertThat(test.log().json().get("n").isInt()).isTrue();
  }

  @Test
  void testEventWithANonFiniteNumber_isKeptAsItIs() {
    ObjectNode log = JsonNodeFactory.instance.objectNode().put("x", Double.POSITIVE_INFINITY);
    RuleTest test = RuleTest.ofJson("t", true, log, List.of(), new SourceLocation("r.yml", 1, 1));
    assertThat(test.log().json().get("x").doubleValue()).isInfinite();
    assertThatThrownBy(
            () ->
                RuleTest.ofJson(
                    "t",
                    true,
                    JsonNodeFactory.instance.arrayNode(),
                    List.of(),
                    new SourceLocation("r.yml", 1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rulesCopiedPerTenant_shareTheirText(@TempDir Path dir) throws IOException {
    String rule = Files.readString(CONFORMANCE.resolve("aws_cloudtrail_stopped.yml"));
    Files.writeString(dir.resolve("a.yml"), rule);
    Files.writeString(
        dir.resolve("b.yml"), rule.replace("AWS.CloudTrail.Stopped", "AWS.CloudTrail.Stopped.t2"));

    List<Rule> rules = RuleLoader.create().withoutTests().loadAll(List.of(dir)).rules();

    assertThat(rules).hasSize(2);
    assertThat(rules.get(0).description())
        .isEqualTo(rules.get(1).description())
        .isSameAs(rules.get(1).description());
    assertThat(rules.get(0).runbook()).isSameAs(rules.get(1).runbook());
  }

  @Test
  void locations_behaveAsAMapOfEveryPartWritten() {
    Rule rule = RuleLoader.create().load(CONFORMANCE.resolve("aws_cloudtrail_stopped.yml"));
    Map<String, SourceLocation> copy = new HashMap<>(rule.locations());

    assertThat(rule.locations())
        .isEqualTo(copy)
        .containsKeys("AlertTitle", "Detection[2]", "Tests[0]");
    assertThat(rule.locationOf(RulePart.DETECTION, 2).line()).isEqualTo(36);
    assertThat(rule.locationOf(RulePart.DETECTION, 2).file())
        .endsWith("aws_cloudtrail_stopped.yml");
    assertThat(rule.locations().get("Nothing")).isNull();
    assertThat(rule.locationOf(RulePart.INLINE_FILTERS)).isEqualTo(rule.source());
    assertThatThrownBy(() -> rule.locations().put("x", rule.source()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void manyFiles_readInParallel_giveRulesAndProblemsInFileOrder(@TempDir Path dir)
      throws IOException {
    for (int i = 0; i < 150; i++) {
      String id = i == 120 ? "R.10" : "R." + i;
      String yaml =
          i == 50 ? "AnalysisType: rule\nRuleID: R.50\nSeverity: [\n" : HEAD.replace("T.R", id);
      Files.writeString(dir.resolve(String.format("%03d.yml", i)), yaml);
    }
    for (RuleLoader loader : List.of(RuleLoader.create(), RuleLoader.create().withoutTests())) {
      LoadResult result = loader.loadAll(List.of(dir));

      assertThat(result.rules()).hasSize(148);
      assertThat(result.rules())
          .extracting(Rule::id)
          .startsWith("R.0", "R.1", "R.2")
          .endsWith("R.148", "R.149")
          .doesNotContain("R.50")
          .doesNotHaveDuplicates();
      assertThat(result.rules()).extracting(r -> r.source().file()).isSorted();
      assertThat(result.failures())
          .extracting(RuleLoadException::getMessage)
          .satisfiesExactly(
              m -> assertThat(m).contains("050.yml"),
              m ->
                  assertThat(m)
                      .contains("120.yml")
                      .contains("duplicate RuleID 'R.10'")
                      .contains("010.yml:1"));
    }
  }

  private static List<String> problems(RuleLoader loader, String yaml) {
    try {
      loader.load(yaml, "r.yml");
    } catch (RuleLoadException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    throw new AssertionError("expected the rule not to load");
  }
}
