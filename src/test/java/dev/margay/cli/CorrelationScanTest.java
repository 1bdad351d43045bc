package dev.margay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --alerts} with two Simple Detections (one of them {@code CreateAlert: false}) and a
 * correlation rule joining them on the alert context's user within 60 minutes: exactly the expected
 * correlation alerts, whatever the order of the input.
 */
class CorrelationScanTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RULES = "src/test/resources/correlation/rules";
  private static final Path EVENTS = Path.of("src/test/resources/correlation/iam_events.jsonl");

  private static List<String> correlationAlerts(String... args) throws IOException {
    List<String> alerts = new ArrayList<>();
    for (JsonNode alert : TestingCli.run(args).succeeded().jsonLines()) {
      if (alert.path("correlation").asBoolean()) {
        alerts.add(
            alert.get("joinValues").get(0).asText()
                + " "
                + alert.get("windowEnd").asText()
                + " "
                + alert.get("severity").asText()
                + " "
                + alert.get("title").asText()
                + " "
                + alert.get("signals"));
      }
    }
    return alerts;
  }

  private static final List<String> EXPECTED =
      List.of(
          "alice 2024-03-01T10:30:00Z High New IAM user made administrator "
              + "[{\"member\":\"created\",\"ruleId\":\"Test.IAM.CreateUser\",\"eventTime\":\"2024-03-01T10:00:00Z\"},"
              + "{\"member\":\"admin\",\"ruleId\":\"Test.IAM.AttachAdminPolicy\",\"eventTime\":\"2024-03-01T10:30:00Z\"}]",
          "dave 2024-03-01T11:20:00Z High New IAM user made administrator "
              + "[{\"member\":\"created\",\"ruleId\":\"Test.IAM.CreateUser\",\"eventTime\":\"2024-03-01T11:00:00Z\"},"
              + "{\"member\":\"admin\",\"ruleId\":\"Test.IAM.AttachAdminPolicy\",\"eventTime\":\"2024-03-01T11:20:00Z\"}]",
          "frank 2024-03-01T14:59:00Z High New IAM user made administrator "
              + "[{\"member\":\"created\",\"ruleId\":\"Test.IAM.CreateUser\",\"eventTime\":\"2024-03-01T14:59:00Z\"},"
              + "{\"member\":\"admin\",\"ruleId\":\"Test.IAM.AttachAdminPolicy\",\"eventTime\":\"2024-03-01T14:00:00Z\"}]");

  @Test
  void inFileOrder_givesAliceDaveAndFrankOnly() throws IOException {
    // bob: 2 h apart; carol: never created; dave's second attachment has no fresh creation to pair
    // with;
    // erin's creation failed (no signal); gina got read-only access.
    assertThat(
            correlationAlerts(
                "scan", "--alerts", "--workers", "1", "--rules", RULES, EVENTS.toString()))
        .containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void shuffledAndSplitAcrossFiles_givesTheSameAlerts(@TempDir Path dir) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(EVENTS));
    for (long seed : new long[] {1, 2, 3, 42}) {
      Collections.shuffle(lines, new Random(seed));
      Path a = dir.resolve("a-" + seed + ".jsonl");
      Path b = dir.resolve("b-" + seed + ".jsonl");
      Files.write(a, lines.subList(0, 7));
      Files.write(b, lines.subList(7, lines.size()));
      assertThat(
              correlationAlerts("scan", "--alerts", "--rules", RULES, b.toString(), a.toString()))
          .as("seed %d", seed)
          .containsExactlyElementsOf(EXPECTED);
    }
  }

  @Test
  void streamedWithADisorderBound_givesTheSameAlertsWhenTheInputIsWithinIt(@TempDir Path dir)
      throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(EVENTS));
    Collections.shuffle(lines, new Random(7));
    Path shuffled = dir.resolve("shuffled.jsonl");
    Files.write(shuffled, lines);
    assertThat(
            correlationAlerts(
                "scan", "--alerts", "--max-disorder", "1d", "--rules", RULES, shuffled.toString()))
        .containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void theCorrelationRuleTestsReplay() {
    TestingCli.Run run = TestingCli.run("test", RULES).succeeded();
    assertThat(run.out())
        .contains("ok   iam_admin_user_created.yml/made admin two hours later")
        .endsWith(
            "note: 2 correlation rule test(s) replayed from RuleOutputs: local approximation; Panther "
                + "evaluates correlation rules only in its backend\n6 passed, 0 failed, 0 skipped\n");
  }

  @Test
  void validateWarnsOfAMemberRuleIdThatNoLoadedFileDefines(@TempDir Path dir) throws IOException {
    Path rule = dir.resolve("corr.yml");
    Files.writeString(rule, Files.readString(Path.of(RULES, "iam_admin_user_created.yml")));
    // Alone, neither member rule is loaded: two warnings, and --strict makes them fail.
    TestingCli.Run alone = TestingCli.run("validate", rule.toString()).succeeded();
    assertThat(alone.out())
        .contains(
            "corr.yml:9:9: warning: member 'created' consumes signals of RuleID "
                + "'Test.IAM.CreateUser', which no loaded file defines")
        .contains("1 file(s): 0 error(s), 2 warning(s)");
    assertThat(TestingCli.run("validate", "--strict", rule.toString()).code()).isEqualTo(1);
    // With the folder, both are known.
    assertThat(TestingCli.run("validate", RULES).succeeded().out())
        .contains("3 file(s): 0 error(s), 0 warning(s)");
  }

  @Test
  void explainShowsMembersJoinAndWindow_andSaysItIsALocalApproximation() {
    assertThat(TestingCli.run("explain", RULES + "/iam_admin_user_created.yml").succeeded().out())
        .isEqualTo(
            """
        New IAM user made administrator
        RuleID      Test.IAM.AdminUserCreated (correlation rule, Group)
        Severity    High
        Enabled     true
        Lookback    60 minutes
        Members
          created: a signal of Test.IAM.CreateUser
          admin: a signal of Test.IAM.AttachAdminPolicy
        Joined on   user: created.p_alert_context.user = admin.p_alert_context.user
        Evaluation  local approximation; Panther evaluates correlation rules only in its backend
        """);
  }

  @Test
  void aSignalBehindTheWatermarkIsReportedAsLate(@TempDir Path dir) throws IOException {
    List<String> lines = Files.readAllLines(EVENTS);
    // alice's creation (10:00) arrives after erin's events (13:00+): 3 hours late for a 1-hour
    // bound.
    Path late = dir.resolve("late.jsonl");
    Files.write(late, List.of(lines.get(1), lines.get(8), lines.get(9), lines.get(0)));
    TestingCli.Run run =
        TestingCli.run(
                "scan",
                "--alerts",
                "--max-disorder",
                "1h",
                "--workers",
                "1",
                "--rules",
                RULES,
                late.toString())
            .succeeded();
    String err = run.err();
    assertThat(err)
        .contains(
            "margay: late signal, not correlated: Test.IAM.CreateUser at "
                + "2024-03-01T10:00:00Z (--max-disorder PT1H)");
    // The summary counts late signals beside late matches, and names the correlation rules run.
    assertThat(err)
        .containsPattern(
            "late match\\(es\\), 1 late signal\\(s\\), .* rule\\(s\\), \\d+ correlation rule\\(s\\);");
    assertThat(run.out()).doesNotContain("\"correlation\":true");
  }
}
