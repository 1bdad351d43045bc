// Over 300 lines: one watermark state machine; pending, open and closing move together.
package dev.margay.alert;

import dev.margay.engine.Match;
import dev.margay.event.EventTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Groups matches into alerts as they stream in, for input whose disorder is bounded: a match may
 * arrive after matches up to {@code maxDisorder} later than it in event time. The watermark is the
 * latest event time seen minus that bound. Matches wait until the watermark passes their time and
 * are then applied in event-time order ({@link AlertWindows}, as {@link AlertGrouper} does); a
 * window is closed, and its alert handed to the sink, once the watermark reaches its end. While the
 * disorder stays within the bound the alerts are exactly {@link AlertGrouper}'s. A match older than
 * the watermark when it arrives is <em>late</em>: it goes to the late-match consumer and is
 * counted, never merged into a window.
 *
 * <p>Matches without an event time count at the parse time (the supplier's value when they arrive,
 * as Panther sets {@code p_event_time = p_parse_time}); they are grouped in windows of their own,
 * on parse time, and never move the event-time watermark, so one timeless record cannot make the
 * rest late.
 *
 * <p>Memory follows the open windows and the matches waiting for the watermark (an estimated few
 * hundred bytes each, plus the first match's title and context); past the budget {@link #add}
 * throws {@link AlertLimitException}.
 *
 * <p>Alerts reach the sink in the order their windows close (window end as the watermark passes it,
 * or when a later match of the same key opens the next window; at {@link #flush()} the rest by
 * window end), not in {@link AlertGrouper}'s window-start order. Times are epoch milliseconds
 * (sub-millisecond digits are dropped). Not thread-safe: one grouper per stream (or per key
 * partition), fed from one thread; the sink and the late-match consumer are called on that thread,
 * from {@link #add}, {@link #advanceTo} and {@link #flush()}.
 */
public final class StreamingAlertGrouper {
  private static final long BYTES_PER_WINDOW = 400;
  private static final long BYTES_PER_PENDING = 120;

  private final long bound;
  private final Consumer<Alert> sink;
  private final Consumer<LateMatch> late;
  private final LongSupplier parseClock;
  private final long limitBytes;
  private final Track eventTrack = new Track();
  private final Track parseTrack = new Track();
  private final PriorityQueue<Pending> pending = new PriorityQueue<>(Pending.ORDER);
  private long maxSeen = EventTime.NONE;
  private long lastParse = EventTime.NONE;
  private long lateCount;
  private long bytes;

  private record Pending(long time, AlertGrouper.GroupKey key, AlertHead head, long bytes) {
    static final Comparator<Pending> ORDER =
        Comparator.comparingLong(Pending::time)
            .thenComparing(p -> p.key.ruleId())
            .thenComparing(p -> p.key.dedupKey())
            .thenComparing(Pending::head, AlertHead.CONTENT_ORDER);
  }

  private record Closing(long end, long start, AlertGrouper.GroupKey key) {
    static final Comparator<Closing> ORDER =
        Comparator.comparingLong(Closing::end)
            .thenComparingLong(Closing::start)
            .thenComparing(c -> c.key.ruleId())
            .thenComparing(c -> c.key.dedupKey());
  }

  private static final class Open {
    AlertWindow window;
    AlertHead first;
  }

  /** Open windows of one time line (event time, or parse time) and the order in which they end. */
  private final class Track {
    final Map<AlertGrouper.GroupKey, Open> open = new HashMap<>();
    final PriorityQueue<Closing> closing = new PriorityQueue<>(Closing.ORDER);

    void apply(long time, AlertGrouper.GroupKey key, AlertHead head) {
      Open o = open.get(key);
      AlertWindows.Step step =
          AlertWindows.apply(o == null ? null : o.window, time, head.dedupPeriodMinutes());
      if (step.closed() != null) {
        emit(o.first, step.closed());
      }
      if (o == null) {
        o = new Open();
        open.put(key, o);
        bytes += BYTES_PER_WINDOW + 2L * key.dedupKey().length() + head.estimatedBytes();
      }
      if (step.opened()) {
        if (o.first != null) {
          bytes += head.estimatedBytes() - o.first.estimatedBytes();
        }
        o.first = head;
        closing.add(new Closing(step.window().end(), step.window().start(), key));
      } else if (time == o.window.start() && AlertHead.CONTENT_ORDER.compare(head, o.first) < 0) {
        // A tie with the first match (parse-time matches all tie): content decides, as in
        // AlertGrouper.
        bytes += head.estimatedBytes() - o.first.estimatedBytes();
        o.first = head;
      }
      o.window = step.window();
    }

    /** Closes the windows that end at or before {@code watermark}, in end order. */
    void closeUpTo(long watermark) {
      while (!closing.isEmpty() && closing.peek().end() <= watermark) {
        Closing c = closing.poll();
        Open o = open.get(c.key());
        if (o != null
            && o.window.start() == c.start()) { // else that window was closed by a later match
          open.remove(c.key());
          bytes -= BYTES_PER_WINDOW + 2L * c.key().dedupKey().length() + o.first.estimatedBytes();
          emit(o.first, o.window);
        }
      }
    }
  }

  /**
   * A grouper with the given disorder bound; timeless matches count at the wall clock when they
   * arrive, late matches are only counted; budget {@link AlertLimitException#defaultLimitBytes()}
   * (half the heap).
   *
   * @throws IllegalArgumentException if {@code maxDisorder} is negative
   * @throws NullPointerException if an argument is null
   */
  public StreamingAlertGrouper(Duration maxDisorder, Consumer<Alert> sink) {
    this(
        maxDisorder,
        sink,
        m -> {},
        System::currentTimeMillis,
        AlertLimitException.defaultLimitBytes());
  }

  /**
   * A grouper.
   *
   * @param maxDisorder how far (event time) a match may arrive behind the latest one seen; not
   *     negative; used at millisecond precision, bounds beyond ~146 million years count as
   *     unbounded
   * @param sink receives each alert when its window closes
   * @param late receives each late match (also counted by {@link #lateMatches()})
   * @param parseClock the parse time, in epoch <b>milliseconds</b>, that a match without an event
   *     time counts at; asked once per such match (e.g. {@code System::currentTimeMillis}); a value
   *     below an earlier one counts as the earlier one
   * @param limitBytes memory budget, in estimated bytes, past which {@link #add} throws
   * @throws IllegalArgumentException if {@code maxDisorder} is negative
   * @throws NullPointerException if an argument is null
   */
  public StreamingAlertGrouper(
      Duration maxDisorder,
      Consumer<Alert> sink,
      Consumer<LateMatch> late,
      LongSupplier parseClock,
      long limitBytes) {
    if (maxDisorder.isNegative()) {
      throw new IllegalArgumentException("maxDisorder must not be negative: " + maxDisorder);
    }
    this.bound =
        maxDisorder.compareTo(Duration.ofMillis(Long.MAX_VALUE / 2)) > 0
            ? Long.MAX_VALUE / 2
            : maxDisorder.toMillis();
    this.sink = Objects.requireNonNull(sink, "sink");
    this.late = Objects.requireNonNull(late, "late");
    this.parseClock = Objects.requireNonNull(parseClock, "parseClock");
    this.limitBytes = limitBytes;
  }

  /**
   * Adds one match in arrival order: it waits for the watermark, is late, or (timeless) is grouped
   * on parse time; alerts whose windows the new watermark closes are handed to the sink.
   *
   * @throws AlertLimitException if the open windows and waiting matches would pass the memory
   *     budget: use a smaller bound or give the JVM more heap
   */
  public void add(Match match) {
    if (!match.createAlert()) {
      return;
    }
    AlertGrouper.GroupKey key = new AlertGrouper.GroupKey(match.ruleId(), match.dedupKey());
    long time = match.eventTimeMillis();
    if (time == EventTime.NONE) {
      long now = Math.max(parseClock.getAsLong(), lastParse); // parse time never goes back
      lastParse = now;
      parseTrack.closeUpTo(now);
      parseTrack.apply(now, key, AlertHead.of(match));
      check();
      return;
    }
    long watermark = watermark();
    if (watermark != EventTime.NONE && time < watermark) {
      lateCount++;
      late.accept(
          new LateMatch(match, Instant.ofEpochMilli(time), Instant.ofEpochMilli(watermark)));
      return;
    }
    AlertHead head = AlertHead.of(match);
    long cost = BYTES_PER_PENDING + 2L * key.dedupKey().length() + head.estimatedBytes();
    pending.add(new Pending(time, key, head, cost));
    bytes += cost;
    if (maxSeen == EventTime.NONE || time > maxSeen) {
      maxSeen = time;
      advance(watermark());
    }
    check();
  }

  /**
   * Moves the watermark to at least {@code eventTime - maxDisorder} as if a match at {@code
   * eventTime} had been seen (for idle inputs: a heartbeat); closes what that passes.
   */
  public void advanceTo(Instant eventTime) {
    long t = eventTime.toEpochMilli();
    if (maxSeen == EventTime.NONE || t > maxSeen) {
      maxSeen = t;
      advance(watermark());
    }
  }

  private void check() {
    if (bytes > limitBytes) {
      throw new AlertLimitException(
          "alert grouping with a disorder bound of "
              + Duration.ofMillis(bound)
              + " holds "
              + openWindows()
              + " open windows and "
              + pending.size()
              + " waiting matches, past the memory"
              + " budget of "
              + (limitBytes >> 20)
              + " MB",
          openWindows() + pending.size(),
          limitBytes);
    }
  }

  /**
   * Applies waiting matches before {@code watermark} in event-time order, then closes windows ended
   * by it.
   */
  private void advance(long watermark) {
    while (!pending.isEmpty() && pending.peek().time() < watermark) {
      Pending p = pending.poll();
      bytes -= p.bytes();
      eventTrack.apply(p.time(), p.key(), p.head());
    }
    eventTrack.closeUpTo(watermark);
  }

  /** Latest event time seen minus the bound (epoch ms), or {@link EventTime#NONE} before any. */
  private long watermark() {
    return maxSeen == EventTime.NONE ? EventTime.NONE : maxSeen - bound;
  }

  /** The current watermark, or empty before the first timed match. */
  public java.util.Optional<Instant> currentWatermark() {
    long w = watermark();
    return w == EventTime.NONE
        ? java.util.Optional.empty()
        : java.util.Optional.of(Instant.ofEpochMilli(w));
  }

  /** Late matches so far. */
  public long lateMatches() {
    return lateCount;
  }

  /** Windows open now (both time lines). */
  public int openWindows() {
    return eventTrack.open.size() + parseTrack.open.size();
  }

  /**
   * End of input: applies every waiting match, closes every window, hands out the alerts in {@link
   * Alert#ORDER}.
   */
  public void flush() {
    advance(Long.MAX_VALUE);
    List<Alert> rest = new ArrayList<>();
    for (Track t : List.of(eventTrack, parseTrack)) {
      t.open
          .values()
          .forEach(
              o -> {
                if (AlertWindows.fires(o.window, o.first.threshold())) {
                  rest.add(Alert.of(o.first, o.window));
                }
              });
      t.open.clear();
      t.closing.clear();
    }
    bytes = 0;
    rest.sort(Alert.ORDER);
    rest.forEach(sink);
  }

  private void emit(AlertHead first, AlertWindow window) {
    if (AlertWindows.fires(window, first.threshold())) {
      sink.accept(Alert.of(first, window));
    }
  }
}
