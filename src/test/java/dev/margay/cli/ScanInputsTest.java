package dev.margay.cli;

import static dev.margay.cli.TestingCli.run;
import static dev.margay.cli.TestingCli.runWithStdin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.cli.TestingCli.Run;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code margay scan} on the inputs real CloudTrail delivery produces, end to end through {@link
 * Main#run}.
 */
class ScanInputsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CONFORMANCE = Path.of("../shared/conformance/panther-cloudtrail");
  private static final Path BENCH = Path.of("../shared/bench/cloudtrail-real.jsonl.gz");
  private static final String SEED_RULE =
      "src/test/resources/rules/aws_ec2_security_group_modified.yml";

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Matches without their source position, sorted: the same records give the same list whatever
   * their order.
   */
  private static List<String> matches(String jsonLines) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : jsonLines.split("\n")) {
      if (!line.isBlank()) {
        ObjectNode node = (ObjectNode) JSON.readTree(line);
        node.remove("source");
        out.add(node.toString());
      }
    }
    out.sort(null);
    return out;
  }

  /** The summary's counts: files, records, matches, errors, skipped. */
  private static long[] summary(String err) {
    Matcher m =
        Pattern.compile(
                "margay scan: (\\d+) file\\(s\\), (\\d+) record\\(s\\), (\\d+) match\\(es\\), (\\d+) "
                    + "error\\(s\\), (\\d+) skipped")
            .matcher(err);
    assertThat(m.find()).as(err).isTrue();
    return new long[] {
      Long.parseLong(m.group(1)),
      Long.parseLong(m.group(2)),
      Long.parseLong(m.group(3)),
      Long.parseLong(m.group(4)),
      Long.parseLong(m.group(5))
    };
  }

  private static List<String> benchEvents(int n) throws IOException {
    Assumptions.assumeTrue(
        Files.exists(BENCH) && Files.isDirectory(CONFORMANCE),
        "../shared is not next to the project");
    List<String> events = new ArrayList<>();
    try (var reader =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                new GZIPInputStream(Files.newInputStream(BENCH)), StandardCharsets.UTF_8))) {
      String line;
      while (events.size() < n && (line = reader.readLine()) != null) {
        events.add(line);
      }
    }
    return events;
  }

  /**
   * "Done when" 2: a directory shaped like a CloudTrail bucket gives exactly the matches of the
   * same records as one clean JSON Lines file, minus the really broken ones (each reported with its
   * position), and the counts add up; the same for all of it concatenated on stdin, gzip'd or not.
   */
  @Test
  void aCloudTrailBucket_givesTheMatchesOfItsRecordsAsCleanJsonLines(@TempDir Path dir)
      throws Exception {
    List<String> events = benchEvents(400);
    List<String> clean = new ArrayList<>();
    Path bucket =
        Files.createDirectories(
            dir.resolve("AWSLogs/123456789012/CloudTrail/us-east-1/2023/07/10"));
    Path digests =
        Files.createDirectories(
            dir.resolve("AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2023/07/10"));

    // Records files, gzip'd.
    Files.write(
        bucket.resolve("a_CloudTrail.json.gz"),
        gzip(utf8("{\"Records\":[" + String.join(",", events.subList(0, 120)) + "]}")));
    clean.addAll(events.subList(0, 120));
    // A Records file with an invalid UTF-8 byte inside its second record: that record only is lost.
    String broken = events.get(121);
    int cut = broken.indexOf("\"eventName\":\"") + 13;
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(utf8("{\"Records\":[" + events.get(120) + "," + broken.substring(0, cut)));
    b.write(0xff);
    b.writeBytes(
        utf8(broken.substring(cut) + "," + String.join(",", events.subList(122, 160)) + "]}"));
    Files.write(bucket.resolve("b_CloudTrail.json.gz"), gzip(b.toByteArray()));
    clean.add(events.get(120));
    clean.addAll(events.subList(122, 160));
    // A digest, which a rule made of negated conditions would otherwise match.
    Files.write(
        digests.resolve("c_CloudTrail-Digest.json.gz"),
        gzip(
            utf8(
                "{\"awsAccountId\":\"123456789012\","
                    + "\"digestStartTime\":\"2023-07-10T10:00:00Z\",\"digestEndTime\":\"2023-07-10T11:00:00Z\",\"digestS3Bucket\":\"b\","
                    + "\"logFiles\":[{\"s3Bucket\":\"b\",\"s3Object\":\"a_CloudTrail.json.gz\"}]}")));
    // Kinesis Firehose: objects back to back, no newlines.
    Files.writeString(dir.resolve("d_firehose"), String.join("", events.subList(160, 200)));
    clean.addAll(events.subList(160, 200));
    // JSON Lines whose first line is "[1,".
    Files.writeString(
        dir.resolve("e_lines.jsonl"), "[1,\n" + String.join("\n", events.subList(200, 260)) + "\n");
    clean.addAll(events.subList(200, 260));
    // aws cloudtrail lookup-events output, pretty-printed as the CLI prints it.
    ArrayNodeBuilder lookup = new ArrayNodeBuilder();
    for (String e : events.subList(260, 300)) {
      lookup.add(
          JSON.createObjectNode()
              .put("EventId", JSON.readTree(e).path("eventID").asText())
              .put("CloudTrailEvent", e));
    }
    Files.writeString(
        dir.resolve("f_lookup.json"),
        JSON.writerWithDefaultPrettyPrinter()
            .writeValueAsString(JSON.createObjectNode().set("Events", lookup.array)));
    clean.addAll(events.subList(260, 300));
    // EventBridge, one event per line.
    StringBuilder bridge = new StringBuilder();
    for (String e : events.subList(300, 340)) {
      ObjectNode envelope =
          JSON.createObjectNode()
              .put("version", "0")
              .put("detail-type", "AWS API Call via CloudTrail")
              .put("source", "aws.cloudtrail");
      envelope.set("detail", JSON.readTree(e));
      bridge.append(envelope).append('\n');
    }
    Files.writeString(dir.resolve("g_eventbridge.jsonl"), bridge);
    clean.addAll(events.subList(300, 340));
    // CloudWatch Logs subscription payloads: data and control.
    ObjectNode data =
        JSON.createObjectNode().put("messageType", "DATA_MESSAGE").put("owner", "123456789012");
    ArrayNodeBuilder logEvents = new ArrayNodeBuilder();
    for (String e : events.subList(340, 400)) {
      logEvents.add(JSON.createObjectNode().put("id", "1").put("timestamp", 1).put("message", e));
    }
    data.set("logEvents", logEvents.array);
    Files.writeString(
        dir.resolve("h_cloudwatch.json"),
        data
            + "\n{\"messageType\":\"CONTROL_MESSAGE\",\"logEvents\":"
            + "[{\"id\":\"\",\"timestamp\":1,\"message\":\"CWL CONTROL MESSAGE: Checking health of destination\"}]}\n");
    clean.addAll(events.subList(340, 400));
    Path cleanFile =
        Files.writeString(dir.resolve("clean.jsonl.out"), String.join("\n", clean) + "\n");

    String rules = CONFORMANCE.toString();
    Run expected = run("scan", "--rules", rules, cleanFile.toString());
    long[] want = summary(expected.err());
    assertThat(want[1]).isEqualTo(clean.size());
    assertThat(want[2]).isPositive();
    Files.delete(cleanFile);

    Run got = run("scan", "--rules", rules, dir.toString());
    assertThat(got.code()).as(got.err()).isZero();
    assertThat(matches(got.out())).isEqualTo(matches(expected.out()));
    long[] counts = summary(got.err());
    assertThat(counts).containsExactly(8, clean.size(), want[2], 2, 2);
    assertThat(got.err())
        .contains(
            dir.resolve("e_lines.jsonl") + ":1: broken JSON: a line starting in its first column")
        .contains(bucket.resolve("b_CloudTrail.json.gz") + ":1 [record 1]: Invalid UTF-8");

    // All of it on stdin: every file gzip'd and concatenated (as `cat **/*.gz`), and all of it
    // decompressed.
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    for (Path p : dev.margay.files.FileWalker.walk(List.of(dir), x -> true).files()) {
      byte[] bytes = Files.readAllBytes(p);
      boolean gz = p.toString().endsWith(".gz");
      gzipped.writeBytes(gz ? bytes : gzip(bytes));
      plain.writeBytes(
          gz ? new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes() : bytes);
    }
    for (byte[] stdin : List.of(gzipped.toByteArray(), plain.toByteArray())) {
      for (String workers : List.of("1", "2")) {
        Run piped = runWithStdin(stdin, "scan", "--workers", workers, "--rules", rules);
        assertThat(piped.code()).as(piped.err()).isZero();
        assertThat(matches(piped.out())).isEqualTo(matches(expected.out()));
        assertThat(summary(piped.err())).containsExactly(1, clean.size(), want[2], 2, 2);
      }
    }
  }

  /** A small helper: Jackson's ArrayNode, built in order. */
  private static final class ArrayNodeBuilder {
    final com.fasterxml.jackson.databind.node.ArrayNode array = JSON.createArrayNode();

    void add(JsonNode node) {
      array.add(node);
    }
  }

  /**
   * Reproduction 5: a digest is skipped and counted, never evaluated, even by a rule of negated
   * conditions.
   */
  @Test
  void aDigestFile_isNotEvaluated_evenByARuleThatMatchesAlmostAnything(@TempDir Path dir)
      throws Exception {
    Path rule =
        Files.writeString(
            dir.resolve("negated.yml"),
            "AnalysisType: rule\nRuleID: Negated\nEnabled: true\n"
                + "LogTypes: [AWS.CloudTrail]\nSeverity: Info\nDetection:\n  - eventName != \"ConsoleLogin\"\n");
    Path digest =
        Files.write(
            dir.resolve("digest.json.gz"),
            gzip(
                utf8(
                    "{\"awsAccountId\":\"1\",\"digestStartTime\":"
                        + "\"2024-01-01T00:00:00Z\",\"digestEndTime\":\"2024-01-01T01:00:00Z\",\"logFiles\":[]}")));
    Run run = run("scan", "--rules", rule.toString(), digest.toString());
    assertThat(run.code()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(summary(run.err())).containsExactly(1, 0, 0, 0, 1);
  }

  /** Reproduction 6: lookup-events output is read as the CloudTrail records it carries. */
  @Test
  void lookupEventsOutput_isReadAsItsRecords(@TempDir Path dir) throws Exception {
    String event =
        Files.readString(Path.of("src/test/resources/events/ec2_security_group_seed.jsonl"))
            .lines()
            .filter(l -> l.contains("SecurityGroup"))
            .findFirst()
            .orElseThrow();
    ObjectNode entry = JSON.createObjectNode().put("EventId", "x").put("CloudTrailEvent", event);
    Path file =
        Files.writeString(
            dir.resolve("lookup.json"),
            JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(
                    JSON.createObjectNode().set("Events", JSON.createArrayNode().add(entry))));
    Run run = run("scan", "--rules", SEED_RULE, file.toString());
    assertThat(run.out().strip().split("\n")).hasSize(1);
    JsonNode source = JSON.readTree(run.out()).get("source");
    assertThat(source.get("record").asInt()).isZero();
    assertThat(source.get("envelope").asText()).isEqualTo("lookup-events");
    assertThat(source.get("line").asInt())
        .isEqualTo(2); // Jackson's pretty printer opens the first entry on line 2
  }

  /**
   * Reproduction 10 and 12: pipes given as paths are read; what a folder walk cannot read is
   * reported, exit 3.
   */
  @Test
  void aFifoGivenAsAPathIsRead_andOneInsideAFolderIsReported(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("events.fifo");
    Assumptions.assumeTrue(mkfifo(fifo), "no mkfifo on this system");
    String seed =
        Files.readString(Path.of("src/test/resources/events/ec2_security_group_seed.jsonl"));
    Thread writer =
        new Thread(
            () -> {
              try {
                Files.writeString(fifo, seed);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    writer.start();
    Run direct = run("scan", "--rules", SEED_RULE, fifo.toString());
    writer.join(10_000);
    assertThat(direct.code()).as(direct.err()).isZero();
    assertThat(summary(direct.err())).containsExactly(1, 3, 1, 0, 0);

    Files.writeString(dir.resolve("a.jsonl"), seed);
    Files.writeString(dir.resolve(".hidden.jsonl"), seed);
    Files.createSymbolicLink(dir.resolve("dangling.jsonl"), dir.resolve("nowhere"));
    Run walked = run("scan", "--rules", SEED_RULE, dir.toString());
    assertThat(walked.code()).isEqualTo(3);
    assertThat(walked.err())
        .contains(dir.resolve("dangling.jsonl") + ": dangling symbolic link")
        .contains(fifo + ": not a regular file (a FIFO): not read")
        .contains("margay: skipped 1 hidden file(s) or editor backup(s) in the input folders");
    assertThat(summary(walked.err())).containsExactly(1, 3, 1, 0, 0);
  }

  private static boolean mkfifo(Path path) throws InterruptedException {
    try {
      return new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reproduction 4: several Records documents on stdin, plain or forced as JSON Lines, are all
   * read.
   */
  @Test
  void severalRecordsDocumentsOnStdin_areAllRead_evenForcedAsJsonLines() throws Exception {
    String event =
        Files.readString(Path.of("src/test/resources/events/ec2_security_group_seed.jsonl"))
            .lines()
            .filter(l -> l.contains("SecurityGroup"))
            .findFirst()
            .orElseThrow();
    String doc = "{\"Records\":[" + event + "," + event + "]}\n";
    byte[] stdin = utf8(doc + doc + doc);
    for (String format : List.of("records", "jsonl")) {
      Run run = runWithStdin(stdin, "scan", "--input-format", format, "--rules", SEED_RULE);
      assertThat(run.code()).as(run.err()).isZero();
      assertThat(summary(run.err())).as(format).containsExactly(1, 6, 6, 0, 0);
    }
    Run gz = runWithStdin(concat(gzip(utf8(doc)), gzip(utf8(doc))), "scan", "--rules", SEED_RULE);
    assertThat(summary(gz.err())).containsExactly(1, 4, 4, 0, 0);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /**
   * Records sharing a line (Firehose on stdin) are told apart on the terminal by their byte offset.
   */
  @Test
  void badRecordsOnOneLine_areToldApartByTheirByteOffset() throws Exception {
    Run run =
        runWithStdin(
            utf8("{\"a\":1}{\"b\":tru}{\"c\":2}{\"d\":fals}\n"), "scan", "--rules", SEED_RULE);
    assertThat(run.err())
        .contains("<stdin>:1: Unrecognized token 'tru'")
        .contains("(record at byte 7)\n")
        .contains("<stdin>:1: Unrecognized token 'fals'")
        .contains("(record at byte 23)\n")
        .contains("2 record(s), 0 match(es), 2 error(s)");
  }

  /**
   * Item 4: whatever an event holds, scan writes one valid JSON object per line, and its text on
   * stderr is escaped.
   */
  @Test
  void eventContent_cannotBreakTheOutputLines_orTheTerminal(@TempDir Path dir) throws Exception {
    Path rule =
        Files.writeString(
            dir.resolve("title.yml"),
            "AnalysisType: rule\nRuleID: Title\nEnabled: true\n"
                + "LogTypes: [AWS.CloudTrail]\nSeverity: Info\nAlertTitle: \"t {eventName}\"\nDetection:\n  - eventName exists\n");
    String nasty = "a\\u2028b\\u2029c\\u0085d\\n\\r\\u001b[31mred\\u0000]]><&\\\"";
    Path events =
        Files.writeString(
            dir.resolve("evil\u001b[2Jname.jsonl"),
            "{\"eventName\":\"" + nasty + "\"}\n" + "{\"eventName\":\"x\u001b[31m\n");
    Run run = run("scan", "--rules", rule.toString(), events.toString());
    String[] lines = run.out().split("\n", -1);
    assertThat(lines).hasSize(2);
    assertThat(lines[1]).isEmpty();
    assertThat(lines[0]).doesNotContain("\u2028", "\u2029", "\u0085", "\r", "\u001b");
    assertThat(JSON.readTree(lines[0]).get("title").asText())
        .isEqualTo("t a\u2028b\u2029c\u0085d\n\r\u001b[31mred\u0000]]><&\"");
    assertThat(run.err()).doesNotContain("\u001b").contains("evil\\e[2Jname.jsonl:2: ");
  }

  /**
   * Item 4: a full disk behind --errors is an error (exit 3) and no summary claims the errors were
   * written.
   */
  @Test
  void errorsToAFullDisk_isExit3_withoutASummary() {
    Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "no /dev/full");
    Run run =
        run(
            "scan",
            "--rules",
            SEED_RULE,
            "--errors",
            "/dev/full",
            "src/test/resources/events/mixed");
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err())
        .contains("margay: cannot write /dev/full")
        .doesNotContain("margay scan: ");
  }

  /**
   * Item 4: a reader that goes away ({@code | head -n 1}) stops the scan promptly and quietly: exit
   * 0, the summary on stderr, no stack trace; even on an endless input.
   */
  @Test
  void aClosedPipe_endsTheScanQuietly_evenOnAnEndlessInput(@TempDir Path dir) throws Exception {
    Path rule =
        Files.writeString(
            dir.resolve("all.yml"),
            "AnalysisType: rule\nRuleID: All\nEnabled: true\n"
                + "LogTypes: [AWS.CloudTrail]\nSeverity: Info\nDetection:\n  - eventName != \"x\"\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    Path err = dir.resolve("err.txt");
    String script =
        "yes '{}' | \"$0\" -cp \"$1\" dev.margay.cli.Main scan --rules \"$2\" 2>\"$3\" | head -n 1;"
            + " echo \"exit ${PIPESTATUS[1]}\"";
    Process p =
        new ProcessBuilder("bash", "-c", script, java, cp, rule.toString(), err.toString())
            .redirectErrorStream(true)
            .start();
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    assertThat(ended).as("the pipeline ends on its own").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out.split("\n")).hasSize(2);
    assertThat(JSON.readTree(out.split("\n")[0]).get("ruleId").asText()).isEqualTo("All");
    assertThat(out).contains("exit 0");
    String stderr = Files.readString(err);
    assertThat(stderr).contains("margay scan: ").doesNotContain("Exception", "\tat ");
  }

  /**
   * Reproduction 10: {@code /dev/stdin} fed by a pipe, and {@code <(...)}, are read as paths (no
   * seeking).
   */
  @Test
  void pipesGivenAsPaths_areRead(@TempDir Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    String seed =
        Path.of("src/test/resources/events/ec2_security_group_seed.jsonl")
            .toAbsolutePath()
            .toString();
    String script =
        "M=(\"$0\" -cp \"$1\" dev.margay.cli.Main scan --rules \"$2\");"
            + " cat \"$3\" | \"${M[@]}\" /dev/stdin 2>&1; echo \"exit $?\"; \"${M[@]}\" <(gzip -c \"$3\") 2>&1; echo \"exit $?\"";
    Process p =
        new ProcessBuilder("bash", "-c", script, java, cp, SEED_RULE, seed)
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out)
        .contains("/dev/stdin")
        .contains("exit 0\n")
        .doesNotContain("exit 3", "Illegal seek");
    assertThat(
            Pattern.compile("3 record\\(s\\), 1 match\\(es\\), 0 error\\(s\\)")
                .matcher(out)
                .results()
                .count())
        .as(out)
        .isEqualTo(2);
  }
}
