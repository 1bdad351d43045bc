package dev.margay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margay.loader.RuleLoader;
import dev.margay.rule.Rule;
import dev.margay.rule.RuleTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scan adds Panther's standard fields to raw logs by default; --raw leaves events as read. */
class StandardFieldsScanTest {
  private static final String SEED_RULE =
      "src/test/resources/rules/aws_ec2_security_group_modified.yml";

  private static String[] run(String... args) {
    return TestingCli.run(args).succeeded().out().strip().split("\n");
  }

  @Test
  void seedRule_overItsOwnTrueTestEvent_asRawCloudTrail_printsPAnyAwsArns(@TempDir Path dir)
      throws Exception {
    Rule rule = RuleLoader.create().load(Path.of(SEED_RULE));
    RuleTest truth =
        rule.tests().stream().filter(RuleTest::expectedResult).findFirst().orElseThrow();
    assertThat(truth.log().json().has("p_any_aws_arns")).isFalse();
    Path events = dir.resolve("raw.jsonl");
    Files.writeString(events, truth.log().toJson() + "\n");
    String[] lines = run("scan", "--rules", SEED_RULE, events.toString());
    JsonNode summary = new ObjectMapper().readTree(lines[0]).get("summaryAttributes");
    assertThat(summary.get("p_any_aws_arns").toString())
        .isEqualTo(
            "[\"arn:aws:iam::123456789012:role/tester\","
                + "\"arn:aws:sts::123456789012:assumed-role/tester\"]");
    JsonNode raw =
        new ObjectMapper()
            .readTree(run("scan", "--raw", "--rules", SEED_RULE, events.toString())[0]);
    assertThat(raw.get("summaryAttributes").has("p_any_aws_arns")).isFalse();
  }

  @Test
  void eventTimeInGroupBy_isRenderedInPanthersLayout(@TempDir Path dir) throws Exception {
    Path events = dir.resolve("root.jsonl");
    Files.writeString(
        events,
        "{\"eventName\":\"ConsoleLogin\",\"eventType\":\"AwsConsoleSignIn\",\"userIdentity\":"
            + "{\"type\":\"Root\"},\"recipientAccountId\":\"123456789012\",\"responseElements\":{\"ConsoleLogin\":\"Success\"},"
            + "\"eventTime\":\"2024-01-01T10:00:00Z\",\"sourceIPAddress\":\"1.2.3.4\"}\n");
    String rules = "../shared/conformance/panther-cloudtrail/aws_console_root_login.yml";
    JsonNode m = new ObjectMapper().readTree(run("scan", "--rules", rules, events.toString())[0]);
    assertThat(m.get("dedupKey").asText()).endsWith(":2024-01-01 10:00:00.000000000");
    JsonNode raw =
        new ObjectMapper().readTree(run("scan", "--raw", "--rules", rules, events.toString())[0]);
    assertThat(raw.get("dedupKey").asText()).endsWith(":2024-01-01T10:00:00Z");
  }

  @Test
  void eventTimesWhoseUtcYearIsOutside0000To9999_areNoTime_inMatchesAndAlerts(@TempDir Path dir)
      throws Exception {
    StringBuilder lines = new StringBuilder();
    for (String time : new String[] {"0000-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"}) {
      lines.append(
          "{\"eventName\":\"ConsoleLogin\",\"eventType\":\"AwsConsoleSignIn\",\"userIdentity\":"
              + "{\"type\":\"Root\"},\"recipientAccountId\":\"123456789012\",\"responseElements\":{\"ConsoleLogin\":"
              + "\"Success\"},\"eventTime\":\""
              + time
              + "\",\"sourceIPAddress\":\"1.2.3.4\"}\n");
    }
    Path events = dir.resolve("edges.jsonl");
    Files.writeString(events, lines.toString());
    String rules = "../shared/conformance/panther-cloudtrail/aws_console_root_login.yml";
    String[] out = run("scan", "--rules", rules, events.toString());
    assertThat(out).hasSize(2);
    assertThat(new ObjectMapper().readTree(out[0]).get("dedupKey").asText())
        .endsWith(":0000-01-01T00:00:00+14:00");
    assertThat(new ObjectMapper().readTree(out[1]).get("dedupKey").asText())
        .endsWith(":9999-12-31T23:59:59-14:00");
    for (String alert : run("scan", "--alerts", "--rules", rules, events.toString())) {
      JsonNode a = new ObjectMapper().readTree(alert);
      // no time: the match counts at the scan's parse time, a real date of this century
      assertThat(a.get("firstEventTime").asText()).matches("20\\d\\d-.*");
    }
  }
}
