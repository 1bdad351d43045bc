package dev.margay.alert;

import dev.margay.rule.CorrelationRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Correlation for signals in any arrival order: holds them and, at {@link #flush()}, feeds them to
 * a {@link Correlator} in event-time order, so any permutation of the same signals gives the same
 * correlation alerts, handed to the sink in decision order. Memory: every signal until the flush
 * (its rule id, time and join values), within an optional budget; for streams with a bounded
 * disorder use {@link StreamingCorrelator}, whose memory follows the lookback window. Not
 * thread-safe.
 */
public final class CorrelationGrouper {
  private final List<CorrelationRule> rules;
  private final Correlator probe;
  private final Consumer<CorrelationAlert> sink;
  private final List<CorrelationSignal> signals = new ArrayList<>();

  /** A grouper without a memory budget of its own (the caller bounds its input). */
  public CorrelationGrouper(List<CorrelationRule> rules, Consumer<CorrelationAlert> sink) {
    this(rules, sink, Long.MAX_VALUE);
  }

  /**
   * A grouper that throws {@link AlertLimitException} from {@link #add} rather than hold more than
   * {@code limitBytes} (estimated: about 120 bytes per signal plus 60 per join value).
   */
  public CorrelationGrouper(
      List<CorrelationRule> rules, Consumer<CorrelationAlert> sink, long limitBytes) {
    this.rules = List.copyOf(rules);
    this.sink = java.util.Objects.requireNonNull(sink, "sink");
    this.probe = new Correlator(this.rules, a -> {});
    this.limitBytes = limitBytes;
  }

  private final long limitBytes;
  private long bytes;

  /** Whether some correlation rule consumes signals of {@code ruleId}. */
  public boolean consumes(String ruleId) {
    return probe.consumes(ruleId);
  }

  /** The fields correlation rules join signals of {@code ruleId} on. */
  public java.util.Set<String> joinFields(String ruleId) {
    return probe.joinFields(ruleId);
  }

  /** Adds a signal, in any order; signals of rules no correlation rule consumes are dropped. */
  public void add(CorrelationSignal signal) {
    if (probe.consumes(signal.ruleId())) {
      long cost = 120;
      for (List<String> values : signal.fields().values()) {
        cost += 60L * values.size();
      }
      if (bytes + cost > limitBytes) {
        throw new AlertLimitException(
            "correlation holds "
                + signals.size()
                + " signals (about "
                + bytes / (1024 * 1024)
                + " MB), its budget is "
                + limitBytes / (1024 * 1024)
                + " MB",
            signals.size(),
            limitBytes);
      }
      bytes += cost;
      signals.add(signal);
    }
  }

  /** Signals held. */
  public int heldSignals() {
    return signals.size();
  }

  /**
   * Correlates everything added and hands the alerts to the sink; the grouper is empty afterwards.
   */
  public void flush() {
    // A stable sort: signals at one time reach the correlator together whatever their order, and it
    // decides a time only after all of them are in.
    List<CorrelationSignal> sorted = new ArrayList<>(signals);
    signals.clear();
    bytes = 0;
    sorted.sort(Comparator.comparingLong(CorrelationSignal::timeMillis));
    Correlator correlator = new Correlator(rules, sink);
    for (CorrelationSignal s : sorted) {
      correlator.add(s);
    }
    correlator.flush();
  }
}
