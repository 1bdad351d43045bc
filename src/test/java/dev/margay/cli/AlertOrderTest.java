package dev.margay.cli;

import static dev.margay.cli.TestingCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margay.cli.TestingCli.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --alerts} gives alerts that are a function of the matches, not of the order in which
 * files and records are read: the reproductions of issue 11, and the bench file in three orders.
 */
class AlertOrderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path BENCH = Path.of("../shared/bench/cloudtrail-real.jsonl.gz");
  private static final String CORPUS = "../shared/conformance/panther-cloudtrail";

  /** A threshold-2, 60-minute rule on failed console logins, grouped by user. */
  private static Path rule(Path dir, int threshold) throws IOException {
    Path rule = dir.resolve("rule" + threshold + ".yml");
    Files.writeString(
        rule,
        "AnalysisType: rule\nRuleID: Test.LoginFailures\nEnabled: true\nLogTypes: [AWS.CloudTrail]\n"
            + "Severity: Medium\nThreshold: "
            + threshold
            + "\nDedupPeriodMinutes: 60\n"
            + "Detection:\n  - 'eventName == \"ConsoleLogin\"'\n  - 'responseElements.ConsoleLogin == \"Failure\"'\n"
            + "GroupBy:\n  - KeyPath: userIdentity.userName\n"
            + "AlertContext:\n  - KeyName: region\n    KeyValue:\n      KeyPath: awsRegion\n");
    return rule;
  }

  private static String failure(String user, String region, String time) {
    return "{\"eventName\":\"ConsoleLogin\",\"awsRegion\":\""
        + region
        + "\",\"userIdentity\":{\"userName\":\""
        + user
        + "\"},\"responseElements\":{\"ConsoleLogin\":\"Failure\"}"
        + (time == null ? "" : ",\"eventTime\":" + time)
        + "}\n";
  }

  @Test
  void bucketTree_walkedRegionByRegion_givesTheDay1PairsOnly(@TempDir Path dir) throws IOException {
    // Sorted walk: us-east-1/day1, us-east-1/day2, us-west-2/day1; the real pairs are on day 1
    // across regions.
    Path east1 = dir.resolve("bucket/us-east-1/2024/01/01/a.json");
    Path east2 = dir.resolve("bucket/us-east-1/2024/01/02/a.json");
    Path west1 = dir.resolve("bucket/us-west-2/2024/01/01/a.json");
    for (Path p : List.of(east1, east2, west1)) {
      Files.createDirectories(p.getParent());
    }
    Files.writeString(
        east1,
        failure("alice", "us-east-1", "\"2024-01-01T10:30:00Z\"")
            + failure("bob", "us-east-1", "\"2024-01-01T10:30:00Z\""));
    Files.writeString(
        east2,
        failure("alice", "us-east-1", "\"2024-01-02T10:00:00Z\"")
            + failure("bob", "us-east-1", "\"2024-01-02T10:00:00Z\""));
    Files.writeString(
        west1,
        failure("alice", "us-west-2", "\"2024-01-01T10:45:00Z\"")
            + failure("bob", "us-west-2", "\"2024-01-01T10:50:00Z\""));
    Run run =
        run(
            "scan",
            "--alerts",
            "--rules",
            rule(dir, 2).toString(),
            dir.resolve("bucket").toString());
    assertThat(run.code()).isZero();
    List<JsonNode> alerts = run.jsonLines();
    assertThat(alerts).extracting(a -> a.get("dedupKey").asText()).containsExactly("alice", "bob");
    assertThat(alerts).extracting(a -> a.get("matchCount").asInt()).containsExactly(2, 2);
    assertThat(alerts)
        .extracting(a -> a.get("windowStart").asText())
        .containsOnly("2024-01-01T10:30:00Z");
    assertThat(alerts)
        .extracting(a -> a.get("lastEventTime").asText())
        .containsExactly("2024-01-01T10:45:00Z", "2024-01-01T10:50:00Z");
    assertThat(alerts)
        .extracting(a -> a.get("alertContext").get("region").asText())
        .containsOnly("us-east-1");
  }

  @Test
  void aRecordWithoutReadableTime_beforeFailuresOnThreeDays_neverMakesOneAlertOfThem(
      @TempDir Path dir) throws IOException {
    for (String missing :
        List.of("", "no eventTime", "\"yesterday\"", "\"+1000000000-12-31T23:59:59Z\"", "12")) {
      Path events = dir.resolve("events.jsonl");
      Files.writeString(
          events,
          failure(
                  "alice",
                  "us-east-1",
                  missing.isEmpty() || missing.startsWith("no") ? null : missing)
              + failure("alice", "us-east-1", "\"2024-01-01T10:00:00Z\"")
              + failure("alice", "us-east-1", "\"2024-01-02T10:00:00Z\"")
              + failure("alice", "us-east-1", "\"2024-01-03T10:00:00Z\""));
      Run one = run("scan", "--alerts", "--rules", rule(dir, 1).toString(), events.toString());
      assertThat(one.code()).isZero();
      List<JsonNode> alerts = one.jsonLines();
      // One alert per day, and the timeless record alone at the scan's parse time (after the
      // three).
      assertThat(alerts)
          .extracting(a -> a.get("windowStart").asText())
          .startsWith("2024-01-01T10:00:00Z", "2024-01-02T10:00:00Z", "2024-01-03T10:00:00Z")
          .hasSize(4);
      assertThat(alerts).extracting(a -> a.get("matchCount").asInt()).containsOnly(1);
      assertThat(
              run("scan", "--alerts", "--rules", rule(dir, 3).toString(), events.toString())
                  .jsonLines())
          .isEmpty();
      for (String bound : List.of("0s", "1d")) {
        Run streamed =
            run(
                "scan",
                "--alerts",
                "--max-disorder",
                bound,
                "--rules",
                rule(dir, 1).toString(),
                events.toString());
        assertThat(streamed.jsonLines()).hasSize(4);
        assertThat(streamed.err()).contains("0 late match(es)");
      }
    }
  }

  private static List<String> benchLines() throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(BENCH))) {
      return new ArrayList<>(
          List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
    }
  }

  private static Run scanLines(Path dir, String name, List<String> lines, String... options)
      throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, lines);
    List<String> args = new ArrayList<>(List.of("scan", "--alerts"));
    args.addAll(List.of(options));
    args.addAll(List.of("--rules", CORPUS, file.toString()));
    return run(args.toArray(String[]::new));
  }

  @Test
  void benchFile_asIs_reversed_andShuffled_givesTheSameAlerts_theTimeSortedOnes(@TempDir Path dir)
      throws IOException {
    List<String> lines = benchLines();
    Run asIs = scanLines(dir, "as-is.jsonl", lines);
    List<String> reversed = new ArrayList<>(lines);
    Collections.reverse(reversed);
    List<String> shuffled = new ArrayList<>(lines);
    Collections.shuffle(shuffled, new Random(42));
    assertThat(asIs.code()).isZero();
    assertThat(asIs.err()).contains("2526 match(es), 45 alert(s)");
    assertThat(asIs.jsonLines()).hasSize(45);
    assertThat(scanLines(dir, "reversed.jsonl", reversed).out()).isEqualTo(asIs.out());
    assertThat(scanLines(dir, "shuffled.jsonl", shuffled).out()).isEqualTo(asIs.out());
    // The file is at most 119 days out of order: a 120-day bound streams the same alerts, none
    // late.
    Run streamed = scanLines(dir, "as-is.jsonl", lines, "--max-disorder", "120d");
    assertThat(streamed.err()).contains("45 alert(s), 0 late match(es)");
    assertThat(sortedLines(streamed.out())).isEqualTo(sortedLines(asIs.out()));
    // A one-hour bound is not enough for this file: late matches are reported and counted, not
    // merged.
    Run tooTight = scanLines(dir, "as-is.jsonl", lines, "--max-disorder", "1h");
    assertThat(tooTight.err())
        .contains("late match, not grouped: ")
        .doesNotContain(" 0 late match(es)");
    // Shuffled, nearly every match is late for a one-hour bound: 100 are shown, all are counted.
    Run shuffledTight = scanLines(dir, "shuffled.jsonl", shuffled, "--max-disorder", "1h");
    assertThat(shuffledTight.err().lines().filter(l -> l.startsWith("margay: late match")).count())
        .isEqualTo(100);
    assertThat(shuffledTight.err())
        .contains("; further late matches are only counted")
        .containsPattern(", [1-9][0-9]{2,} late match\\(es\\)");
  }

  @Test
  void oneAbsurdTimestamp_inTheBenchFile_losesNoAlert(@TempDir Path dir) throws IOException {
    List<String> lines = benchLines();
    Run clean = scanLines(dir, "clean.jsonl", lines);
    // A copy of a matching record with absurd and garbage times, at the start, the middle and the
    // end.
    String matching =
        lines.stream()
            .filter(l -> l.contains("\"eventName\":\"ConsoleLogin\""))
            .findFirst()
            .orElseThrow();
    List<String> hostile = new ArrayList<>(lines);
    String absurd =
        matching.replaceFirst(
            "\"eventTime\":\"[^\"]*\"", "\"eventTime\":\"+1000000000-12-31T23:59:59Z\"");
    String garbage =
        matching.replaceFirst("\"eventTime\":\"[^\"]*\"", "\"eventTime\":\"\\\\u0000garbage\"");
    assertThat(absurd).isNotEqualTo(matching);
    hostile.add(0, absurd);
    hostile.add(lines.size() / 2, garbage);
    hostile.add(absurd);
    Run run = scanLines(dir, "hostile.jsonl", hostile);
    assertThat(run.code()).isZero();
    assertThat(run.err()).doesNotContain("Exception");
    List<String> cleanAlerts = sortedLines(clean.out());
    List<String> hostileAlerts = sortedLines(run.out());
    assertThat(hostileAlerts)
        .containsAll(
            cleanAlerts.stream()
                .filter(
                    a ->
                        !a.contains("\"ruleId\":\"AWS.Console.Sign-In\"")
                            && !a.contains("ConsoleLogin"))
                .toList());
    assertThat(hostileAlerts.size()).isGreaterThanOrEqualTo(cleanAlerts.size());
  }

  @Test
  void maxDisorder_isADurationForAlerts_elseAUsageError(@TempDir Path dir) throws IOException {
    Path events = dir.resolve("e.jsonl");
    Files.writeString(events, failure("alice", "us-east-1", "\"2024-01-01T10:00:00Z\""));
    String rule = rule(dir, 1).toString();
    assertThat(run("scan", "--max-disorder", "1h", "--rules", rule, events.toString()).code())
        .isEqualTo(2);
    for (String bad : List.of("1 hour", "-PT1H", "\u001b[2J", "99999999999999d")) {
      Run r = run("scan", "--alerts", "--max-disorder", bad, "--rules", rule, events.toString());
      assertThat(r.code()).as(bad).isEqualTo(2);
      assertThat(r.err()).contains("--max-disorder: expected a duration").doesNotContain("\u001b");
    }
    for (String good : List.of("0s", "500ms", "90s", "15m", "2h", "7d", "PT1H30M")) {
      assertThat(
              run("scan", "--alerts", "--max-disorder", good, "--rules", rule, events.toString())
                  .jsonLines())
          .as(good)
          .hasSize(1);
    }
  }

  private static List<String> sortedLines(String out) {
    List<String> lines = new ArrayList<>(List.of(out.strip().split("\n")));
    Collections.sort(lines);
    return lines;
  }
}
