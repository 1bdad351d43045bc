package dev.margay.input;

import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RecordHandler} that keeps everything it is handed, in order: the events with their
 * positions, the bad records, the skipped documents. Not thread-safe (a reader calls its handler
 * from one thread).
 */
public final class TestingRecords implements RecordHandler {
  /** A record that was not a valid event. */
  public record Bad(RecordPosition position, EventParseException.Code code, String reason) {}

  /** A document recognized as no event. */
  public record Skipped(RecordPosition position, String what) {}

  private final List<Event> events = new ArrayList<>();
  private final List<RecordPosition> positions = new ArrayList<>();
  private final List<Bad> bad = new ArrayList<>();
  private final List<Skipped> skipped = new ArrayList<>();

  /** Reads {@code bytes} (named {@code name} in positions) with {@code reader}, collecting all. */
  public static TestingRecords read(EventReader reader, String name, byte[] bytes)
      throws IOException {
    TestingRecords records = new TestingRecords();
    reader.read(name, new ByteArrayInputStream(bytes), records);
    return records;
  }

  @Override
  public void onEvent(Event event, RecordPosition position) {
    events.add(event);
    positions.add(position);
  }

  @Override
  public void onBadRecord(RecordPosition position, EventParseException.Code code, String reason) {
    bad.add(new Bad(position, code, reason));
  }

  @Override
  public void onSkipped(RecordPosition position, String what) {
    skipped.add(new Skipped(position, what));
  }

  /** The valid events, in input order. */
  public List<Event> events() {
    return events;
  }

  /** Each valid event's {@code id} field and position: {@code "id@position"}. */
  public List<String> ids() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      out.add(events.get(i).json().path("id").asText() + "@" + positions.get(i));
    }
    return out;
  }

  /** The bad records as {@code "position: reason"}. */
  public List<String> bad() {
    return bad.stream().map(b -> b.position() + ": " + b.reason()).toList();
  }

  /** The bad records as {@code "position CODE"}. */
  public List<String> codes() {
    return bad.stream().map(b -> b.position() + " " + b.code()).toList();
  }

  /** The bad records themselves. */
  public List<Bad> badRecords() {
    return bad;
  }

  /** The skipped documents as {@code "position: what"}. */
  public List<String> skipped() {
    return skipped.stream().map(s -> s.position() + ": " + s.what()).toList();
  }
}
