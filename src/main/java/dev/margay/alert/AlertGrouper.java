package dev.margay.alert;

import dev.margay.engine.Match;
import dev.margay.event.EventTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Groups matches into alerts exactly as if they had arrived in event-time order, whatever order
 * they arrive in: any permutation of the same matches gives the same alerts (windows, counts, times
 * and the same first match). Panther's rule ({@link AlertWindows}): per rule and dedup key, the
 * first match in event time opens a window of {@code DedupPeriodMinutes}; the first match at or
 * after its end opens the next; a window of at least {@code Threshold} matches is an alert. Rules
 * with {@code CreateAlert: false} produce signals, not alerts, and are ignored.
 *
 * <p>A match's time is its event's own time ({@link Match#eventTimeMillis()}); a match without one
 * counts at the grouper's parse time, as Panther sets {@code p_event_time} to {@code p_parse_time}.
 * Matches at the same time in one group are ordered by content (severity, title, context), never by
 * arrival.
 *
 * <p>Exactness for any disorder means holding every match until {@link #flush()}: each is kept as
 * an event time (8 bytes) and a reference to its alert content, shared with the group's previous
 * match when equal (about 20 bytes per match then; a few hundred per distinct dedup key or
 * content). Past the memory budget (default {@link AlertLimitException#defaultLimitBytes()}) {@link
 * #add} throws {@link AlertLimitException} rather than exhausting the heap. When the disorder of a
 * stream is bounded, {@link StreamingAlertGrouper} emits alerts as it goes with memory bounded by
 * open windows.
 *
 * <p>Times are epoch milliseconds (sub-millisecond digits of an event time are dropped), so an
 * {@link Alert}'s instants have millisecond precision. Not thread-safe: one grouper per stream, fed
 * from one thread (or externally synchronized); the alerts it hands out are immutable.
 */
public final class AlertGrouper {
  private static final long BYTES_PER_GROUP = 240;
  private static final long BYTES_PER_MATCH = 20;

  private final Consumer<Alert> sink;
  private final long parseTime;
  private final long limitBytes;
  private final Map<GroupKey, Group> groups = new HashMap<>();
  private long held;
  private long bytes;

  record GroupKey(String ruleId, String dedupKey) {}

  /** The matches of one group: times and heads, in arrival order until flushed. */
  private static final class Group {
    long[] times = new long[2];
    AlertHead[] heads = new AlertHead[2];
    int size;
  }

  /**
   * A grouper handing alerts to {@code sink}; timeless matches count at the time of construction;
   * budget {@link AlertLimitException#defaultLimitBytes()} (half the heap).
   *
   * @throws NullPointerException if {@code sink} is null
   */
  public AlertGrouper(Consumer<Alert> sink) {
    this(sink, Instant.now(), AlertLimitException.defaultLimitBytes());
  }

  /**
   * A grouper handing alerts to {@code sink}.
   *
   * @param sink receives the alerts at {@link #flush()}, on the calling thread
   * @param parseTime the time of matches without an event time (the scan's {@code p_parse_time});
   *     used at millisecond precision
   * @param limitBytes memory budget, in estimated bytes (about 20 per match of a busy group, ~300
   *     per dedup key plus its first match's title and context), past which {@link #add} throws
   * @throws NullPointerException if {@code sink} or {@code parseTime} is null
   */
  public AlertGrouper(Consumer<Alert> sink, Instant parseTime, long limitBytes) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.parseTime = parseTime.toEpochMilli();
    this.limitBytes = limitBytes;
  }

  /**
   * Adds one match, in any order; a match of a {@code CreateAlert: false} rule is ignored.
   *
   * @throws AlertLimitException if holding it would pass the memory budget: bound the disorder
   *     instead ({@link StreamingAlertGrouper}) or give the JVM more heap
   */
  public void add(Match match) {
    if (!match.createAlert()) {
      return;
    }
    long time = match.eventTimeMillis() == EventTime.NONE ? parseTime : match.eventTimeMillis();
    GroupKey key = new GroupKey(match.ruleId(), match.dedupKey());
    Group g = groups.get(key);
    if (g == null) {
      g = new Group();
      groups.put(key, g);
      bytes += BYTES_PER_GROUP + 2L * match.dedupKey().length();
    }
    AlertHead head = AlertHead.of(match);
    AlertHead previous = g.size == 0 ? null : g.heads[g.size - 1];
    if (head.sameContent(previous)) {
      head = previous;
    } else {
      bytes += head.estimatedBytes();
    }
    if (g.size == g.times.length) {
      g.times = Arrays.copyOf(g.times, g.size * 2);
      g.heads = Arrays.copyOf(g.heads, g.size * 2);
    }
    g.times[g.size] = time;
    g.heads[g.size] = head;
    g.size++;
    held++;
    bytes += BYTES_PER_MATCH;
    if (bytes > limitBytes) {
      throw new AlertLimitException(
          "exact alert grouping holds every match until the end of input: "
              + held
              + " matches in "
              + groups.size()
              + " groups reached the memory budget of "
              + (limitBytes >> 20)
              + " MB",
          held,
          limitBytes);
    }
  }

  /** Matches held so far. */
  public long heldMatches() {
    return held;
  }

  /** The estimated bytes held so far (what the budget is checked against). */
  public long estimatedBytes() {
    return bytes;
  }

  /**
   * Decides every window from the matches held (each group in event-time order) and hands the
   * alerts to the sink in {@link Alert#ORDER}; the grouper is empty afterwards.
   */
  public void flush() {
    List<Alert> alerts = new ArrayList<>();
    for (Group g : groups.values()) {
      decide(g.times, g.heads, g.size, alerts::add);
    }
    groups.clear();
    held = 0;
    bytes = 0;
    alerts.sort(Alert.ORDER);
    alerts.forEach(sink);
  }

  /** The alerts of one group's matches, in any order of {@code times}/{@code heads}. */
  static void decide(long[] times, AlertHead[] heads, int size, Consumer<Alert> out) {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int c = Long.compare(times[a], times[b]);
          return c != 0 ? c : AlertHead.CONTENT_ORDER.compare(heads[a], heads[b]);
        });
    AlertWindow window = null;
    AlertHead first = null;
    for (int i : order) {
      AlertWindows.Step step = AlertWindows.apply(window, times[i], heads[i].dedupPeriodMinutes());
      if (step.closed() != null && AlertWindows.fires(step.closed(), first.threshold())) {
        out.accept(Alert.of(first, step.closed()));
      }
      if (step.opened()) {
        first = heads[i];
      }
      window = step.window();
    }
    if (window != null && AlertWindows.fires(window, first.threshold())) {
      out.accept(Alert.of(first, window));
    }
  }
}
