package dev.margay.alert;

import dev.margay.rule.CorrelationRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Correlation for signals in any arrival order: holds them and, at {@link #flush()}, feeds them to a
 * {@link Correlator} in event-time order, so any permutation of the same signals gives the same correlation
 * alerts, handed to the sink in decision order. Memory: every signal until the flush (its rule id, time and
 * join values); for streams with a bounded disorder use {@link StreamingCorrelator}, whose memory follows the
 * lookback window. Not thread-safe.
 */
public final class CorrelationGrouper {
  private final List<CorrelationRule> rules;
  private final Correlator probe;
  private final Consumer<CorrelationAlert> sink;
  private final List<CorrelationSignal> signals = new ArrayList<>();

  public CorrelationGrouper(List<CorrelationRule> rules, Consumer<CorrelationAlert> sink) {
    this.rules = List.copyOf(rules);
    this.sink = sink;
    this.probe = new Correlator(this.rules, a -> { });
  }

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
      signals.add(signal);
    }
  }

  /** Signals held. */
  public int heldSignals() {
    return signals.size();
  }

  /** Correlates everything added and hands the alerts to the sink; the grouper is empty afterwards. */
  public void flush() {
    // A stable sort: signals at one time reach the correlator together whatever their order, and it
    // decides a time only after all of them are in.
    List<CorrelationSignal> sorted = new ArrayList<>(signals);
    signals.clear();
    sorted.sort(Comparator.comparingLong(CorrelationSignal::timeMillis));
    Correlator correlator = new Correlator(rules, sink);
    for (CorrelationSignal s : sorted) {
      correlator.add(s);
    }
    correlator.flush();
  }
}
