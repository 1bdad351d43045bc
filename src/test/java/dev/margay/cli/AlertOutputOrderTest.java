package dev.margay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What README's Semantics says of alert output: the same alerts in both modes, written in
 * window-start order by default and in window-close order with {@code --max-disorder}; alert times
 * in milliseconds.
 */
class AlertOutputOrderTest {
  private static List<String> alerts(String... args) throws Exception {
    List<String> lines = new ArrayList<>();
    for (JsonNode a : TestingCli.run(args).succeeded().jsonLines()) {
      lines.add(
          a.get("ruleId").asText()
              + " "
              + a.get("windowStart").asText()
              + " "
              + a.get("windowEnd").asText()
              + " "
              + a.get("firstEventTime").asText()
              + " "
              + a.get("matchCount").asInt());
    }
    return lines;
  }

  @Test
  void streamedAlertsComeInWindowCloseOrder_exactOnesInWindowStartOrder_timesInMilliseconds(
      @TempDir Path dir) throws Exception {
    String common =
        "AnalysisType: rule\nEnabled: true\nLogTypes: [AWS.CloudTrail]\nSeverity: Low\n";
    Files.writeString(
        dir.resolve("long.yml"),
        common + "RuleID: Long\nDedupPeriodMinutes: 720\n" + "Detection: ['eventName == \"A\"']\n");
    Files.writeString(
        dir.resolve("short.yml"),
        common + "RuleID: Short\nDedupPeriodMinutes: 60\n" + "Detection: ['eventName == \"B\"']\n");
    Path events = dir.resolve("events.jsonl");
    Files.writeString(
        events,
        "{\"eventName\":\"A\",\"eventTime\":\"2024-01-01T10:00:00.123456789Z\"}\n"
            + "{\"eventName\":\"B\",\"eventTime\":\"2024-01-01T10:30:00Z\"}\n"
            + "{\"eventName\":\"B\",\"eventTime\":\"2024-01-01T12:00:00Z\"}\n");
    String longAlert =
        "Long 2024-01-01T10:00:00.123Z 2024-01-01T22:00:00.123Z 2024-01-01T10:00:00.123Z 1";
    String shortFirst = "Short 2024-01-01T10:30:00Z 2024-01-01T11:30:00Z 2024-01-01T10:30:00Z 1";
    String shortSecond = "Short 2024-01-01T12:00:00Z 2024-01-01T13:00:00Z 2024-01-01T12:00:00Z 1";

    assertThat(alerts("scan", "--alerts", "--rules", dir.toString(), events.toString()))
        .containsExactly(longAlert, shortFirst, shortSecond);
    assertThat(
            alerts(
                "scan",
                "--alerts",
                "--max-disorder",
                "1m",
                "--rules",
                dir.toString(),
                events.toString()))
        .containsExactly(shortFirst, shortSecond, longAlert);
  }
}
