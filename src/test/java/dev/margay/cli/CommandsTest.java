package dev.margay.cli;

import static dev.margay.cli.TestingCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margay.cli.TestingCli.Run;
import dev.margay.loader.RuleLoader;
import dev.margay.loader.TestingRule;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/** The commands of the main job, end to end through {@link Main#run}. */
class CommandsTest {
  private static final String SEED_RULE =
      "src/test/resources/rules/aws_ec2_security_group_modified.yml";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Matches without their source position, which differs between inputs by design. */
  private static List<String> matchesWithoutSource(String jsonLines) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : jsonLines.strip().split("\n")) {
      com.fasterxml.jackson.databind.node.ObjectNode node =
          (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line);
      node.remove("source");
      out.add(node.toString());
    }
    return out;
  }

  @Test
  void scanOfAMixedDirectory_givesTheSameMatchesAsTheCleanJsonLines_andReportsEveryBrokenLine()
      throws Exception {
    Run mixed =
        run("scan", "--rules", "src/test/resources/rules", "src/test/resources/events/mixed");
    Run clean =
        run(
            "scan",
            "--rules",
            "src/test/resources/rules",
            "src/test/resources/events/mixed-clean.jsonl");
    assertThat(mixed.code()).isZero();
    assertThat(matchesWithoutSource(mixed.out()))
        .isNotEmpty()
        .isEqualTo(matchesWithoutSource(clean.out()));
    String lines = "src/test/resources/events/mixed/b_lines.jsonl";
    assertThat(mixed.err())
        .contains(
            lines + ":2: broken JSON: a line break inside a string",
            lines + ":6: Unrecognized token 'not'",
            lines + ":7: Duplicate field 'eventName'");
    assertThat(mixed.err()).contains("3 file(s), 12 record(s)").contains("3 error(s)");
    assertThat(clean.err()).contains("1 file(s), 12 record(s)").contains("0 error(s)");
  }

  @Test
  void scanWritesRecordIndexesForRecordsFiles_andErrorsToAFileWhenAsked(@TempDir Path dir)
      throws Exception {
    Path errors = dir.resolve("errors.jsonl");
    Run run =
        run(
            "scan",
            "--rules",
            SEED_RULE,
            "--errors",
            errors.toString(),
            "src/test/resources/events/mixed");
    assertThat(run.out())
        .containsPattern(
            "\"source\":\\{\"file\":\"src/test/resources/events/mixed/c_records.json.gz\","
                + "\"line\":1,\"offset\":\\d+,\"record\":");
    List<String> reported = Files.readAllLines(errors);
    assertThat(reported).hasSize(3);
    assertThat(JSON.readTree(reported.get(0)).get("line").asInt()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("Unexpected end-of-input");
  }

  @Test
  void scanAsJson_isOneArray() throws Exception {
    Run run =
        run(
            "scan",
            "--format",
            "json",
            "--rules",
            SEED_RULE,
            "src/test/resources/events/mixed-clean.jsonl");
    JsonNode array = JSON.readTree(run.out());
    assertThat(array.isArray()).isTrue();
    assertThat(array.size()).isEqualTo(6);
  }

  @Test
  void scanWithAlerts_groupsByDedupKey() throws Exception {
    Run run =
        run(
            "scan",
            "--alerts",
            "--rules",
            SEED_RULE,
            "src/test/resources/events/mixed-clean.jsonl");
    List<JsonNode> alerts = new ArrayList<>();
    for (String line : run.out().strip().split("\n")) {
      alerts.add(JSON.readTree(line));
    }
    // The fixture's last 210987654321 match has an unreadable eventTime ("10:77"): like Panther's
    // p_event_time it
    // counts at the scan's parse time, a window of its own, instead of joining whichever window is
    // open.
    assertThat(alerts)
        .extracting(a -> a.get("dedupKey").asText())
        .containsExactly("123456789012", "210987654321", "210987654321");
    assertThat(alerts).extracting(a -> a.get("matchCount").asInt()).containsExactly(2, 3, 1);
    assertThat(alerts.get(1).get("windowStart").asText()).isEqualTo("2024-05-01T10:07:00Z");
    assertThat(alerts.get(1).get("windowEnd").asText()).isEqualTo("2024-05-01T22:07:00Z");
    assertThat(alerts.get(1).get("lastEventTime").asText()).isEqualTo("2024-05-01T10:49:00Z");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"scan --rules", "test", "validate"})
  void unreadableRulePaths_areReported_andExitWith3(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("no/such/rules");
    Run run = run(args.toArray(new String[0]));
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err())
        .startsWith("margay: cannot read no/such/rules")
        .doesNotContain("internal error");
  }

  @Test
  void missingInput_isReported_theScanGoesOn_andExitsWith3() {
    Run run =
        run(
            "scan",
            "--rules",
            SEED_RULE,
            "no/such/file.jsonl",
            "src/test/resources/events/mixed-clean.jsonl");
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err())
        .contains("no/such/file.jsonl: no such file or directory")
        .contains("12 record(s)");
  }

  @Test
  void validateOfTheSeedRule_warnsAboutSourceIpAddress_andSuggestsTheEventsSpelling() {
    Run run = run("validate", SEED_RULE);
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains(
            SEED_RULE
                + ":28:5: warning: SummaryAttributes field 'sourceIpAddress' matches "
                + "'sourceIPAddress' only ignoring case (keys fall back to a case-insensitive match; write it as the events do) [field-case]");
    assertThat(run.out()).doesNotContain("p_any_aws_arns");
    assertThat(run.out()).endsWith("1 file(s): 0 error(s), 1 warning(s)\n");
    assertThat(run("validate", "--strict", SEED_RULE).code()).isEqualTo(1);
  }

  @Test
  void validateReportsEveryProblemOfEveryFile() {
    Run run = run("validate", "src/test/resources/invalid");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "three_mistakes.yml:3:14: error: DisplayName: expected a string, found a list [type]")
        .contains("three_mistakes.yml:7:1: error: unknown key 'Sevrity'")
        .contains("three_mistakes.yml:10:16: error: unknown condition 'Equal'")
        .doesNotContain("python_rule.yml")
        .contains(
            "skipped (Margay runs YAML detections: AnalysisType rule with Detection):\n  1 Python rule (AnalysisType: rule, Filename)\n");
  }

  @Test
  void validateAsSarif_isSarif210_withRulesResultsAndLocations() throws Exception {
    Run run =
        run(
            "validate",
            "--format",
            "sarif",
            SEED_RULE,
            "src/test/resources/invalid/three_mistakes.yml");
    JsonNode sarif = JSON.readTree(run.out());
    assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
    JsonNode runNode = sarif.get("runs").get(0);
    assertThat(runNode.at("/tool/driver/version").asText()).isEqualTo(TestingCli.pomVersion());
    List<String> ruleIds = new ArrayList<>();
    runNode.get("tool").get("driver").get("rules").forEach(r -> ruleIds.add(r.get("id").asText()));
    assertThat(ruleIds)
        .contains(
            "unknown-key",
            "unknown-condition",
            "type",
            "unknown-field",
            "duplicate-rule-id",
            "tests");
    JsonNode results = runNode.get("results");
    assertThat(results.size()).isEqualTo(4);
    for (JsonNode result : results) {
      assertThat(ruleIds).contains(result.get("ruleId").asText());
      assertThat(result.get("level").asText()).isIn("error", "warning");
      assertThat(result.get("message").get("text").asText()).isNotBlank();
      JsonNode location = result.get("locations").get(0).get("physicalLocation");
      assertThat(location.get("artifactLocation").get("uri").asText())
          .startsWith("src/test/resources/");
      assertThat(location.get("region").get("startLine").asInt()).isPositive();
    }
  }

  @Test
  void testAsJunit_isWellFormedXml_whoseCountsEqualTheTextSummary(@TempDir Path dir)
      throws Exception {
    Path rule = dir.resolve("r.yml");
    Files.writeString(
        rule,
        TestingRule.header("R")
            + "Detection: ['eventName == \"X\"']\nTests:\n  - Name: wrong\n    ExpectedResult: true\n    Log: {eventName: Y}\n"
            + "  - Name: right\n    ExpectedResult: true\n    Log: {eventName: X}\n"
            + "  - Name: mocked <&>\n    ExpectedResult: true\n    Mocks: [{objectName: f, returnValue: 'x'}]\n    Log: {eventName: X}\n");
    String[] paths = {rule.toString(), "src/test/resources/invalid/three_mistakes.yml", SEED_RULE};
    Run text = run(concat(new String[] {"test"}, paths));
    Run junit = run(concat(new String[] {"test", "--format", "junit"}, paths));
    assertThat(text.code()).isEqualTo(1);
    assertThat(junit.code()).isEqualTo(1);
    String summary = text.out().strip().substring(text.out().strip().lastIndexOf('\n') + 1);
    Matcher m = Pattern.compile("(\\d+) passed, (\\d+) failed, (\\d+) skipped").matcher(summary);
    assertThat(m.matches()).as(summary).isTrue();
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(junit.out())));
    Element root = doc.getDocumentElement();
    int passed = Integer.parseInt(m.group(1));
    int failed = Integer.parseInt(m.group(2));
    int skipped = Integer.parseInt(m.group(3));
    assertThat(root.getAttribute("tests")).isEqualTo(String.valueOf(passed + failed + skipped));
    assertThat(root.getAttribute("failures")).isEqualTo(String.valueOf(failed));
    assertThat(root.getAttribute("skipped")).isEqualTo(String.valueOf(skipped));
    assertThat(doc.getElementsByTagName("testcase").getLength())
        .isEqualTo(passed + failed + skipped);
    assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(failed);
    assertThat(junit.err().strip()).isEqualTo(summary);
  }

  @Test
  void testAsJson_hasCountsAndResults() throws Exception {
    JsonNode report = JSON.readTree(run("test", "--format", "json", SEED_RULE).out());
    assertThat(report.get("passed").asInt()).isEqualTo(3);
    assertThat(report.get("results").get(0).get("test").asText())
        .isEqualTo("aws_ec2_security_group_modified.yml/Security Group Modified");
  }

  @Test
  void minimumTests_requiresATrueAndAFalseTest(@TempDir Path dir) throws Exception {
    Path rule = dir.resolve("only_true.yml");
    Files.writeString(
        rule,
        TestingRule.header("R")
            + "Detection: ['true']\nTests:\n  - Name: a\n    ExpectedResult: true\n    Log: {}\n"
            + "  - Name: b\n    ExpectedResult: true\n    Log: {}\n");
    assertThat(run("test", rule.toString()).code()).isZero();
    Run run = run("test", "--minimum-tests", "2", rule.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "only_true.yml: rule R needs at least one ExpectedResult: true and one false test")
        .endsWith("2 passed, 1 failed, 0 skipped\n");
  }

  @Test
  void selection_byRuleIdTagAndSeverity_selectsExactlyTheRulesAsked(@TempDir Path dir)
      throws Exception {
    // By RuleID glob: exactly the Tests entries of the project's Margay.Semantics.Is* rules.
    int isTests =
        RuleLoader.create().loadAll(List.of(Path.of("src/test/resources/rules"))).rules().stream()
            .filter(r -> r.id().startsWith("Margay.Semantics.Is"))
            .mapToInt(r -> r.tests().size())
            .sum();
    assertThat(isTests).isGreaterThan(10);
    assertThat(
            run(
                    "test",
                    "--only-failing",
                    "--rule-id",
                    "Margay.Semantics.Is*",
                    "src/test/resources/rules")
                .out())
        .isEqualTo(isTests + " passed, 0 failed, 0 skipped\n");
    assertThat(
            run("test", "--only-failing", "--tag", "security control", "src/test/resources/rules")
                .out())
        .isEqualTo("3 passed, 0 failed, 0 skipped\n");
    assertThat(run("test", "--severity", "Hight", "src/test/resources/rules").code()).isEqualTo(2);
    assertThat(run("test", "--only-failing", "--severity", "Info+", SEED_RULE).out())
        .isEqualTo("3 passed, 0 failed, 0 skipped\n");
    assertThat(run("test", "--only-failing", "--severity", "Low+", SEED_RULE).code())
        .as("nothing to run")
        .isEqualTo(1);
    Run none = run("test", "--only-failing", "--severity", "Critical", "src/test/resources/rules");
    assertThat(none.out()).isEqualTo("0 passed, 0 failed, 0 skipped\n");
    assertThat(none.err())
        .isEqualTo(
            "margay test: no YAML detection to run in src/test/resources/rules matching the selection\n");
    assertThat(none.code()).isEqualTo(1);
    // By severity: one rule per level, with 1, 2, 3, 4 and 5 tests, so each selection has its own
    // count.
    String[] levels = {"Info", "Low", "Medium", "High", "Critical"};
    for (int i = 0; i < levels.length; i++) {
      StringBuilder rule =
          new StringBuilder(
              "AnalysisType: rule\nRuleID: Sel."
                  + levels[i]
                  + "\nEnabled: true\n"
                  + "LogTypes: [AWS.CloudTrail]\nSeverity: "
                  + levels[i]
                  + "\nDetection: ['true']\nTests:\n");
      for (int t = 0; t <= i; t++) {
        rule.append("  - Name: t").append(t).append("\n    ExpectedResult: true\n    Log: {}\n");
      }
      Files.writeString(
          dir.resolve(levels[i].toLowerCase(java.util.Locale.ROOT) + ".yml"), rule.toString());
    }
    String rules = dir.toString();
    assertThat(run("test", "--only-failing", "--severity", "Critical", rules).out())
        .isEqualTo("5 passed, 0 failed, 0 skipped\n");
    assertThat(run("test", "--only-failing", "--severity", "medium", rules).out())
        .isEqualTo("3 passed, 0 failed, 0 skipped\n");
    assertThat(run("test", "--only-failing", "--severity", "High+", rules).out())
        .isEqualTo("9 passed, 0 failed, 0 skipped\n");
    assertThat(
            run("test", "--only-failing", "--severity", "Info", "--severity", "Low", rules).out())
        .isEqualTo("3 passed, 0 failed, 0 skipped\n");
    assertThat(
            run("test", "--only-failing", "--severity", "Low+", "--rule-id", "Sel.*i*", rules)
                .out())
        .as("Medium, High and Critical have an i; Info is below Low")
        .isEqualTo("12 passed, 0 failed, 0 skipped\n");
  }

  @Test
  void explain_showsLogicIndicatorsExclusionsOutputsAndDedup() {
    Run run = run("explain", SEED_RULE);
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains("not (errorCode is_not_null or errorMessage is_not_null)")
        .contains(
            "Indicators\n  eventName  in  AuthorizeSecurityGroupEgress, AuthorizeSecurityGroupIngress, "
                + "CreateSecurityGroup, DeleteSecurityGroup, RevokeSecurityGroupEgress, RevokeSecurityGroupIngress")
        .contains(
            "Exclusions (matches of these are suppressed)\n  errorCode     is_not_null  (no value)\n"
                + "  errorMessage  is_not_null  (no value)")
        .contains(
            "Output fields\n  eventName\n  eventSource\n  awsRegion\n  recipientAccountId\n  sourceIPAddress\n"
                + "  userAgent\n  userIdentity\n")
        .contains("dedup key   recipientAccountId");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("scan", "test", "validate", "explain")) {
      Run run = run(command, "--help");
      assertThat(run.code()).isZero();
      assertThat(run.out()).contains("Exit codes:").contains("Usage: margay " + command);
    }
  }

  @Test
  void readmeCommandExamples_allRunAndSucceed() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int marker = readme.indexOf("<!-- cli-examples");
    String block =
        readme.substring(
            readme.indexOf("```sh\n", marker) + 6,
            readme.indexOf("```", readme.indexOf("```sh\n", marker) + 6));
    List<String> commands = block.lines().filter(l -> l.startsWith("./margay ")).toList();
    assertThat(commands)
        .extracting(c -> c.split(" ")[1])
        .contains("scan", "test", "validate", "explain");
    for (String command : commands) {
      String[] args = command.substring("./margay ".length()).split(" +");
      Run run = run(Arrays.stream(args).map(a -> a.replace("'", "")).toArray(String[]::new));
      assertThat(run.code()).as(command + "\n" + run.err()).isZero();
    }
  }

  // From MainTest (merged here: the same surface, through the same runner).

  @Test
  void scan_ofTheSeedEvents_printsExactlyOneMatch_withTheSeedOutputs() throws Exception {
    Run run =
        run(
            "scan",
            "--rules",
            SEED_RULE,
            "src/test/resources/events/ec2_security_group_seed.jsonl");
    assertThat(run.code()).isZero();
    List<JsonNode> matches = run.jsonLines();
    assertThat(matches).hasSize(1);
    JsonNode match = matches.get(0);
    assertThat(match.get("ruleId").asText()).isEqualTo("AWS.EC2.SecurityGroupModified");
    assertThat(match.get("severity").asText()).isEqualTo("Info");
    assertThat(match.get("dedupKey").asText()).isEqualTo("123456789012");
    assertThat(match.get("dedupPeriodMinutes").asInt()).isEqualTo(720);
    assertThat(match.get("alertContext").get("userIdentity").isObject()).isTrue();
    assertThat(match.get("alertContext").size()).isEqualTo(7);
    assertThat(match.get("source").get("line").asInt()).isEqualTo(1);
    assertThat(run.err()).contains("3 record(s), 1 match(es), 0 error(s)");
  }

  @Test
  void scan_reportsBadLinesWithTheirNumbers_andEvaluatesTheRest(@TempDir Path dir)
      throws Exception {
    Path events = dir.resolve("events.jsonl");
    String good =
        Files.readAllLines(Path.of("src/test/resources/events/ec2_security_group_seed.jsonl"))
            .get(0);
    Files.writeString(events, "{broken\n" + good + "\n\n{\"a\":1,\"a\":2}\n" + good + "\n");
    Run run = run("scan", "--rules", SEED_RULE, events.toString());
    assertThat(run.code()).isZero();
    assertThat(run.out().strip().split("\n")).hasSize(2);
    assertThat(run.err())
        .contains(events + ":1: ")
        .contains(events + ":4: Duplicate field 'a'")
        .contains("2 record(s), 2 match(es), 2 error(s)");
  }

  @Test
  void test_ofTheProjectRules_passesEveryTestsEntry_andEndsWithTheSummaryLine() {
    int entries =
        RuleLoader.create().loadAll(List.of(Path.of("src/test/resources/rules"))).rules().stream()
            .mapToInt(r -> r.tests().size())
            .sum();
    assertThat(entries).isGreaterThan(100);
    Run run = run("test", "--only-failing", "src/test/resources/rules");
    assertThat(run.code()).isZero();
    assertThat(run.out()).isEqualTo(entries + " passed, 0 failed, 0 skipped\n");
  }

  @Test
  void test_countsAFileThatDoesNotLoadAsOneFailure() {
    Run run = run("test", "src/test/resources/invalid/three_mistakes.yml");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains("three_mistakes.yml:7:1: unknown key 'Sevrity'")
        .endsWith("0 passed, 1 failed, 0 skipped\n");
  }

  @Test
  void test_printsOneLinePerFailingEntry(@TempDir Path dir) throws Exception {
    Path rule =
        TestingRule.rule("R")
            .with("Detection: ['eventName == \"X\"']")
            .with("Tests:\n  - Name: wrong\n    ExpectedResult: true\n    Log: {eventName: Y}")
            .with(
                "  - Name: mocked\n    ExpectedResult: true\n"
                    + "    Mocks: [{objectName: f, returnValue: 'x'}]\n    Log: {eventName: X}")
            .writeTo(dir.resolve("r.yml"));
    Run run = run("test", rule.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .isEqualTo(
            "skip r.yml/mocked: skipped: uses Mocks (f), which only apply to Python rules ("
                + rule
                + ":11)\nr.yml/wrong: expected true, got false ("
                + rule
                + ":8)\n0 passed, 1 failed, 1 skipped\n");
  }

  @Test
  void usageErrors_exitWith2() {
    assertThat(run("scan").code()).isEqualTo(2);
    assertThat(run("nonsense").code()).isEqualTo(2);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
