package dev.margay.input;

import static dev.margay.input.EventReaderTest.concat;
import static dev.margay.input.EventReaderTest.gzip;
import static dev.margay.input.EventReaderTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import dev.margay.event.EventParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pull-based reader gives, item by item, what {@link EventReader} delivers (once the caller
 * parses each event's bytes), and resumes at any position it gave with exactly the items that
 * followed.
 */
class RecordReaderTest {
  /** Every way records arrive, gzip'd and plain, with bad records and a skipped document. */
  static final byte[] MIXED = mixed();

  static byte[] mixed() {
    try {
      return concat(
          gzip(
              utf8(
                  """
                  {"Records": [
                    {"id": "r0", "eventTime": "2024-01-01T00:00:00Z"},
                    {"id": "r1"},
                    42,
                    {"id": "r3", "bad": tru}
                  ]}
                  """)),
          utf8(
              """
              {"id":"l0"}
              {"id": "broken"
              {"id":"l2"}{"id":"l3"}
              {"digestStartTime":"2024-01-01T00:00:00Z","logFiles":[]}
              {"detail-type":"AWS API Call via CloudTrail","detail":{"id":"eb"}}
              [{"id":"a0"},{"id":"a1"}]
              {"Events":[{"CloudTrailEvent":"{\\"id\\":\\"le0\\"}"},{"nope":1}]}
              {"id":"tiny","Records":[{"id":"t0"}]}
              """),
          gzip(utf8("{\"id\":\"g0\"}\n{\"id\":\"g1\"}\n")),
          utf8("{\"id\":\"last\"}"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String at(RecordPosition p) {
    return p.source() + ":" + p.line() + "/" + p.index() + "/" + p.offset() + "/" + p.envelope();
  }

  /** What EventReader delivers, one line per record. */
  static List<String> eventReader(byte[] input) throws IOException {
    List<String> out = new ArrayList<>();
    EventReader.create()
        .read(
            "in",
            new ByteArrayInputStream(input),
            new RecordHandler() {
              @Override
              public void onEvent(Event event, RecordPosition position) {
                out.add("EVENT " + at(position) + " " + event.toJson());
              }

              @Override
              public void onBadRecord(
                  RecordPosition position, EventParseException.Code code, String reason) {
                out.add("BAD " + at(position) + " " + code);
              }

              @Override
              public void onSkipped(RecordPosition position, String what) {
                out.add("SKIPPED " + at(position) + " " + what);
              }
            });
    return out;
  }

  /** An item as a consumer sees it: event bytes parsed (a parse failure is a bad record). */
  static String seen(RecordReader.Item item) {
    return switch (item.kind()) {
      case EVENT -> {
        try {
          yield "EVENT "
              + at(item.position())
              + " "
              + EventParser.defaults().parse(item.bytes()).toJson();
        } catch (EventParseException e) {
          yield "BAD " + at(item.position()) + " " + e.code();
        }
      }
      case BAD -> "BAD " + at(item.position()) + " " + item.code();
      case SKIPPED -> "SKIPPED " + at(item.position()) + " " + item.reason();
    };
  }

  static List<String> readAll(RecordReader reader, List<RecordReader.Position> positions)
      throws IOException {
    List<String> out = new ArrayList<>();
    for (RecordReader.Item item = reader.next(); item != null; item = reader.next()) {
      out.add(seen(item));
      positions.add(reader.position());
    }
    return out;
  }

  static RecordReader open(byte[] input, RecordReader.Position from) throws InputException {
    return RecordReader.open("in", new ByteArrayInputStream(input), null, from);
  }

  @Test
  void givesWhatEventReaderDelivers_itemByItem() throws IOException {
    List<String> expected = eventReader(MIXED);
    List<String> items = readAll(open(MIXED, RecordReader.Position.START), new ArrayList<>());
    assertThat(items).containsExactlyElementsOf(expected);
    // The input holds each kind: events from every envelope, bad records, a skipped digest.
    assertThat(String.join("\n", items))
        .contains("\"id\":\"r0\"", "\"id\":\"le0\"", "\"id\":\"eb\"", "\"id\":\"t0\"", "\"g1\"")
        .contains("SKIPPED", "BAD in:4/2/", "BAD in:5/3/", "BAD in:8/");
  }

  @Test
  void plainRecordsAreTheInputsOwnBytes() throws IOException {
    byte[] line = utf8("{ \"id\" : \"x\",  \"n\": 1.50 }");
    RecordReader r = open(concat(line, utf8("\n")), RecordReader.Position.START);
    assertThat(r.next().bytes()).isEqualTo(line);
    assertThat(r.next()).isNull();
  }

  @Test
  void resumesAtEveryPositionWithExactlyTheItemsThatFollowed() throws IOException {
    List<RecordReader.Position> positions = new ArrayList<>();
    List<String> all = readAll(open(MIXED, RecordReader.Position.START), positions);
    for (int k = 0; k < positions.size(); k++) {
      List<String> rest = readAll(open(MIXED, positions.get(k)), new ArrayList<>());
      assertThat(rest)
          .as("resumed at %s", positions.get(k))
          .isEqualTo(all.subList(k + 1, all.size()));
    }
    // Inside the Records document the position is its start and an index; lines are their own.
    assertThat(positions.get(0)).isEqualTo(new RecordReader.Position(0, 1));
    assertThat(positions.get(3)).isEqualTo(new RecordReader.Position(0, 4));
    assertThat(positions.get(4).skip()).isEqualTo(1);
    assertThat(positions.get(4).offset()).isPositive();
  }

  @Test
  void resumesAfterAByteOrderMarkAndCarriageReturns_withTheSameLineNumbers() throws IOException {
    byte[] input =
        concat(
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            utf8("{\"id\":\"a\"}{\"id\":\"b\"}\r\n\r\n  {\"id\":\"c\"}\r\n{\"id\": oops}\r\n"));
    List<RecordReader.Position> positions = new ArrayList<>();
    List<String> all = readAll(open(input, RecordReader.Position.START), positions);
    assertThat(all).containsExactlyElementsOf(eventReader(input));
    for (int k = 0; k < positions.size(); k++) {
      assertThat(readAll(open(input, positions.get(k)), new ArrayList<>()))
          .isEqualTo(all.subList(k + 1, all.size()));
    }
  }

  @Test
  void aGzipMemberCutShortIsATruncatedRecord_alsoAfterResuming() throws IOException {
    byte[] whole = gzip(utf8("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n"));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 12);
    List<RecordReader.Position> positions = new ArrayList<>();
    List<String> all = readAll(open(cut, RecordReader.Position.START), positions);
    assertThat(all).containsExactlyElementsOf(eventReader(cut));
    assertThat(all.get(all.size() - 1)).startsWith("BAD").endsWith("TRUNCATED");
    assertThat(readAll(open(cut, positions.get(0)), new ArrayList<>()))
        .isEqualTo(all.subList(1, all.size()));
  }

  @Test
  void aPositionBeyondTheInputIsAnError_notSilence() {
    assertThatThrownBy(() -> open(utf8("{\"id\":\"a\"}\n"), new RecordReader.Position(100, 0)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("in: the input ends at byte 11, before position 100");
    assertThatThrownBy(() -> open(utf8("{\"id\":\"a\"}\n"), new RecordReader.Position(0, 2)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("the input ends before position 0/2");
  }

  @Test
  void wideEncodingsAndCorruptGzipEndTheInputWithAnInputException() {
    assertThatThrownBy(
            () -> open(new byte[] {(byte) 0xFF, (byte) 0xFE, '{', 0}, RecordReader.Position.START))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("UTF-16");
    // A gzip header followed by a deflate block of the reserved type 11: corrupt, not cut short.
    byte[] corrupt = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0};
    assertThatThrownBy(
            () -> {
              RecordReader r =
                  open(concat(utf8("{\"id\":\"a\"}\n"), corrupt), RecordReader.Position.START);
              assertThat(seen(r.next())).startsWith("EVENT");
              r.next();
            })
        .isInstanceOf(InputException.class)
        .satisfies(
            e ->
                assertThat(((InputException) e).code())
                    .isEqualTo(InputException.Code.CORRUPT_GZIP));
  }
}
