package dev.margay.cli;

import static dev.margay.cli.TestingCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margay.cli.TestingCli.Run;
import dev.margay.loader.AnalysisRoutingTest;
import dev.margay.loader.TestingRule;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * test, validate and scan on a Panther repository as users have them: every kind of analysis file,
 * CI workflows, test scenarios. What Margay cannot run is skipped by kind, with one line per kind.
 */
class RepositoryCommandsTest {

  private static final String SKIP_SUMMARY =
      """
      skipped (Margay runs YAML detections: AnalysisType rule with Detection):
        1 Python rule (AnalysisType: rule, Filename)
        1 derived rule (AnalysisType: rule, BaseDetection)
        1 scheduled rule (AnalysisType: scheduled_rule)
        1 policy (AnalysisType: policy)
        1 scheduled query (AnalysisType: scheduled_query)
        1 saved query (AnalysisType: saved_query)
        1 data model (AnalysisType: datamodel)
        1 global helper (AnalysisType: global)
        1 pack (AnalysisType: pack)
        1 lookup table (AnalysisType: lookup_table)
      """;

  @Test
  void test_runsTheDetection_skipsEveryOtherKindWithOneLinePerKind(@TempDir Path dir)
      throws Exception {
    Path repo = AnalysisRoutingTest.repository(dir);
    Run run = run("test", repo.toString());
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "ok   yaml_rule.yml/hit\nok   yaml_rule.yml/miss\n"
                + SKIP_SUMMARY
                + "note: ignored 2 YAML file(s) without AnalysisType (not Panther analysis files), e.g. "
                + repo.resolve("deploy/templates/job.yaml")
                + "\nmargay: skipped 2 hidden file(s) or editor backup(s) in the rule"
                + " folders\n2 passed, 0 failed, 10 skipped\n");
  }

  @Test
  void test_strict_turnsEverySkipIntoAFailure(@TempDir Path dir) throws Exception {
    Path repo = AnalysisRoutingTest.repository(dir);
    Run run = run("test", "--strict", "--only-failing", repo.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            repo.resolve("rules/python_rule.yml")
                + ":2:1: a Python rule (Py.Rule) is not run by "
                + "Margay, which runs YAML detections only (--strict)\n")
        .endsWith("2 passed, 10 failed, 0 skipped\n");
  }

  @Test
  void selectionAppliesToEveryKind_beforeSkipsAreCounted(@TempDir Path dir) throws Exception {
    Path repo = AnalysisRoutingTest.repository(dir);
    Run tagged = run("test", "--only-failing", "--tag", "team a", repo.toString());
    assertThat(tagged.code()).isZero();
    assertThat(tagged.out())
        .endsWith(
            "  1 Python rule (AnalysisType: rule, Filename)\n"
                + "note: ignored 2 YAML file(s) "
                + "without AnalysisType (not Panther analysis files), e.g. "
                + repo.resolve("deploy/templates/job.yaml")
                + "\nmargay: skipped 2 hidden file(s) or editor backup(s) in the rule folders\n2 passed, 0 failed, 1 skipped\n");
    Run critical = run("test", "--only-failing", "--severity", "Critical", repo.toString());
    assertThat(critical.out())
        .contains("  1 policy (AnalysisType: policy)\n")
        .endsWith("0 passed, 0 failed, 1 skipped\n");
    assertThat(critical.code()).isEqualTo(1);
    assertThat(critical.err())
        .isEqualTo(
            "margay test: no YAML detection to run in " + repo + " matching the selection\n");
    Run byId = run("test", "--only-failing", "--rule-id", "Py.*", repo.toString());
    assertThat(byId.out())
        .endsWith(
            "  1 Python rule (AnalysisType: rule, Filename)\n"
                + "note: ignored 2 YAML file(s) "
                + "without AnalysisType (not Panther analysis files), e.g. "
                + repo.resolve("deploy/templates/job.yaml")
                + "\nmargay: skipped 2 hidden file(s) or editor backup(s) in the rule folders\n0 passed, 0 failed, 1 skipped\n");
    assertThat(byId.code()).isEqualTo(1);
  }

  @Test
  void test_ofAFolderWithoutRuleFiles_isAnError(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "no rules here");
    Run run = run("test", dir.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("0 passed, 0 failed, 0 skipped\n");
    assertThat(run.err())
        .isEqualTo(
            "margay test: no YAML detection to run in " + dir + " (no .yml or .yaml file found)\n");
  }

  @Test
  void validate_ofAFolderWithoutRuleFiles_isAnErrorNamingIt_asInTestAndScan(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "no rules here");
    Run run = run("validate", dir.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("0 file(s): 0 error(s), 0 warning(s)\n");
    assertThat(run.err())
        .isEqualTo(
            "margay validate: no YAML detection to validate in "
                + dir
                + " (no .yml or .yaml file found)\n");
  }

  @Test
  void validate_withASelection_countsTheSelectedFiles_andASelectionMatchingNothingIsAnError(
      @TempDir Path dir) throws Exception {
    Path repo = AnalysisRoutingTest.repository(dir);
    Run one = run("validate", "--rule-id", "Yaml.Rule", repo.toString());
    assertThat(one.code()).isZero();
    assertThat(one.out()).endsWith("14 file(s), 1 selected: 0 error(s), 0 warning(s)\n");
    Run json = run("validate", "--format", "json", "--rule-id", "Yaml.Rule", repo.toString());
    assertThat(new ObjectMapper().readTree(json.out()).get("selected").asInt()).isEqualTo(1);
    // AND across option kinds: the YAML rule is not Critical, so nothing is left.
    Run none = run("validate", "--rule-id", "Yaml.Rule", "--severity", "Critical", repo.toString());
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.out()).endsWith("14 file(s), 0 selected: 0 error(s), 0 warning(s)\n");
    assertThat(none.err())
        .isEqualTo(
            "margay validate: no YAML detection to validate in "
                + repo
                + " matching the selection\n");
  }

  @Test
  void explain_ofADirectory_isAUsageErrorSayingItTakesOneRuleFile(@TempDir Path dir) {
    Run run = run("explain", dir.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "margay explain: explain takes one rule file, and "
                + dir
                + " is a directory (margay validate or margay test take directories)\n");
  }

  @Test
  void validate_reportsNoErrorForOtherKinds_andStrictFailsOnThem(@TempDir Path dir)
      throws Exception {
    Path repo = AnalysisRoutingTest.repository(dir);
    Run run = run("validate", repo.toString());
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains(SKIP_SUMMARY)
        .endsWith("14 file(s): 0 error(s), 0 warning(s), 10 skipped\n");
    Run strict = run("validate", "--strict", repo.toString());
    assertThat(strict.code()).isEqualTo(1);
    assertThat(strict.out())
        .contains(
            repo.resolve("policies/p.yaml")
                + ":1:15: error: a policy (Some.Policy) is not run "
                + "by Margay, which runs YAML detections only (--strict) [unsupported]\n")
        .endsWith("14 file(s): 10 error(s), 0 " + "warning(s), 10 skipped\n");
    Run json = run("validate", "--format", "json", repo.toString());
    assertThat(new ObjectMapper().readTree(json.out()).get("skipped").asInt()).isEqualTo(10);
    // The .github workflow and the hidden file are said in all three commands, with the same line.
    String hidden = "margay: skipped 2 hidden file(s) or editor backup(s) in the rule folders\n";
    assertThat(run.out()).contains(hidden);
    assertThat(new ObjectMapper().readTree(json.out()).get("hidden").asInt()).isEqualTo(2);
    assertThat(json.err()).contains(hidden);
    assertThat(run("test", repo.toString()).out()).contains(hidden);
    assertThat(run("test", "--format", "json", repo.toString()).err()).contains(hidden);
  }

  @Test
  void scan_withRulesOfEveryKind_runsTheDetection_andSaysWhatItSkipped(@TempDir Path dir)
      throws Exception {
    Path repo = AnalysisRoutingTest.repository(dir);
    Path events = dir.resolve("events.jsonl");
    Files.writeString(events, "{\"eventName\":\"X\"}\n{\"eventName\":\"Y\"}\n");
    Run run = run("scan", "--rules", repo.toString(), events.toString());
    assertThat(run.code()).isZero();
    assertThat(run.out().lines())
        .singleElement()
        .satisfies(l -> assertThat(l).contains("\"ruleId\":\"Yaml.Rule\""));
    // The repository's .github workflow and a hidden file are passed over by the folder walker, and
    // said so.
    assertThat(run.err())
        .startsWith(
            "margay: skipped 2 hidden file(s) or editor backup(s) in the rule folders\n"
                + SKIP_SUMMARY)
        .contains("1 match(es)");
    Run none = run("scan", "--rules", repo.resolve("policies").toString(), events.toString());
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err())
        .endsWith("margay scan: no YAML detection to run in " + repo.resolve("policies") + "\n");
  }

  @Test
  void pantherAnalysis_testsPass_andNothingIsCalledAFailedPythonRule() throws Exception {
    Path repo = Path.of("../shared/panther-analysis");
    Assumptions.assumeTrue(
        Files.isDirectory(repo),
        "../shared/panther-analysis is absent: the real-repository check " + "cannot run");
    Run run = run("test", "--format", "json", repo.toString());
    assertThat(run.code()).isZero();
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.get("failed").asInt()).isZero();
    assertThat(report.get("passed").asInt()).isPositive();
    assertThat(report.get("skippedFiles").get("python_rule").asInt()).isGreaterThan(800);
    assertThat(run.err()).containsPattern("\\d+ passed, 0 failed, \\d+ skipped\\n$");
    Run validate = run("validate", repo.toString());
    assertThat(validate.code()).isZero();
    assertThat(validate.out())
        .containsPattern(" 0 error\\(s\\), \\d+ warning\\(s\\), \\d+ skipped\\n$");
  }

  @Test
  void validate_aComparisonWithNull_isALocatedErrorThatSaysWhatToWrite(@TempDir Path dir)
      throws Exception {
    Path rule = dir.resolve("null.yml");
    Files.writeString(rule, TestingRule.header("R") + "Detection:\n  - errorCode != null\n");
    Run run = run("validate", rule.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .startsWith(
            rule
                + ":7:18: error: bad condition: 'null' is not a value to compare with: write "
                + "'errorCode is_not_null' (a field named null is written [\"null\"]) [bad-condition]\n");
  }

  @Test
  void test_saysOnStderrWhenTheRulesLoadedWithWarnings_andNothingWhenThereAreNone(@TempDir Path dir)
      throws Exception {
    String tests = "Tests:\n  - Name: hit\n    ExpectedResult: true\n    Log: {eventName: X}\n";
    Path rule = dir.resolve("hight.yml");
    Files.writeString(
        rule,
        TestingRule.header("R")
            + "Detection: ['eventName == \"X\"']\nDynamicSeverities:\n  - ChangeTo: Hight\n    Conditions: ['eventName == \"X\"']\n"
            + tests);
    Run run = run("test", rule.toString());
    assertThat(run.code()).isZero();
    assertThat(run.out()).isEqualTo("ok   hight.yml/hit\n1 passed, 0 failed, 0 skipped\n");
    assertThat(run.err())
        .isEqualTo(
            "note: 1 load warning(s), e.g. "
                + rule
                + ":8:15: ChangeTo: unknown severity 'Hight' "
                + "(did you mean 'High'?); Panther keeps the base severity (Low) for it; allowed: Info, Low, Medium, High, "
                + "Critical, DEFAULT [unknown-severity]; run margay validate "
                + rule
                + " to see them all\n");
    Path clean = dir.resolve("clean.yml");
    Files.writeString(
        clean, TestingRule.header("C") + "Detection: ['eventName == \"X\"']\n" + tests);
    Run quiet = run("test", clean.toString());
    assertThat(quiet.code()).isZero();
    assertThat(quiet.err()).isEmpty();
  }

  @Test
  void validate_ofADevice_failsQuicklyWithALocatedLimitError() {
    Assumptions.assumeTrue(
        Files.exists(Path.of("/dev/zero")), "/dev/zero is absent on this system");
    Run run = run("validate", "/dev/zero");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .startsWith(
            "/dev/zero:1:1: error: the file has more than 16777216 bytes; rule files are "
                + "limited to 16777216 [limit]\n");
  }

  @Test
  void pantherHistorical_everyTestRuns_andOnlyWhatItsReadmeCallsBrokenFails() throws Exception {
    Path corpus = Path.of("../shared/conformance/panther-historical");
    Assumptions.assumeTrue(
        Files.isDirectory(corpus), "../shared/conformance/panther-historical is absent");
    Run run = run("test", "--format", "json", corpus.toString());
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.get("passed").asInt()).isEqualTo(114);
    assertThat(report.get("failed").asInt()).isEqualTo(2);
    java.util.List<String> failures = new java.util.ArrayList<>();
    report
        .get("results")
        .forEach(
            r -> {
              if (r.get("status").asText().equals("failed")) {
                failures.add(r.get("message").asText().lines().findFirst().orElseThrow());
              }
            });
    assertThat(failures)
        .containsExactly(
            corpus.resolve("github_repository_cloned.yml") + ":1:1: missing required key Severity",
            corpus.resolve("panther_admin_role_assignment_demo.yml")
                + ":1:1: duplicate RuleID 'Panther.AdminRole.Assignment.Demo' "
                + "(already defined at "
                + corpus.resolve("panther_admin_role_assignment.yml")
                + ":1)");
    Run validate =
        run("validate", corpus.resolve("sentinelone_alert_passthrough_simple.yml").toString());
    assertThat(validate.code()).isZero();
    assertThat(validate.out())
        .contains(":53:15: warning: ChangeTo: unknown severity 'Hight' (did you mean 'High'?)")
        .contains(":50:14: warning: Key reads one member name ('data.severity')");
  }

  @Test
  void test_asJUnit_countsFilesNotRunAsSkippedCases(@TempDir Path dir) throws Exception {
    Path repo = AnalysisRoutingTest.repository(dir);
    Run run = run("test", "--format", "junit", repo.toString());
    assertThat(run.code()).isZero();
    org.w3c.dom.Document xml =
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new org.xml.sax.InputSource(new java.io.StringReader(run.out())));
    org.w3c.dom.Element suites = xml.getDocumentElement();
    assertThat(suites.getAttribute("tests")).isEqualTo("12");
    assertThat(suites.getAttribute("failures")).isEqualTo("0");
    assertThat(suites.getAttribute("skipped")).isEqualTo("10");
    assertThat(run.err()).endsWith("2 passed, 0 failed, 10 skipped\n");
  }

  @Test
  void test_readsLogsAsPanthersLoaderDoes_escapesMergeKeysAndFlowKeys(@TempDir Path dir)
      throws Exception {
    String header =
        TestingRule.header("R") + "Detection:\n  - userAgent == \"aws-cli/2.0\"\nTests:\n";
    Path good = dir.resolve("good.yml");
    Files.writeString(
        good,
        header
            + "  - Name: base\n    ExpectedResult: true\n    Log: &base {\"userAgent\": \"aws-cli\\/2.0\"}\n"
            + "  - Name: merged\n    ExpectedResult: false\n    Log:\n      <<: *base\n      userAgent: other\n");
    Run ok = run("test", good.toString());
    assertThat(ok.out())
        .isEqualTo("ok   good.yml/base\nok   good.yml/merged\n2 passed, 0 failed, 0 skipped\n");
    assertThat(ok.code()).isZero();
    Path flow = dir.resolve("flow.yml");
    Files.writeString(
        flow,
        header
            + "  - Name: root\n    ExpectedResult: true\n    Log: {userIdentity:{type: Root}}\n");
    Run bad = run("test", flow.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.out())
        .startsWith(
            flow
                + ":11:23: invalid YAML: in a flow collection Panther's loader (ruamel.yaml) reads "
                + "'userIdentity:' as one plain scalar when no space follows the ':', and then rejects the '{': write "
                + "'userIdentity: {' with a space after ':', or quote the key\n");
  }
}
