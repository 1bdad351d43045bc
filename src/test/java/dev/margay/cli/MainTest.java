package dev.margay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void scan_ofTheSeedEvents_printsExactlyOneMatch_withTheSeedOutputs() throws Exception {
    int code =
        run(
            "scan",
            "--rules",
            "src/test/resources/rules/aws_ec2_security_group_modified.yml",
            "src/test/resources/events/ec2_security_group_seed.jsonl");
    assertThat(code).isZero();
    String[] lines = out.toString().strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode match = new ObjectMapper().readTree(lines[0]);
    assertThat(match.get("ruleId").asText()).isEqualTo("AWS.EC2.SecurityGroupModified");
    assertThat(match.get("severity").asText()).isEqualTo("Info");
    assertThat(match.get("dedupKey").asText()).isEqualTo("123456789012");
    assertThat(match.get("dedupPeriodMinutes").asInt()).isEqualTo(720);
    assertThat(match.get("alertContext").get("userIdentity").isObject()).isTrue();
    assertThat(match.get("alertContext").size()).isEqualTo(7);
    assertThat(match.get("source").get("line").asInt()).isEqualTo(1);
    assertThat(err.toString()).contains("3 record(s), 1 match(es), 0 error(s)");
  }

  @Test
  void scan_reportsBadLinesWithTheirNumbers_andEvaluatesTheRest(@TempDir Path dir)
      throws Exception {
    Path events = dir.resolve("events.jsonl");
    String good =
        Files.readAllLines(Path.of("src/test/resources/events/ec2_security_group_seed.jsonl"))
            .get(0);
    Files.writeString(events, "{broken\n" + good + "\n\n{\"a\":1,\"a\":2}\n" + good + "\n");
    int code =
        run(
            "scan",
            "--rules",
            "src/test/resources/rules/aws_ec2_security_group_modified.yml",
            events.toString());
    assertThat(code).isZero();
    assertThat(out.toString().strip().split("\n")).hasSize(2);
    assertThat(err.toString())
        .contains(events + ":1: ")
        .contains(events + ":4: Duplicate field 'a'")
        .contains("2 record(s), 2 match(es), 2 error(s)");
  }

  @Test
  void test_ofTheProjectRules_passesEveryTestsEntry_andEndsWithTheSummaryLine() {
    int entries =
        dev.margay.loader.RuleLoader.create()
            .loadAll(java.util.List.of(Path.of("src/test/resources/rules")))
            .rules()
            .stream()
            .mapToInt(r -> r.tests().size())
            .sum();
    assertThat(entries).isGreaterThan(100);
    int code = run("test", "--only-failing", "src/test/resources/rules");
    assertThat(code).isZero();
    assertThat(out.toString()).isEqualTo(entries + " passed, 0 failed, 0 skipped\n");
  }

  @Test
  void test_countsAFileThatDoesNotLoadAsOneFailure() {
    int code = run("test", "src/test/resources/invalid/three_mistakes.yml");
    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .contains("three_mistakes.yml:7:1: unknown key 'Sevrity'")
        .endsWith("0 passed, 1 failed, 0 skipped\n");
  }

  @Test
  void test_printsOneLinePerFailingEntry(@TempDir Path dir) throws Exception {
    Path rule = dir.resolve("r.yml");
    Files.writeString(
        rule,
        "AnalysisType: rule\nRuleID: R\nEnabled: true\nLogTypes: [AWS.CloudTrail]\nSeverity: Low\n"
            + "Detection: ['eventName == \"X\"']\nTests:\n  - Name: wrong\n    ExpectedResult: true\n    Log: {eventName: Y}\n"
            + "  - Name: mocked\n    ExpectedResult: true\n    Mocks: [{objectName: f, returnValue: 'x'}]\n    Log: {eventName: X}\n");
    int code = run("test", rule.toString());
    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .isEqualTo(
            "skip r.yml/mocked: skipped: uses Mocks (f), which only apply to Python rules ("
                + rule
                + ":11)\nr.yml/wrong: expected true, got false ("
                + rule
                + ":8)\n0 passed, 1 failed, 1 skipped\n");
  }

  @Test
  void usageErrors_exitWith2() {
    assertThat(run("scan")).isEqualTo(2);
    assertThat(run("nonsense")).isEqualTo(2);
  }
}
