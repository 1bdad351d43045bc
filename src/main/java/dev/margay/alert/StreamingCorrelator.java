package dev.margay.alert;

import dev.margay.rule.CorrelationRule;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Correlation for a stream whose disorder is bounded by {@code maxDisorder}: the watermark is the
 * latest signal time seen minus that bound; signals wait until the watermark passes them and then
 * go to a {@link Correlator} in event-time order. The alerts are exactly {@link
 * CorrelationGrouper}'s whenever the input is at most {@code maxDisorder} out of order; a signal
 * older than the watermark is <em>late</em>: handed to {@code late} and counted, never correlated.
 * Memory: the signals waiting for the watermark plus the correlator's lookback state. Not
 * thread-safe.
 */
public final class StreamingCorrelator {
  private final long maxDisorder;
  private final Correlator correlator;
  private final Consumer<CorrelationSignal> late;
  private final PriorityQueue<CorrelationSignal> waiting =
      new PriorityQueue<>(Comparator.comparingLong(CorrelationSignal::timeMillis));
  private long maxSeen = Long.MIN_VALUE;
  private long lateCount;

  public StreamingCorrelator(
      List<CorrelationRule> rules,
      Duration maxDisorder,
      Consumer<CorrelationAlert> sink,
      Consumer<CorrelationSignal> late) {
    if (maxDisorder.isNegative()) {
      throw new IllegalArgumentException("maxDisorder must not be negative: " + maxDisorder);
    }
    this.maxDisorder = maxDisorder.toMillis();
    this.correlator = new Correlator(rules, sink);
    this.late = late;
  }

  /** Whether some correlation rule consumes signals of {@code ruleId}. */
  public boolean consumes(String ruleId) {
    return correlator.consumes(ruleId);
  }

  /** The fields correlation rules join signals of {@code ruleId} on. */
  public java.util.Set<String> joinFields(String ruleId) {
    return correlator.joinFields(ruleId);
  }

  /** The watermark, or {@link Long#MIN_VALUE} before the first signal. */
  public long watermark() {
    return maxSeen == Long.MIN_VALUE ? Long.MIN_VALUE : maxSeen - maxDisorder;
  }

  /** Adds a signal in arrival order. */
  public void add(CorrelationSignal signal) {
    if (!correlator.consumes(signal.ruleId())) {
      return;
    }
    if (maxSeen != Long.MIN_VALUE && signal.timeMillis() < watermark()) {
      lateCount++;
      late.accept(signal);
      return;
    }
    waiting.add(signal);
    advanceTo(signal.timeMillis());
  }

  /** A heartbeat: the stream has reached {@code time}. */
  public void advanceTo(long time) {
    if (time <= maxSeen) {
      return;
    }
    maxSeen = time;
    long wm = watermark();
    while (!waiting.isEmpty() && waiting.peek().timeMillis() < wm) {
      correlator.add(waiting.poll());
    }
    correlator.advanceTo(wm);
  }

  /** Correlates everything waiting and decides every pending point, as at the end of the stream. */
  public void flush() {
    while (!waiting.isEmpty()) {
      correlator.add(waiting.poll());
    }
    correlator.flush();
  }

  public long lateSignals() {
    return lateCount;
  }

  /** Signals held: waiting for the watermark, and in the correlator's windows. */
  public long heldSignals() {
    return waiting.size() + correlator.heldSignals();
  }

  /** Join values with state in the correlator. */
  public int keys() {
    return correlator.keys();
  }
}
