// Over 300 lines: one state machine (keys, evaluation points, expiry) sharing its invariants.
package dev.margay.alert;

import dev.margay.engine.CorrelationLogic;
import dev.margay.rule.CorrelationRule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Correlates signals that arrive in event-time order (equal times in any order), keyed by
 * correlation rule and join value, holding only what the lookback window needs. The decision is
 * {@link CorrelationLogic#decide}: a required member's signal at time {@code t} makes {@code t} an
 * <em>evaluation point</em> for its join value; once every signal at {@code t} is in (for rules
 * with {@code Absence}, every signal up to {@code t + horizon}), the rule is decided over the
 * window ending at {@code t}. A match is a {@link CorrelationAlert}, and the signals it counted are
 * consumed: each signal of a required member contributes to at most one alert of its rule and
 * value.
 *
 * <p>Memory: per rule, the signals of the last {@code LookbackWindowMinutes} (plus the absence
 * horizon for rules with {@code Absence}), 8 bytes each plus about 40 per signal in the expiry
 * queue, and one entry per join value that has any; older ones are dropped as time advances ({@link
 * #heldSignals()}, {@link #keys()}). For any arrival order use {@link CorrelationGrouper}; for a
 * bounded disorder {@link StreamingCorrelator}. Both feed this class. Not thread-safe: one
 * correlator per stream.
 */
public final class Correlator {
  private final List<CorrelationLogic> logics = new ArrayList<>();
  private final Map<String, List<int[]>> targets = new HashMap<>();
  private final Map<String, Set<String>> joinFieldsByRule = new HashMap<>();
  private final Consumer<CorrelationAlert> sink;
  private final Map<StateKey, KeyState> states = new HashMap<>();

  /**
   * Per logic, its live value keys (for wildcard signals, which are evaluation points for each).
   */
  private final List<Set<String>> liveKeys = new ArrayList<>();

  /** Per logic, its signals in time order: (time, state, member), for expiry. */
  private final List<ArrayDeque<Held>> expiry = new ArrayList<>();

  /** Decision time to the points decided then, ordered for a deterministic output. */
  private final TreeMap<Long, TreeSet<Point>> pending = new TreeMap<>();

  private long current = Long.MIN_VALUE;
  private long held;
  private long alerts;

  /**
   * One join value of one rule; {@code key == null} holds the signals of members that join any
   * value.
   */
  record StateKey(int logic, String key) implements Comparable<StateKey> {
    @Override
    public int compareTo(StateKey o) {
      if (logic != o.logic) {
        return Integer.compare(logic, o.logic);
      }
      if (key == null || o.key == null) {
        return key == null ? (o.key == null ? 0 : -1) : 1;
      }
      return key.compareTo(o.key);
    }
  }

  private record Point(long time, StateKey state) implements Comparable<Point> {
    @Override
    public int compareTo(Point o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : state.compareTo(o.state);
    }
  }

  private record Held(long time, StateKey state, int member) {}

  private static final class KeyState {
    final LongQueue[] times;
    long consumedThrough = Long.MIN_VALUE;
    int pendingPoints;

    KeyState(int members) {
      times = new LongQueue[members];
      for (int i = 0; i < members; i++) {
        times[i] = new LongQueue();
      }
    }

    boolean isEmpty() {
      for (LongQueue q : times) {
        if (q.size > 0) {
          return false;
        }
      }
      return pendingPoints == 0;
    }
  }

  /** A growable queue of ascending times. */
  static final class LongQueue {
    long[] values = new long[2];
    int head;
    int size;

    void add(long v) {
      if (head + size == values.length) {
        if (head > 0 && size <= values.length / 2) {
          System.arraycopy(values, head, values, 0, size);
        } else {
          values = Arrays.copyOf(values, Math.max(4, values.length * 2));
          System.arraycopy(values, head, values, 0, size);
        }
        head = 0;
      }
      values[head + size++] = v;
    }

    void removeFirst() {
      head++;
      size--;
      if (size == 0) {
        head = 0;
        if (values.length > 16) {
          values = new long[2];
        }
      }
    }

    long[] toArray() {
      return Arrays.copyOfRange(values, head, head + size);
    }
  }

  /**
   * A correlator over {@code rules}, handing each correlation alert to {@code sink} as it is
   * decided.
   */
  public Correlator(List<CorrelationRule> rules, Consumer<CorrelationAlert> sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
    for (CorrelationRule rule : rules) {
      CorrelationLogic logic = CorrelationLogic.compile(rule);
      int l = logics.size();
      logics.add(logic);
      liveKeys.add(new LinkedHashSet<>());
      expiry.add(new ArrayDeque<>());
      for (int m = 0; m < logic.memberCount(); m++) {
        String ruleId = logic.member(m).ruleId();
        targets.computeIfAbsent(ruleId, k -> new ArrayList<>()).add(new int[] {l, m});
        for (String f : logic.joinFields(m)) {
          if (f != null) {
            joinFieldsByRule.computeIfAbsent(ruleId, k -> new LinkedHashSet<>()).add(f);
          }
        }
      }
    }
  }

  /** Whether some correlation rule consumes signals of {@code ruleId}. */
  public boolean consumes(String ruleId) {
    return targets.containsKey(ruleId);
  }

  /**
   * The fields correlation rules join signals of {@code ruleId} on (what {@link
   * CorrelationSignal#of} reads).
   */
  public Set<String> joinFields(String ruleId) {
    return java.util.Collections.unmodifiableSet(joinFieldsByRule.getOrDefault(ruleId, Set.of()));
  }

  /**
   * Adds a signal. Its time must not be before the latest time added.
   *
   * @throws IllegalArgumentException if it is: use {@link CorrelationGrouper} or {@link
   *     StreamingCorrelator}
   */
  public void add(CorrelationSignal signal) {
    List<int[]> ts = targets.get(signal.ruleId());
    if (ts == null) {
      return;
    }
    long t = signal.timeMillis();
    if (t < current) {
      throw new IllegalArgumentException(
          "signal at "
              + t
              + " after "
              + current
              + ": a Correlator takes signals in "
              + "event-time order");
    }
    advanceTo(t);
    for (int[] target : ts) {
      int l = target[0];
      int m = target[1];
      CorrelationLogic logic = logics.get(l);
      List<String> keys =
          !logic.keyed(m) && logic.anyKeyed()
              ? java.util.Collections.singletonList(null)
              : logic.joinKeys(m, signal::values);
      for (String key : keys) {
        StateKey sk = new StateKey(l, key);
        KeyState state = states.computeIfAbsent(sk, k -> new KeyState(logic.memberCount()));
        if (key != null) {
          liveKeys.get(l).add(key);
        }
        state.times[m].add(t);
        expiry.get(l).add(new Held(t, sk, m));
        held++;
        if (!logic.member(m).absence()) {
          if (key != null) {
            schedule(logic, new Point(t, sk));
          } else {
            for (String live : liveKeys.get(l)) {
              schedule(logic, new Point(t, new StateKey(l, live)));
            }
          }
        }
      }
    }
  }

  private void schedule(CorrelationLogic logic, Point p) {
    long decideAt = logic.hasAbsence() ? p.time + logic.horizonMillis() : p.time;
    if (pending.computeIfAbsent(decideAt, k -> new TreeSet<>()).add(p)) {
      states.get(p.state).pendingPoints++;
    }
  }

  /**
   * Moves event time to {@code time} (a heartbeat): decides every point whose signals are all in,
   * and drops what no later decision can need. Never moves time backwards.
   */
  public void advanceTo(long time) {
    if (time <= current) {
      return;
    }
    while (!pending.isEmpty() && pending.firstKey() < time) {
      decide(pending.pollFirstEntry().getValue());
    }
    current = time;
    expire();
  }

  /** Decides every pending point, as at the end of the input. */
  public void flush() {
    while (!pending.isEmpty()) {
      decide(pending.pollFirstEntry().getValue());
    }
    expire();
  }

  private void decide(Set<Point> points) {
    for (Point p : points) {
      KeyState state = states.get(p.state);
      state.pendingPoints--;
      CorrelationLogic logic = logics.get(p.state.logic());
      KeyState any = logic.anyKeyed() ? states.get(new StateKey(p.state.logic(), null)) : null;
      // The ring buffers are handed over as they are (no copy): a busy join value costs a few
      // binary
      // searches per decision, not a pass over its signals.
      long[][] times = new long[logic.memberCount()][];
      int[] from = new int[times.length];
      int[] to = new int[times.length];
      for (int m = 0; m < times.length; m++) {
        LongQueue q = state.times[m];
        if (any != null && any.times[m].size > 0) {
          long[] merged = Arrays.copyOf(q.toArray(), q.size + any.times[m].size);
          System.arraycopy(any.times[m].toArray(), 0, merged, q.size, any.times[m].size);
          Arrays.sort(merged);
          times[m] = merged;
          to[m] = merged.length;
        } else {
          times[m] = q.values;
          from[m] = q.head;
          to[m] = q.head + q.size;
        }
      }
      long[][] used = logic.decide(p.time, times, from, to, state.consumedThrough);
      if (used != null) {
        state.consumedThrough = p.time;
        alerts++;
        sink.accept(alert(logic, p, used));
      }
      if (state.isEmpty()) {
        states.remove(p.state);
        if (p.state.key() != null) {
          liveKeys.get(p.state.logic()).remove(p.state.key());
        }
      }
    }
  }

  private static CorrelationAlert alert(CorrelationLogic logic, Point p, long[][] used) {
    return CorrelationAlert.of(logic, p.state.key(), p.time, used);
  }

  private void expire() {
    for (int l = 0; l < logics.size(); l++) {
      CorrelationLogic logic = logics.get(l);
      long keep = logic.lookbackMillis() + (logic.hasAbsence() ? logic.horizonMillis() : 0);
      long cutoff = current - keep;
      ArrayDeque<Held> q = expiry.get(l);
      while (!q.isEmpty() && q.peekFirst().time < cutoff) {
        Held h = q.pollFirst();
        held--;
        KeyState state = states.get(h.state);
        state.times[h.member].removeFirst();
        if (state.isEmpty()) {
          states.remove(h.state);
          if (h.state.key() != null) {
            liveKeys.get(l).remove(h.state.key());
          }
        }
      }
    }
  }

  /** Signals held now, over all rules and values. */
  public long heldSignals() {
    return held;
  }

  /** Join values (per rule) with state now. */
  public int keys() {
    return states.size();
  }

  /** Correlation alerts raised so far. */
  public long alerts() {
    return alerts;
  }
}
