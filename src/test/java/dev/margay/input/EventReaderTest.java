package dev.margay.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Framing, format detection by content, gzip and limits: what {@link EventReader} finds in an
 * input.
 */
class EventReaderTest {
  static TestingRecords read(byte[] bytes) throws IOException {
    TestingRecords c = new TestingRecords();
    EventReader.create().read("in", new ByteArrayInputStream(bytes), c);
    return c;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void jsonLines_reportBadLinesWithTheirNumbers_andReadTheRest() throws IOException {
    TestingRecords c =
        read(utf8("{broken\n{\"id\":\"a\"}\n\n42\n{\"id\":\"b\",\"id\":\"c\"}\n{\"id\":\"d\"}"));
    assertThat(c.ids()).containsExactly("a@in:2", "d@in:6");
    assertThat(c.codes())
        .containsExactly("in:1 JSON_SYNTAX", "in:4 NOT_OBJECT", "in:5 DUPLICATE_KEY");
    assertThat(c.bad().get(0)).contains("before the record was closed at byte 8");
    assertThat(c.bad().get(1)).isEqualTo("in:4: expected a JSON object, found a number");
    assertThat(c.bad().get(2)).isEqualTo("in:5: Duplicate field 'id' (column 15)");
  }

  /**
   * Reproduction 1: a first line starting with '[' no longer turns the file into one broken array.
   */
  @Test
  void jsonLines_whoseFirstLineStartsWithABracket_keepEveryGoodLine() throws IOException {
    StringBuilder sb = new StringBuilder("[1,\n");
    for (int i = 2; i <= 7; i++) {
      sb.append("{\"id\":\"l").append(i).append("\"}\n");
    }
    TestingRecords c = read(utf8(sb.toString()));
    assertThat(c.ids())
        .containsExactly("l2@in:2", "l3@in:3", "l4@in:4", "l5@in:5", "l6@in:6", "l7@in:7");
    assertThat(c.codes()).containsExactly("in:1 JSON_SYNTAX");
    assertThat(c.bad().get(0))
        .contains("a line starting in its first column before the record was closed at byte 4");

    TestingRecords alone = read(utf8("[\n{\"id\":\"a\"}\n{\"id\":\"b\"}\n"));
    assertThat(alone.ids()).containsExactly("a@in:2 [record 0]", "b@in:3");
  }

  /** Reproduction 2: an invalid UTF-8 byte costs its record only; the summary counts it. */
  @Test
  void recordsFile_withAnInvalidUtf8Byte_losesOnlyThatRecord() throws IOException {
    byte[] file =
        concat(
            utf8("{\"Records\":[{\"id\":\"a\",\"x\":\""),
            new byte[] {(byte) 0xff},
            utf8("\"},{\"id\":\"b\"},{\"id\":\"c\"}]}"));
    TestingRecords c = read(file);
    assertThat(c.ids()).containsExactly("b@in:1 [record 1]", "c@in:1 [record 2]");
    assertThat(c.codes()).containsExactly("in:1 [record 0] ENCODING");
  }

  /** Reproduction 3: Kinesis Firehose objects back to back, with or without newlines. */
  @Test
  void firehoseObjects_backToBack_areEachARecord() throws IOException {
    assertThat(read(utf8("{\"id\":\"a\"}{\"id\":\"b\"}{\"id\":\"c\"}")).ids())
        .containsExactly("a@in:1", "b@in:1", "c@in:1");
    assertThat(read(utf8("{\"id\":\"a\"}\n{\"id\":\"b\"} {\"id\":\"c\"}\n")).ids())
        .containsExactly("a@in:1", "b@in:2", "c@in:2");
  }

  /**
   * Reproduction 4: several Records documents, plain or as gzip members, with or without newlines.
   */
  @Test
  void severalRecordsDocuments_areAllRead_plainGzippedAndForcedAsJsonLines() throws IOException {
    byte[] one = utf8("{\"Records\":[{\"id\":\"a\"},{\"id\":\"b\"}]}");
    byte[] two = utf8("{\"Records\":[{\"id\":\"c\"}]}\n");
    List<String> expected = List.of("a@in:1 [record 0]", "b@in:1 [record 1]", "c@in:1 [record 0]");
    assertThat(read(concat(one, two)).ids()).containsExactlyElementsOf(expected);
    assertThat(read(concat(gzip(one), gzip(two))).ids()).containsExactlyElementsOf(expected);

    TestingRecords lines = new TestingRecords();
    EventReader.create()
        .withFormat(InputFormat.JSON_LINES)
        .read("in", new ByteArrayInputStream(concat(two, two)), lines);
    assertThat(lines.ids()).containsExactly("c@in:1 [record 0]", "c@in:2 [record 0]");
  }

  /**
   * Reproduction 10: a multi-member gzip on a slow pipe is read to the end, whatever available()
   * says.
   */
  @Test
  void multiMemberGzip_onASlowStream_isReadToTheEnd() throws IOException {
    List<byte[]> members = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int m = 0; m < 30; m++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 500; i++) {
        sb.append("{\"id\":\"").append(m).append('-').append(i).append("\"}\n");
        expected.add(m + "-" + i);
      }
      members.add(gzip(utf8(sb.toString())));
    }
    byte[] all = concat(members.toArray(new byte[0][]));
    TestingRecords c = new TestingRecords();
    EventReader.create().read("in", trickle(all, new java.util.Random(3)), c);
    assertThat(c.ids()).hasSize(expected.size());
    assertThat(c.ids().stream().map(e -> e.substring(0, e.indexOf('@'))))
        .containsExactlyElementsOf(expected);
  }

  /**
   * Reproduction 5 and 6, and the other envelopes: unwrapped with their position, non-events
   * skipped.
   */
  @Test
  void envelopes_areUnwrapped_andDigestsAndControlMessagesSkipped() throws IOException {
    String lookup =
        "{\n  \"Events\": [\n    {\"EventId\": \"1\", \"CloudTrailEvent\": \"{\\\"id\\\":\\\"l0\\\"}\"},\n"
            + "    {\"EventId\": \"2\", \"CloudTrailEvent\": \"{\\\"id\\\":\\\"l1\\\",\"},\n"
            + "    {\"EventId\": \"3\", \"CloudTrailEvent\": \"{\\\"id\\\":\\\"l2\\\"}\"}\n  ],\n  \"NextToken\": \"x\"\n}\n";
    String eventBridge =
        "{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.ec2\","
            + "\"detail\":{\"id\":\"eb\"}}\n";
    String otherBridge = "{\"detail-type\":\"Scheduled Event\",\"detail\":{},\"id\":\"sched\"}\n";
    String data =
        "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logEvents\":[{\"id\":\"1\",\"message\":"
            + "\"{\\\"id\\\":\\\"cw0\\\"}\"},{\"id\":\"2\",\"message\":\"{\\\"id\\\":\\\"cw1\\\"}\"}]}\n";
    String control =
        "{\"messageType\":\"CONTROL_MESSAGE\",\"logEvents\":[{\"message\":\"CWL CONTROL MESSAGE\"}]}\n";
    String digest =
        "{\"awsAccountId\":\"1\",\"digestStartTime\":\"2024-01-01T00:00:00Z\",\"digestEndTime\":"
            + "\"2024-01-01T01:00:00Z\",\"logFiles\":[{\"s3Object\":\"x.json.gz\"}]}\n";
    TestingRecords c = read(utf8(lookup + eventBridge + otherBridge + data + control + digest));
    assertThat(c.ids())
        .containsExactly(
            "l0@in:3 [record 0] (lookup-events)",
            "l2@in:5 [record 2] (lookup-events)",
            "eb@in:9 (eventbridge)",
            "sched@in:10",
            "cw0@in:11 [record 0] (cloudwatch-logs)",
            "cw1@in:11 [record 1] (cloudwatch-logs)");
    assertThat(c.codes()).containsExactly("in:4 [record 1] (lookup-events) JSON_SYNTAX");
    assertThat(c.skipped())
        .containsExactly("in:12: CloudWatch Logs control message", "in:13: CloudTrail-Digest file");
  }

  @Test
  void smallEnvelopes_whoseArrayIsNotTheFirstMember_areUnwrappedToo() throws IOException {
    TestingRecords c =
        read(
            utf8(
                "{\"NextToken\":null,\"Events\":[{\"CloudTrailEvent\":\"{\\\"id\\\":\\\"a\\\"}\"},{\"x\":1}]}\n"
                    + "{\"x\":1,\"Records\":[{\"id\":\"b\"},2]}\n"
                    + "{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"id\":\"1\"}]}"));
    assertThat(c.ids()).containsExactly("a@in:1 [record 0] (lookup-events)", "b@in:2 [record 0]");
    assertThat(c.codes())
        .containsExactly(
            "in:1 [record 1] (lookup-events) NOT_OBJECT",
            "in:2 [record 1] NOT_OBJECT",
            "in:3 [record 0] (cloudwatch-logs) NOT_OBJECT");
    assertThat(c.bad().get(0)).endsWith("a lookup-events entry without a CloudTrailEvent string");
    assertThat(c.bad().get(2)).endsWith("a CloudWatch Logs log event without a message string");
  }

  @Test
  void cloudTrailRecords_gzipped_areStreamedWithRecordIndexes() throws IOException {
    byte[] file =
        gzip(
            utf8(
                "{\"Records\":[{\"id\":\"a\"},\n{\"id\":\"b\",\"id\":\"x\"},\n7,\n{\"id\":\"c\"}]}"));
    TestingRecords c = read(file);
    assertThat(c.ids()).containsExactly("a@in:1 [record 0]", "c@in:4 [record 3]");
    assertThat(c.bad())
        .containsExactly(
            "in:2 [record 1]: Duplicate field 'id' (column 15)",
            "in:3 [record 2]: expected a JSON object, found a number");
  }

  @Test
  void jsonArray_andPrettyPrintedObjects_areRead() throws IOException {
    assertThat(read(utf8(" [ {\"id\":\"a\"}, {\"id\":\"b\"} ]")).ids())
        .containsExactly("a@in:1 [record 0]", "b@in:1 [record 1]");
    assertThat(read(utf8("{\n  \"id\": \"a\"\n}\n{\n  \"id\": \"b\"\n}\n")).ids())
        .containsExactly("a@in:1", "b@in:4");
    // A formatted array is a container whatever its first element holds; [1,2] on a line is one bad
    // record.
    TestingRecords formatted = read(utf8("[\n  1,\n  {\"id\": \"a\"}\n]\n[1, 2]\n"));
    assertThat(formatted.ids()).containsExactly("a@in:3 [record 1]");
    assertThat(formatted.codes()).containsExactly("in:2 [record 0] NOT_OBJECT", "in:5 NOT_OBJECT");
  }

  /**
   * Reproduction 10 and 13: records over a limit cost only themselves, in every format, and are
   * never kept.
   */
  @Test
  void oversizedAndTooDeepRecords_inARecordsFile_costOnlyThemselves() throws IOException {
    StringBuilder sb = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < 100; i++) {
      if (i > 0) {
        sb.append(',');
      }
      if (i == 1) {
        sb.append("{\"id\":\"big\",\"s\":\"")
            .append("x".repeat(EventReader.MAX_RECORD_BYTES))
            .append("\"}");
      } else if (i == 2) {
        sb.append("{\"id\":\"deep\",\"d\":")
            .append("[".repeat(200))
            .append("]".repeat(200))
            .append('}');
      } else if (i == 3) {
        sb.append("{\"id\":\"long\",\"s\":\"")
            .append("z".repeat(1_100_000))
            .append("\"}"); // a string over the limit
      } else {
        sb.append("{\"id\":\"r").append(i).append("\"}");
      }
    }
    TestingRecords c = read(utf8(sb.append("]}").toString()));
    assertThat(c.ids())
        .hasSize(97)
        .startsWith("r0@in:1 [record 0]", "r4@in:1 [record 4]")
        .endsWith("r99@in:1 [record 99]");
    assertThat(c.codes())
        .containsExactly("in:1 [record 1] LIMIT", "in:1 [record 2] LIMIT", "in:1 [record 3] LIMIT");
    assertThat(c.bad().get(0)).contains("over the limit of " + EventReader.MAX_RECORD_BYTES);
    assertThat(c.bad().get(1)).contains("nested deeper than 128");
  }

  /**
   * Reproduction 13: a 60 MB record in a Records file is skipped without being built or even kept
   * whole: the reading thread allocates far less than the record's size, and the 98 good records
   * around it are read.
   */
  @Test
  void aSixtyMegabyteRecord_isNeverBuilt() throws IOException {
    byte[] head = utf8("{\"Records\":[{\"id\":\"first\"},{\"id\":\"huge\",\"s\":\"");
    byte[] tail;
    StringBuilder sb = new StringBuilder("\"}");
    for (int i = 0; i < 97; i++) {
      sb.append(",{\"id\":\"r").append(i).append("\"}");
    }
    tail = utf8(sb.append("]}").toString());
    long hugeBytes = 60L * 1024 * 1024;
    java.io.InputStream in =
        new java.io.SequenceInputStream(
            java.util.Collections.enumeration(
                List.of(
                    new ByteArrayInputStream(head),
                    repeated((byte) 'x', hugeBytes),
                    new ByteArrayInputStream(tail))));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    TestingRecords c = new TestingRecords();
    EventReader.create().read("in", in, c);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(c.ids()).hasSize(98);
    assertThat(c.codes()).containsExactly("in:1 [record 1] LIMIT");
    assertThat(allocated).as("bytes allocated while reading").isLessThan(hugeBytes / 2);
  }

  /** A stream of {@code n} copies of one byte, without holding them. */
  static java.io.InputStream repeated(byte b, long n) {
    return new java.io.InputStream() {
      long left = n;

      @Override
      public int read() {
        return left-- > 0 ? b & 0xff : -1;
      }

      @Override
      public int read(byte[] buf, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int k = (int) Math.min(len, left);
        Arrays.fill(buf, off, off + k, b);
        left -= k;
        return k;
      }
    };
  }

  /**
   * Reproduction 10: a JSON Lines file whose first line is over 1 MB, with a bad line later:
   * nothing else lost.
   */
  @Test
  void aHugeFirstLine_doesNotChangeHowTheRestIsRead() throws IOException {
    String pad = "y".repeat(700_000);
    String big = "{\"id\":\"big\",\"p1\":\"" + pad + "\",\"p2\":\"" + pad + "\"}\n";
    TestingRecords c = read(utf8(big + "{\"id\":\"a\"}\n{\"id\": oops}\n{\"id\":\"b\"}\n"));
    assertThat(c.ids()).containsExactly("big@in:1", "a@in:2", "b@in:4");
    assertThat(c.codes()).containsExactly("in:3 JSON_SYNTAX");
  }

  @Test
  void aTruncatedRecord_isReportedWithItsByteOffset_afterTheRecordsBeforeIt() throws IOException {
    TestingRecords c = read(utf8("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\",\"x\":[1,2"));
    assertThat(c.ids()).containsExactly("a@in:1", "b@in:2");
    assertThat(c.codes()).containsExactly("in:3 TRUNCATED");
    assertThat(c.bad().get(0))
        .contains("starting at byte 22 is not closed at the end of the input (byte 40)");

    TestingRecords array = read(utf8("[{\"id\":\"a\"},\n{\"id\":\"b\"},\n"));
    assertThat(array.ids()).containsExactly("a@in:1 [record 0]", "b@in:2 [record 1]");
    assertThat(array.codes()).containsExactly("in:1 TRUNCATED");
  }

  @Test
  void brokenFramingInsideAnArray_costsTheArrayFromThere_andTheNextLinesAreRead()
      throws IOException {
    TestingRecords c =
        read(utf8("[{\"id\":\"a\"},\n{\"id\": ]},\n{\"id\":\"b\"}]\n{\"id\":\"c\"}\n"));
    // Framing resumes at line 3; its record and the stray ']' after it are one bad line.
    assertThat(c.ids()).containsExactly("a@in:1 [record 0]", "c@in:4");
    assertThat(c.codes()).containsExactly("in:2 [record 1] JSON_SYNTAX", "in:3 TRAILING_CONTENT");
    assertThat(c.bad().get(0)).contains("']' closing an object at byte 20");
  }

  /** A gzip member cut short costs its partial record, reported like a plain truncated file's. */
  @Test
  void truncatedGzip_costsItsPartialRecord_reportedWithItsDecompressedOffset() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      text.append("{\"id\":\"a\",\"n\":").append(i * 7919 % 100003).append("}\n");
    }
    byte[] whole = gzip(utf8(text.toString()));
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
    TestingRecords c = read(truncated);
    assertThat(c.codes()).hasSize(1);
    assertThat(c.codes().get(0)).endsWith(" TRUNCATED");
    int kept = c.ids().size();
    assertThat(kept).isBetween(100, 4999);
    // The partial record starts where the last whole line ended, counted in decompressed bytes.
    int start = text.toString().lines().limit(kept).mapToInt(l -> l.length() + 1).sum();
    assertThat(c.bad().get(0))
        .contains("the record starting at byte " + start + " is not closed")
        .contains("the input ends inside a gzip member");

    // Cut exactly after a record (inside the member's trailer): still reported, with the offset.
    byte[] member = gzip(utf8("{\"id\":\"a\"}\n"));
    TestingRecords cut = read(Arrays.copyOf(member, member.length - 3));
    assertThat(cut.ids()).containsExactly("a@in:1");
    assertThat(cut.codes()).containsExactly("in:2 TRUNCATED");
    assertThat(cut.bad().get(0)).contains("inside a gzip member after decompressed byte 11");
  }

  /**
   * PowerShell's redirected output: UTF-16 with a byte-order mark, reported once, not line by line.
   */
  @Test
  void utf16AndUtf32Input_isReportedOnce_asTheWholeInput() throws IOException {
    String text = "{\"id\":\"a\"}\r\n{\"id\":\"b\"}\r\n";
    byte[] withBom =
        concat(new byte[] {(byte) 0xff, (byte) 0xfe}, text.getBytes(StandardCharsets.UTF_16LE));
    for (byte[] input :
        List.of(
            withBom,
            text.getBytes(StandardCharsets.UTF_16LE),
            text.getBytes(StandardCharsets.UTF_16),
            gzip(withBom))) {
      TestingRecords c = new TestingRecords();
      assertThatThrownBy(
              () -> EventReader.create().read("ps.json", new ByteArrayInputStream(input), c))
          .isInstanceOf(InputException.class)
          .hasMessage(
              "ps.json: UTF-16 input is not supported; convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)")
          .extracting(e -> ((InputException) e).code())
          .isEqualTo(InputException.Code.UNSUPPORTED_ENCODING);
      assertThat(c.bad()).isEmpty();
    }
    byte[] utf32 =
        concat(
            new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0},
            text.getBytes(java.nio.charset.Charset.forName("UTF-32LE")));
    assertThatThrownBy(() -> read(utf32)).hasMessageContaining("UTF-32 input is not supported");
    // UTF-8 with its byte-order mark is read.
    assertThat(read(concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8(text))).ids())
        .hasSize(2);
  }

  /**
   * CloudWatch Logs: one bad log event (the 51st of 100: invalid UTF-8, a string over the limit)
   * costs only itself.
   */
  @Test
  void cloudWatchLogsPayload_aBadLogEventCostsOnlyItself() throws IOException {
    for (String bad :
        List.of("{\"id\":\"\u00ff\"}", "{\"id\":\"" + "x".repeat(2_000_000) + "\"}")) {
      ByteArrayOutputStream payload = new ByteArrayOutputStream();
      payload.writeBytes(
          utf8(
              "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"g\",\"subscriptionFilters\":[\"f\"],"
                  + "\"logEvents\":[\n"));
      for (int i = 0; i < 100; i++) {
        String message = i == 50 ? bad : "{\"id\":\"e" + i + "\"}";
        byte[] quoted = utf8("\"" + message.replace("\"", "\\\"") + "\"");
        if (i == 50 && bad.contains("\u00ff")) {
          quoted = concat(utf8("\"{\\\"id\\\":\\\""), new byte[] {(byte) 0xff}, utf8("\\\"}\""));
        }
        payload.writeBytes(
            concat(
                utf8(
                    (i > 0 ? ",\n  " : "  ")
                        + "{\"id\":\""
                        + i
                        + "\",\"timestamp\":1,\"message\":"),
                quoted,
                utf8("}")));
      }
      payload.writeBytes(utf8("]}\n"));
      TestingRecords c = read(payload.toByteArray());
      assertThat(c.ids()).as(c.bad().toString() + c.skipped()).hasSize(99);
      assertThat(c.ids().get(50)).startsWith("e51@in:53 [record 51] (cloudwatch-logs)");
      assertThat(c.bad())
          .singleElement()
          .satisfies(b -> assertThat(b).startsWith("in:52 [record 50] (cloudwatch-logs): "));
    }
  }

  /**
   * {@code cat} of a bucket's files: gzip members and plain files back to back, in either order.
   */
  @Test
  void gzipMembersAndPlainData_mixedInAnyOrder_areAllRead() throws IOException {
    byte[] a = utf8("{\"id\":\"a\"}\n");
    byte[] b = utf8("{\"Records\":[{\"id\":\"b\"}]}\n");
    byte[] c = utf8("{\"id\":\"c\"}");
    byte[] d = utf8("[{\"id\":\"d\"}]\n");
    TestingRecords gzipFirst = read(concat(gzip(a), gzip(b), c, utf8("\n"), gzip(d), a));
    assertThat(gzipFirst.ids())
        .extracting(e -> e.substring(0, 1))
        .containsExactly("a", "b", "c", "d", "a");
    assertThat(gzipFirst.bad()).isEmpty();
    TestingRecords plainFirst = read(concat(a, gzip(b), c, utf8("\n"), gzip(d), gzip(a)));
    assertThat(plainFirst.ids())
        .extracting(e -> e.substring(0, 1))
        .containsExactly("a", "b", "c", "d", "a");
    assertThat(plainFirst.bad()).isEmpty();
    // Offsets count decompressed bytes: the record after a member starts where the member's data
    // ended.
    assertThat(plainFirst.ids().get(2)).isEqualTo("c@in:3");
  }

  @Test
  void gzipBomb_isReported_notFollowed() throws IOException {
    byte[] bomb = gzip(new byte[200 * 1024 * 1024]); // 200 MB of zeros, ~200 KB compressed
    TestingRecords c = new TestingRecords();
    assertThatThrownBy(
            () -> EventReader.create().read("bomb.gz", new ByteArrayInputStream(bomb), c))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("gzip bomb");
  }

  @Test
  void forcedFormats_areUsed() throws IOException {
    TestingRecords lines = new TestingRecords();
    EventReader.create()
        .withFormat(InputFormat.JSON_LINES)
        .read(
            "x",
            new ByteArrayInputStream(utf8("[{\"id\":\"a\"}]\n{\"id\":\"b\"} {\"id\":\"c\"}\n")),
            lines);
    assertThat(lines.bad())
        .containsExactly(
            "x:1: expected a JSON object, found an array",
            "x:2: Trailing token (of type START_OBJECT) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`): "
                + "not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS` (column 12)");

    TestingRecords array = new TestingRecords();
    EventReader.create()
        .withFormat(InputFormat.JSON_ARRAY)
        .read("x", new ByteArrayInputStream(utf8("{\"id\":\"a\"}\n[{\"id\":\"b\"}]")), array);
    assertThat(array.ids()).containsExactly("b@x:2 [record 0]");
    assertThat(array.bad()).containsExactly("x:1: expected a JSON array of events");

    TestingRecords records = new TestingRecords();
    EventReader.create()
        .withFormat(InputFormat.CLOUDTRAIL_RECORDS)
        .read(
            "x",
            new ByteArrayInputStream(
                utf8("{\"Records\": 5}\n{\"id\":\"a\"}\n{\"Records\":[{\"id\":\"b\"}]}")),
            records);
    assertThat(records.ids()).containsExactly("b@x:3 [record 0]");
    assertThat(records.codes()).containsExactly("x:1 NOT_OBJECT", "x:2 NOT_OBJECT");
  }

  /** Collects records in one list, in delivery order, whether they come as frames or one by one. */
  static final class Ordered implements EventReader.FrameHandler {
    final List<String> records = new ArrayList<>();
    int batches;

    @Override
    public void onFrames(List<Frame> frames) {
      batches++;
      for (Frame f : frames) {
        EventReader.create().decode(f, this);
      }
    }

    /**
     * A plain handler (not a FrameHandler) feeding this one: the reader then decodes records
     * itself.
     */
    RecordHandler oneByOne() {
      return new RecordHandler() {
        @Override
        public void onEvent(Event event, RecordPosition position) {
          Ordered.this.onEvent(event, position);
        }

        @Override
        public void onBadRecord(RecordPosition p, EventParseException.Code c, String r) {
          Ordered.this.onBadRecord(p, c, r);
        }
      };
    }

    @Override
    public void onEvent(Event event, RecordPosition position) {
      records.add(
          position
              + " "
              + event.json().path("id").asText()
              + " "
              + event.json().path("pad").asText().length());
    }

    @Override
    public void onBadRecord(RecordPosition position, EventParseException.Code code, String reason) {
      records.add(position + " " + code);
    }
  }

  /**
   * A stream that hands out a few bytes per read and says nothing more is available: a slow pipe.
   */
  static java.io.InputStream trickle(byte[] data, java.util.Random random) {
    return new java.io.InputStream() {
      int pos;

      @Override
      public int read() {
        return pos < data.length ? data[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos == data.length) {
          return -1;
        }
        int n = Math.min(Math.min(len, data.length - pos), 1 + random.nextInt(3000));
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
      }

      @Override
      public int available() {
        return 0;
      }
    };
  }

  @Test
  void jsonLines_giveTheSameRecordsAndLines_inBatches_oneByOne_andFromASlowStream()
      throws IOException {
    java.util.Random random = new java.util.Random(7);
    StringBuilder sb = new StringBuilder("\uFEFF");
    List<String> expected = new ArrayList<>();
    int line = 0;
    for (int i = 0; i < 3000; i++) {
      line++;
      int kind = random.nextInt(20);
      if (kind == 0) {
        sb.append("  \r\n"); // blank: skipped, but counted
        continue;
      }
      if (kind == 1) {
        sb.append("{\"id\":")
            .append(i)
            .append(",\n"); // broken: ends where the next line starts with {"
        expected.add("in:" + line + " JSON_SYNTAX");
        continue;
      }
      // Lines from a few bytes to several blocks long, so that buffers end everywhere.
      int pad = kind == 2 ? 100_000 + random.nextInt(300_000) : random.nextInt(600);
      sb.append("{\"id\":\"e")
          .append(i)
          .append("\",\"pad\":\"")
          .append("x".repeat(pad))
          .append('"')
          .append('}');
      sb.append(kind == 3 ? "\r\n" : "\n");
      expected.add("in:" + line + " e" + i + " " + pad);
    }
    sb.append("{\"id\":\"last\",\"pad\":\"\"}"); // no newline at the end
    expected.add("in:" + (line + 1) + " last 0");
    byte[] data = utf8(sb.toString());
    assertThat(data.length).isGreaterThan(3 * Framer.BLOCK_BYTES);

    for (boolean frames : new boolean[] {true, false}) {
      Ordered fromFile = new Ordered();
      if (frames) {
        EventReader.create().readFrames("in", new ByteArrayInputStream(data), fromFile);
      } else {
        EventReader.create().read("in", new ByteArrayInputStream(data), fromFile.oneByOne());
      }
      assertThat(fromFile.records).as("frames: %s", frames).containsExactlyElementsOf(expected);
      Ordered slow = new Ordered();
      if (frames) {
        EventReader.create().readFrames("in", trickle(data, random), slow);
      } else {
        EventReader.create().read("in", trickle(data, random), slow.oneByOne());
      }
      assertThat(slow.records)
          .as("slow stream, frames: %s", frames)
          .containsExactlyElementsOf(expected);
      if (frames) {
        assertThat(slow.batches)
            .as("a slow stream's records are handed over as they come")
            .isGreaterThan(fromFile.batches);
      }
    }
  }

  @Test
  void aLineLongerThanTheRecordLimit_isReportedWithItsNumber_andTheNextLinesAreRead()
      throws IOException {
    byte[] data =
        utf8(
            "{\"id\":\"a\"}\n{\"id\":\""
                + "x".repeat(EventReader.MAX_RECORD_BYTES)
                + "\"}\n{\"id\":\"b\"}\n");
    for (InputFormat format : new InputFormat[] {null, InputFormat.JSON_LINES}) {
      Ordered c = new Ordered();
      EventReader.create().withFormat(format).readFrames("in", new ByteArrayInputStream(data), c);
      assertThat(c.records)
          .as("format %s", format)
          .containsExactly("in:1 a 0", "in:2 LIMIT", "in:3 b 0");
    }
  }

  @Test
  void theLimits_comeFromTheEventParser() {
    assertThat(EventReader.MAX_RECORD_BYTES)
        .isEqualTo(dev.margay.event.EventParser.MAX_DOCUMENT_BYTES);
    assertThat(EventReader.MAX_DEPTH).isEqualTo(dev.margay.event.EventParser.MAX_DEPTH);
  }

  /**
   * JSON Lines lines are taken whole when they look like one record and verified by their parse;
   * the result must be exactly what following their structure gives, whatever the lines hold.
   */
  @Test
  void linesTakenWhole_giveExactlyWhatFramingGives() throws IOException {
    String[] pool = {
      "{\"id\":\"ok\"}",
      "{\"id\":\"a\"}{\"id\":\"b\"}",
      "{\"id\":\"a\"} x}",
      "{\"id\":[1,2}",
      "{\"id\":\"x}",
      "[1,",
      "42",
      "{\"x\":{\"y\":1}",
      "",
      "  {\"id\":\"indented\"}",
      "{\"id\":\"dup\",\"id\":1}",
      "{\"d\":" + "[".repeat(130) + "]".repeat(130) + "}",
      "{\"detail-type\":\"AWS API Call via CloudTrail\"," + "\"detail\":{\"id\":\"eb\"}}",
      "{\"x\":1,\"Records\":[{\"id\":\"r\"}]}",
      "{\"id\":\"\\u0041\"}  ",
      "{\"id\":1}]",
      "}",
      "{\"messageType\":\"CONTROL_MESSAGE\"}",
      "{\"id\":\"\u00e9\"}\r",
      "{\"a\":\"\\\"}\"}"
    };
    java.util.Random random = new java.util.Random(5);
    dev.margay.event.Projection projection =
        dev.margay.event.Projection.of(
            List.of(
                dev.margay.condition.FieldPath.key("id"), dev.margay.condition.FieldPath.key("x")));
    for (int run = 0; run < 2000; run++) {
      StringBuilder sb = new StringBuilder();
      int lines = 1 + random.nextInt(12);
      for (int i = 0; i < lines; i++) {
        sb.append(pool[random.nextInt(pool.length)]).append(random.nextInt(8) == 0 ? "" : "\n");
      }
      byte[] data = utf8(sb.toString());
      for (EventReader reader :
          List.of(EventReader.create(), EventReader.create().withProjection(projection))) {
        TestingRecords whole = new TestingRecords();
        reader.read("in", new ByteArrayInputStream(data), whole);
        TestingRecords framed = new TestingRecords();
        Framer framer =
            new Framer(
                "in",
                new ByteArrayInputStream(data),
                Framer.Mode.AUTO,
                EventReader.MAX_RECORD_BYTES,
                EventReader.MAX_DEPTH,
                null,
                false,
                false,
                1,
                0);
        Frame f;
        while ((f = framer.next()) != null) {
          reader.decode(f, framed);
        }
        String input = sb.toString();
        assertThat(whole.ids()).as(input).isEqualTo(framed.ids());
        assertThat(whole.bad()).as(input).isEqualTo(framed.bad());
        assertThat(whole.skipped()).as(input).isEqualTo(framed.skipped());
      }
    }
  }

  /**
   * Mutated inputs (structural bytes flipped, inserted, deleted) across buffer boundaries: reading
   * never fails with anything but an InputException, and gives the same records read whole, from a
   * slow stream, and framed byte by byte without taking lines whole.
   */
  @Test
  void mutatedInputs_areReadAlikeEveryWay_andNeverCrashTheReader() throws IOException {
    StringBuilder seed = new StringBuilder();
    for (int i = 0; i < 2700; i++) {
      switch (i % 9) {
        case 0 ->
            seed.append("{\"Records\":[{\"id\":\"r").append(i).append("\"},{\"id\":\"s\"}]}\n");
        case 1 ->
            seed.append("[\n  {\"id\": \"a")
                .append(i)
                .append("\"},\n  {\"id\": [1, {\"x\": \"]\"}]}\n]\n");
        case 2 ->
            seed.append(
                "{\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{\"id\":\"e\"}}");
        case 3 ->
            seed.append(
                "{\n  \"Events\": [\n    {\"CloudTrailEvent\": \"{\\\"id\\\":\\\"l\\\"}\"}\n  ]\n}\n");
        default ->
            seed.append("{\"id\":\"j")
                .append(i)
                .append("\",\"pad\":\"")
                .append("p".repeat(i % 300))
                .append("\\\"q\"}\n");
      }
    }
    byte[] base = utf8(seed.toString());
    assertThat(base.length).isGreaterThan(2 * Framer.BLOCK_BYTES);
    byte[] structural = utf8("{}[]\",:\\\n x");
    java.util.Random random = new java.util.Random(11);
    for (int run = 0; run < 30; run++) {
      ByteArrayOutputStream mutated = new ByteArrayOutputStream();
      for (byte b : base) {
        int r = random.nextInt(4000);
        if (r == 0) {
          continue; // deleted
        }
        mutated.write(r == 1 ? structural[random.nextInt(structural.length)] : b);
        if (r == 2) {
          mutated.write(structural[random.nextInt(structural.length)]); // inserted
        }
      }
      byte[] data = mutated.toByteArray();
      TestingRecords whole = new TestingRecords();
      EventReader.create().read("in", new ByteArrayInputStream(data), whole);
      TestingRecords slow = new TestingRecords();
      EventReader.create().read("in", trickle(data, random), slow);
      TestingRecords framed = new TestingRecords();
      Framer framer =
          new Framer(
              "in",
              new ByteArrayInputStream(data),
              Framer.Mode.AUTO,
              EventReader.MAX_RECORD_BYTES,
              EventReader.MAX_DEPTH,
              null,
              false,
              false,
              1,
              0);
      Frame f;
      while ((f = framer.next()) != null) {
        EventReader.create().decode(f, framed);
      }
      for (TestingRecords other : List.of(slow, framed)) {
        assertThat(other.ids()).as("run %d", run).isEqualTo(whole.ids());
        assertThat(other.bad()).as("run %d", run).isEqualTo(whole.bad());
        assertThat(other.skipped()).as("run %d", run).isEqualTo(whole.skipped());
      }
      assertThat(whole.ids().size() + whole.bad().size()).isPositive();
    }
  }
}
