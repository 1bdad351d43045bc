// Over 300 lines: one decision function; its window, order and absence rules read together.
package dev.margay.engine;

import dev.margay.rule.CorrelationRule;
import dev.margay.rule.CorrelationRule.CriterionEntry;
import dev.margay.rule.CorrelationRule.Member;
import dev.margay.rule.CorrelationRule.Transition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A correlation rule compiled for evaluation: which members consume which rule's signals, the field
 * each member joins on, and the decision "does the rule match at time {@code now} for one join
 * value", as a pure function of the signals' times. Shared by the test replay, the correlators and
 * stream processors.
 *
 * <p><b>This is a local approximation; Panther evaluates correlation rules only in its backend.</b>
 * The reading (Margay's README, <i>Semantics</i>) reproduces every backend-checked test in
 * panther-analysis:
 *
 * <ul>
 *   <li>The window at {@code now} is {@code [now − LookbackWindowMinutes, now]}, both ends
 *       included; only signals in it count.
 *   <li><b>Group</b>: every member without {@code Absence} has at least {@code MinMatchCount} (and
 *       at most {@code MaxMatchCount}) signals in the window; no {@code Absence} member has one.
 *       Member order is not enforced.
 *   <li><b>Sequence</b>: transitions in list order, each fixing anchors for the next: a plain
 *       {@code A → B} holds when at least {@code nB} B-signals lie in {@code [anchor, anchor +
 *       WithinTimeFrameMinutes]}; {@code Absence} on {@code To} holds for an A-anchor with no B in
 *       {@code [anchor, anchor + W]}, on {@code From} for a B-anchor with no A in {@code [anchor −
 *       W, anchor]}. Any anchor that makes every transition hold will do.
 *   <li>{@code Absence} signals are looked for up to {@link #horizonMillis()} after {@code now}, so
 *       that a stream decides "not followed by" only once it could have seen the signal; for a
 *       finite set of signals decided at its latest time this is the window above.
 * </ul>
 *
 * <p>Times are epoch milliseconds. Immutable and thread-safe.
 */
public final class CorrelationLogic {
  private final CorrelationRule rule;
  private final Member[] members;
  private final Map<String, Integer> memberIndex = new HashMap<>();
  private final Map<String, int[]> membersByRuleId = new HashMap<>();

  /** joinFields[member][criterion]: the field path, or null when the member joins any value. */
  private final String[][] joinFields;

  private final boolean[] keyed;
  private final boolean anyKeyed;
  private final long lookback;
  private final long horizon;
  private final boolean hasAbsence;
  private final int[] transitionFrom;
  private final int[] transitionTo;
  private final long[] transitionWithin;

  private CorrelationLogic(CorrelationRule rule) {
    this.rule = rule;
    this.members = rule.members().toArray(new Member[0]);
    for (int i = 0; i < members.length; i++) {
      memberIndex.putIfAbsent(members[i].id(), i);
      int[] prev = membersByRuleId.getOrDefault(members[i].ruleId(), new int[0]);
      int[] next = Arrays.copyOf(prev, prev.length + 1);
      next[prev.length] = i;
      membersByRuleId.put(members[i].ruleId(), next);
    }
    this.lookback = rule.lookbackWindowMinutes() * 60_000L;
    long h = lookback;
    boolean absence = false;
    for (Member m : members) {
      absence |= m.absence();
    }
    this.hasAbsence = absence;
    List<Transition> ts = rule.transitions();
    transitionFrom = new int[ts.size()];
    transitionTo = new int[ts.size()];
    transitionWithin = new long[ts.size()];
    if (rule.form() == CorrelationRule.Form.SEQUENCE) {
      joinFields = new String[members.length][1];
      for (int t = 0; t < ts.size(); t++) {
        Transition tr = ts.get(t);
        transitionFrom[t] = index(tr.from());
        transitionTo[t] = index(tr.to());
        transitionWithin[t] =
            tr.withinTimeFrameMinutes() == null ? lookback : tr.withinTimeFrameMinutes() * 60_000L;
        h = Math.max(h, transitionWithin[t]);
        // A member's join field comes from the first transition that names one for it.
        if (tr.fromField() != null && joinFields[transitionFrom[t]][0] == null) {
          joinFields[transitionFrom[t]][0] = tr.fromField();
        }
        if (tr.toField() != null && joinFields[transitionTo[t]][0] == null) {
          joinFields[transitionTo[t]][0] = tr.toField();
        }
      }
    } else {
      List<List<CriterionEntry>> criteria = new ArrayList<>(rule.matchCriteria().values());
      joinFields = new String[members.length][criteria.size()];
      for (int c = 0; c < criteria.size(); c++) {
        for (CriterionEntry e : criteria.get(c)) {
          joinFields[index(e.groupId())][c] = e.field();
        }
      }
    }
    this.horizon = h;
    keyed = new boolean[members.length];
    boolean any = false;
    for (int i = 0; i < members.length; i++) {
      for (String f : joinFields[i]) {
        keyed[i] |= f != null;
      }
      any |= keyed[i];
    }
    anyKeyed = any;
  }

  private int index(String memberId) {
    Integer i = memberIndex.get(memberId);
    if (i == null) {
      throw new IllegalArgumentException(
          "rule " + rule.id() + " names no member '" + memberId + "'");
    }
    return i;
  }

  /**
   * Compiles a correlation rule.
   *
   * @throws IllegalArgumentException if a transition or criterion names no member (the loader
   *     rejects such files with a located problem)
   */
  public static CorrelationLogic compile(CorrelationRule rule) {
    return new CorrelationLogic(Objects.requireNonNull(rule, "rule"));
  }

  public CorrelationRule rule() {
    return rule;
  }

  public int memberCount() {
    return members.length;
  }

  public Member member(int index) {
    return members[index];
  }

  /** The index of the member with this {@code ID}, or -1. */
  public int memberIndex(String memberId) {
    return memberIndex.getOrDefault(memberId, -1);
  }

  /** The members (indexes) consuming signals of {@code ruleId}; empty when none does. */
  public int[] membersOf(String ruleId) {
    int[] m = membersByRuleId.get(ruleId);
    return m == null ? new int[0] : m.clone();
  }

  /** The field paths member {@code index} joins on, one per criterion (null: joins any value). */
  public List<String> joinFields(int index) {
    return java.util.Collections.unmodifiableList(Arrays.asList(joinFields[index].clone()));
  }

  /** Whether member {@code index} joins on a value (false: its signals join every value). */
  public boolean keyed(int index) {
    return keyed[index];
  }

  /**
   * Whether any member joins on a value; when none does, every signal of the rule shares one key.
   */
  public boolean anyKeyed() {
    return anyKeyed;
  }

  /** Whether some member has {@code Absence: true}. */
  public boolean hasAbsence() {
    return hasAbsence;
  }

  /** {@code LookbackWindowMinutes} in milliseconds. */
  public long lookbackMillis() {
    return lookback;
  }

  /**
   * How far after {@code now} an {@code Absence} member's signals are looked for: the lookback, or
   * the longest {@code WithinTimeFrameMinutes} if longer. A stream decides an absence rule at
   * {@code now} once it has seen every signal up to {@code now + horizon}.
   */
  public long horizonMillis() {
    return horizon;
  }

  /**
   * The join key of a signal of member {@code index}, given the values of its join fields: the
   * values joined by U+001F, one per criterion (a list-valued field gives one key per combination,
   * so lists join by intersection). Empty when a field has no value (the signal joins nothing);
   * {@code [""]} for a member that joins any value.
   *
   * @param valuesOf a field path to its scalar values as text (empty when absent)
   */
  public List<String> joinKeys(
      int index, java.util.function.Function<String, List<String>> valuesOf) {
    if (!keyed[index]) {
      return List.of("");
    }
    List<String> keys = null;
    for (String field : joinFields[index]) {
      List<String> values = field == null ? List.of("") : valuesOf.apply(field);
      if (values.isEmpty()) {
        return List.of();
      }
      List<String> next = new ArrayList<>();
      for (String v : values) {
        if (keys == null) {
          if (!next.contains(v)) {
            next.add(v);
          }
        } else {
          for (String k : keys) {
            String key = k + '\u001f' + v;
            if (!next.contains(key)) {
              next.add(key);
            }
          }
        }
      }
      keys = next;
    }
    return keys;
  }

  /**
   * Decides the rule at {@code now} for one join value.
   *
   * @param times per member, the times of its signals with that value (and of signals joining any
   *     value), ascending; may hold times outside the window
   * @param consumedThrough signals of members without {@code Absence} at or before this time are
   *     not counted (they made an earlier alert of the same value); {@link Long#MIN_VALUE} for none
   * @return the times that made the match, per member (empty arrays for {@code Absence} members),
   *     or null when the rule does not match
   */
  public long[][] decide(long now, long[][] times, long consumedThrough) {
    int[] from = new int[times.length];
    int[] to = new int[times.length];
    for (int m = 0; m < times.length; m++) {
      to[m] = times[m].length;
    }
    return decide(now, times, from, to, consumedThrough);
  }

  /**
   * {@link #decide(long, long[][], long)} over {@code times[m][from[m] .. to[m])}, so that a caller
   * holding times in ring buffers decides a Group in time logarithmic in the signals held, without
   * copying them.
   */
  public long[][] decide(long now, long[][] times, int[] from, int[] to, long consumedThrough) {
    Range[] r = new Range[times.length];
    for (int m = 0; m < times.length; m++) {
      r[m] = new Range(times[m], from[m], to[m]);
    }
    return decide(now, r, consumedThrough);
  }

  /** A sorted run of times: {@code values[from .. to)}. */
  private record Range(long[] values, int from, int to) {
    long[] copy() {
      return Arrays.copyOfRange(values, from, to);
    }
  }

  private long[][] decide(long now, Range[] ranges, long consumedThrough) {
    long lo = now - lookback;
    long reqLo = consumedThrough == Long.MIN_VALUE ? lo : Math.max(lo, consumedThrough + 1);
    long absHi = hasAbsence ? now + horizon : now;
    for (int m = 0; m < members.length; m++) {
      Member member = members[m];
      if (member.absence()) {
        continue;
      }
      int n = count(ranges[m], reqLo, now);
      if (n == 0) {
        return null;
      }
      if (member.maxMatchCount() != null && count(ranges[m], lo, now) > member.maxMatchCount()) {
        return null;
      }
    }
    boolean holds;
    if (rule.form() == CorrelationRule.Form.SEQUENCE) {
      long[][] times = new long[ranges.length][];
      for (int m = 0; m < ranges.length; m++) {
        times[m] = ranges[m].copy();
      }
      holds = sequence(times, lo, reqLo, now, absHi);
    } else {
      holds = group(ranges, lo, reqLo, now, absHi);
    }
    if (!holds) {
      return null;
    }
    long[][] used = new long[members.length][];
    for (int m = 0; m < members.length; m++) {
      used[m] = members[m].absence() ? new long[0] : slice(ranges[m], reqLo, now);
    }
    return used;
  }

  private boolean group(Range[] times, long lo, long reqLo, long now, long absHi) {
    for (int m = 0; m < members.length; m++) {
      if (members[m].absence()) {
        if (count(times[m], lo, absHi) > 0) {
          return false;
        }
      } else if (count(times[m], reqLo, now) < members[m].minMatchCount()) {
        return false;
      }
    }
    return true;
  }

  private boolean sequence(long[][] times, long lo, long reqLo, long now, long absHi) {
    long[] anchors = null;
    for (int t = 0; t < transitionFrom.length; t++) {
      Member from = members[transitionFrom[t]];
      Member to = members[transitionTo[t]];
      long[] a = times[transitionFrom[t]];
      long[] b = times[transitionTo[t]];
      long w = transitionWithin[t];
      long after = anchors == null ? Long.MIN_VALUE : anchors[0];
      List<Long> next = new ArrayList<>();
      if (to.absence()) {
        for (long ta : candidates(a, Math.max(reqLo, after), now, from.minMatchCount())) {
          if (count(b, Math.max(lo, ta), Math.min(absHi, ta + w)) == 0) {
            next.add(ta);
          }
        }
      } else if (from.absence()) {
        for (long tb : candidates(b, Math.max(reqLo, after), now, to.minMatchCount())) {
          if (count(a, Math.max(lo, tb - w), tb) == 0) {
            next.add(tb);
          }
        }
      } else {
        long[] starts = anchors != null ? anchors : candidates(a, reqLo, now, from.minMatchCount());
        for (long ta : starts) {
          for (long tb :
              candidates(b, Math.max(reqLo, ta), Math.min(now, ta + w), to.minMatchCount())) {
            if (!next.contains(tb)) {
              next.add(tb);
            }
          }
        }
      }
      if (next.isEmpty()) {
        return false;
      }
      anchors = next.stream().mapToLong(Long::longValue).sorted().toArray();
    }
    return anchors != null;
  }

  /** Times in {@code [lo, hi]} that are the {@code n}-th or later of that range. */
  private static long[] candidates(long[] times, long lo, long hi, int n) {
    long[] in = slice(times, lo, hi);
    return in.length < n ? new long[0] : Arrays.copyOfRange(in, n - 1, in.length);
  }

  private static long[] slice(long[] times, long lo, long hi) {
    if (lo > hi) {
      return new long[0];
    }
    int from = lowerBound(times, lo);
    int to = lowerBound(times, hi == Long.MAX_VALUE ? hi : hi + 1);
    return Arrays.copyOfRange(times, from, Math.max(from, to));
  }

  private static int count(Range r, long lo, long hi) {
    if (lo > hi) {
      return 0;
    }
    return Math.max(
        0,
        lowerBound(r.values, r.from, r.to, hi == Long.MAX_VALUE ? hi : hi + 1)
            - lowerBound(r.values, r.from, r.to, lo));
  }

  private static long[] slice(Range r, long lo, long hi) {
    if (lo > hi) {
      return new long[0];
    }
    int a = lowerBound(r.values, r.from, r.to, lo);
    int b = lowerBound(r.values, r.from, r.to, hi == Long.MAX_VALUE ? hi : hi + 1);
    return Arrays.copyOfRange(r.values, a, Math.max(a, b));
  }

  private static int count(long[] times, long lo, long hi) {
    if (lo > hi) {
      return 0;
    }
    return Math.max(
        0, lowerBound(times, hi == Long.MAX_VALUE ? hi : hi + 1) - lowerBound(times, lo));
  }

  /** The first index whose time is at least {@code t}. */
  private static int lowerBound(long[] times, long t) {
    return lowerBound(times, 0, times.length, t);
  }

  private static int lowerBound(long[] times, int from, int to, long t) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
