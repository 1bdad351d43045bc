package dev.margay.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.engine.Match;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns a stream of matches into alerts, as Panther deduplicates them. Matches with the same rule and
 * dedup key belong to one window that the first of them opens and that lasts the rule's
 * {@code DedupPeriodMinutes}, measured in event time ({@code eventTime}, else {@code p_event_time});
 * the first match at or after the window's end opens the next one. A window becomes an alert when it
 * holds at least {@code Threshold} matches; alerts are handed to the sink when their window closes:
 * when a later match passes its end, when {@link #expire(Instant)} is told the time has passed it, or at
 * {@link #flush()}. Rules with {@code CreateAlert: false} produce signals, not alerts, and are ignored.
 *
 * <p>Matches whose event has no readable time join the open window of their group (opening one if there
 * is none). Matches older than their window's start (out-of-order input) join the open window too.
 * Not thread-safe: use one grouper per ordered stream.
 */
public final class AlertGrouper {
  private static final DateTimeFormatter PANTHER_TIME = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter();

  private final Consumer<Alert> sink;
  private final Map<Key, Window> open = new HashMap<>();

  private record Key(String ruleId, String dedupKey) {}

  private static final class Window {
    final Match first;
    final Instant start;
    Instant firstTime;
    Instant lastTime;
    int count;

    Window(Match first, Instant start) {
      this.first = first;
      this.start = start;
      this.firstTime = start;
      this.lastTime = start;
    }

    boolean endsBefore(Instant time) {
      return start != null && time != null
          && !time.isBefore(start.plus(Duration.ofMinutes(first.dedupPeriodMinutes())));
    }
  }

  /** A grouper that hands finished alerts to {@code sink}. */
  public AlertGrouper(Consumer<Alert> sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** Adds one match, in stream order. */
  public void add(Match match) {
    if (!match.createAlert()) {
      return;
    }
    Instant time = eventTime(match.event().fields());
    Key key = new Key(match.ruleId(), match.dedupKey());
    Window window = open.get(key);
    if (window != null && window.endsBefore(time)) {
      close(window);
      window = null;
    }
    if (window == null) {
      window = new Window(match, time);
      open.put(key, window);
    }
    window.count++;
    if (time != null) {
      if (window.firstTime == null || time.isBefore(window.firstTime)) {
        window.firstTime = time;
      }
      if (window.lastTime == null || time.isAfter(window.lastTime)) {
        window.lastTime = time;
      }
    }
  }

  /** Closes every window that ended at or before {@code now} (event time), emitting the alerts among them. */
  public void expire(Instant now) {
    List<Window> ended = new ArrayList<>();
    for (Iterator<Window> it = open.values().iterator(); it.hasNext(); ) {
      Window w = it.next();
      if (w.endsBefore(now)) {
        ended.add(w);
        it.remove();
      }
    }
    emitInOrder(ended);
  }

  /** Closes every open window (end of input), emitting the alerts among them. */
  public void flush() {
    List<Window> all = new ArrayList<>(open.values());
    open.clear();
    emitInOrder(all);
  }

  private void emitInOrder(List<Window> windows) {
    windows.sort(Comparator.comparing((Window w) -> w.firstTime, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(w -> w.first.ruleId()).thenComparing(w -> w.first.dedupKey()));
    windows.forEach(this::emit);
  }

  private void close(Window window) {
    open.remove(new Key(window.first.ruleId(), window.first.dedupKey()));
    emit(window);
  }

  private void emit(Window w) {
    if (w.count >= w.first.threshold()) {
      Match m = w.first;
      sink.accept(new Alert(m.ruleId(), m.dedupKey(), m.severity(), m.title(), w.firstTime, w.lastTime, w.count,
          m.threshold(), m.dedupPeriodMinutes(), m));
    }
  }

  /** The event's time: {@code eventTime} (ISO-8601) or {@code p_event_time}; null when neither reads. */
  static Instant eventTime(JsonNode event) {
    Instant t = parse(event.get("eventTime"));
    return t != null ? t : parse(event.get("p_event_time"));
  }

  private static Instant parse(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return null;
    }
    String text = node.textValue();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text, PANTHER_TIME).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
