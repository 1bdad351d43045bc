package dev.margay.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.event.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class EventReaderTest {
  /** Collects what the reader delivers, as "event id@position" and "bad position: reason" lines. */
  static final class Collected implements RecordHandler {
    final List<String> events = new ArrayList<>();
    final List<String> bad = new ArrayList<>();

    @Override
    public void onEvent(Event event, RecordPosition position) {
      events.add(event.json().path("id").asText() + "@" + position);
    }

    @Override
    public void onBadRecord(RecordPosition position, dev.margay.event.EventParseException.Code code, String reason) {
      bad.add(position + ": " + reason);
    }
  }

  private static Collected read(byte[] bytes, InputFormat expectedFormat) throws IOException {
    Collected c = new Collected();
    InputFormat format = EventReader.create().read("in", new ByteArrayInputStream(bytes), c);
    assertThat(format).isEqualTo(expectedFormat);
    return c;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void jsonLines_reportsBadLinesWithTheirNumbers_andReadsTheRest() throws IOException {
    Collected c = read(utf8("{broken\n{\"id\":\"a\"}\n\n[1]\n{\"id\":\"b\",\"id\":\"c\"}\n{\"id\":\"d\"}"), InputFormat.JSON_LINES);
    assertThat(c.events).containsExactly("a@in:2", "d@in:6");
    assertThat(c.bad).hasSize(3);
    assertThat(c.bad.get(0)).startsWith("in:1: ");
    assertThat(c.bad.get(1)).isEqualTo("in:4: expected a JSON object, found an array");
    assertThat(c.bad.get(2)).isEqualTo("in:5: Duplicate field 'id' (column 15)");
  }

  @Test
  void cloudTrailRecords_gzipped_areStreamedWithRecordIndexes() throws IOException {
    byte[] file = gzip(utf8("{\"Records\":[{\"id\":\"a\"},\n{\"id\":\"b\",\"id\":\"x\"},\n7,\n{\"id\":\"c\"}]}"));
    Collected c = read(file, InputFormat.CLOUDTRAIL_RECORDS);
    assertThat(c.events).containsExactly("a@in:1 [record 0]", "c@in:4 [record 3]");
    assertThat(c.bad).containsExactly("in:2 [record 1]: Duplicate field 'id'",
        "in:3 [record 2]: expected an event (a JSON object), found a number");
  }

  @Test
  void jsonArray_andPrettyPrintedObjects_areRead() throws IOException {
    assertThat(read(utf8(" [ {\"id\":\"a\"}, {\"id\":\"b\"} ]"), InputFormat.JSON_ARRAY).events)
        .containsExactly("a@in:1 [record 0]", "b@in:1 [record 1]");
    assertThat(read(utf8("{\n  \"id\": \"a\"\n}\n{\n  \"id\": \"b\"\n}\n"), InputFormat.JSON).events)
        .containsExactly("a@in:1 [record 0]", "b@in:4 [record 1]");
  }

  @Test
  void truncatedGzip_isAnInputError_afterTheRecordsBeforeIt() throws IOException {
    byte[] whole = gzip(utf8("{\"id\":\"a\"}\n".repeat(1000)));
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
    Collected c = new Collected();
    assertThatThrownBy(() -> EventReader.create().read("t.gz", new ByteArrayInputStream(truncated), c))
        .isInstanceOf(InputException.class).hasMessageStartingWith("t.gz: truncated input");
  }

  @Test
  void gzipBomb_isReported_notFollowed() throws IOException {
    byte[] bomb = gzip(new byte[200 * 1024 * 1024]); // 200 MB of zeros, ~200 KB compressed
    Collected c = new Collected();
    assertThatThrownBy(() -> EventReader.create().read("bomb.gz", new ByteArrayInputStream(bomb), c))
        .isInstanceOf(InputException.class).hasMessageContaining("gzip bomb");
  }

  @Test
  void brokenJsonInAStream_endsTheInputWithItsLine() {
    Collected c = new Collected();
    assertThatThrownBy(() -> EventReader.create().read("a.json",
        new ByteArrayInputStream(utf8("[{\"id\":\"a\"},\n{\"id\": }]")), c))
        .isInstanceOf(InputException.class).hasMessageStartingWith("a.json:2: broken JSON");
    assertThat(c.events).containsExactly("a@a.json:1 [record 0]");
  }

  @Test
  void forcedFormat_isUsed() throws IOException {
    Collected c = new Collected();
    EventReader.create().withFormat(InputFormat.JSON_LINES).read("x", new ByteArrayInputStream(utf8("[{\"id\":\"a\"}]")), c);
    assertThat(c.bad).containsExactly("x:1: expected a JSON object, found an array");
  }

  /** Collects records in one list, in delivery order, whether they come as blocks or one by one. */
  static final class Ordered implements EventReader.LineHandler {
    final List<String> records = new ArrayList<>();

    @Override
    public void onLines(String source, long firstLine, byte[] block, int length) {
      EventReader.parseLines(dev.margay.event.EventParser.defaults(), null, source, firstLine, block, length, this);
    }

    /** A plain handler (not a LineHandler) feeding this one: the reader then parses lines itself. */
    RecordHandler oneByOne() {
      return new RecordHandler() {
        @Override
        public void onEvent(Event event, RecordPosition position) {
          Ordered.this.onEvent(event, position);
        }

        @Override
        public void onBadRecord(RecordPosition p, dev.margay.event.EventParseException.Code c, String r) {
          Ordered.this.onBadRecord(p, c, r);
        }
      };
    }

    @Override
    public void onEvent(Event event, RecordPosition position) {
      records.add(position + " " + event.json().path("id").asText() + " " + event.json().path("pad").asText().length());
    }

    @Override
    public void onBadRecord(RecordPosition position, dev.margay.event.EventParseException.Code code, String reason) {
      records.add(position + " " + code);
    }
  }

  /** A stream that hands out a few bytes per read and says nothing more is available: a slow pipe. */
  private static java.io.InputStream trickle(byte[] data, java.util.Random random) {
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
  void jsonLines_giveTheSameRecordsAndLines_inBlocks_oneByOne_andFromASlowStream() throws IOException {
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
        sb.append("{\"id\":").append(i).append(",\n"); // broken
        expected.add("in:" + line + " JSON_SYNTAX");
        continue;
      }
      // Lines from a few bytes to several blocks long, so that blocks end everywhere.
      int pad = kind == 2 ? 100_000 + random.nextInt(300_000) : random.nextInt(600);
      sb.append("{\"id\":\"e").append(i).append("\",\"pad\":\"").append("x".repeat(pad)).append('"').append('}');
      sb.append(kind == 3 ? "\r\n" : "\n");
      expected.add("in:" + line + " e" + i + " " + pad);
    }
    sb.append("{\"id\":\"last\",\"pad\":\"\"}"); // no newline at the end
    expected.add("in:" + (line + 1) + " last 0");
    byte[] data = utf8(sb.toString());
    assertThat(data.length).isGreaterThan(3 * EventReader.BLOCK_BYTES);

    for (boolean blocks : new boolean[] {true, false}) {
      Ordered fromFile = new Ordered();
      EventReader.create().read("in", new ByteArrayInputStream(data), blocks ? fromFile : fromFile.oneByOne());
      assertThat(fromFile.records).as("blocks: %s", blocks).containsExactlyElementsOf(expected);
      Ordered slow = new Ordered();
      EventReader.create().read("in", trickle(data, random), blocks ? slow : slow.oneByOne());
      assertThat(slow.records).as("slow stream, blocks: %s", blocks).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aLineLongerThanTheRecordLimit_isReportedWithItsNumber_andTheNextLinesAreRead() throws IOException {
    byte[] data = utf8("{\"id\":\"a\"}\n{\"id\":\"" + "x".repeat(EventReader.MAX_RECORD_BYTES) + "\"}\n{\"id\":\"b\"}\n");
    for (boolean blocks : new boolean[] {true, false}) {
      Ordered c = new Ordered();
      EventReader.create().read("in", new ByteArrayInputStream(data), blocks ? c : c.oneByOne());
      assertThat(c.records).containsExactly("in:1 a 0", "in:2 LIMIT", "in:3 b 0");
    }
  }

  @Test
  void countNewlines_countsEveryNewlineByte_whateverSurroundsIt() {
    java.util.Random random = new java.util.Random(11);
    byte[] interesting = {'\n', 0, 0x0B, 0x09, (byte) 0x8A, (byte) 0xFF, 0x7F, (byte) 0x80, 'a'};
    for (int run = 0; run < 2000; run++) {
      byte[] buf = new byte[random.nextInt(70)];
      for (int i = 0; i < buf.length; i++) {
        buf[i] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
      }
      int length = buf.length == 0 ? 0 : random.nextInt(buf.length + 1);
      long within = 0;
      for (int i = 0; i < length; i++) {
        within += buf[i] == '\n' ? 1 : 0;
      }
      assertThat(EventReader.countNewlines(buf, length)).as(Arrays.toString(buf) + " / " + length).isEqualTo(within);
    }
  }
}
