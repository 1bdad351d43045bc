package dev.margay.wire;

import dev.margay.alert.Alert;
import dev.margay.alert.AlertWindow;
import java.io.Serializable;
import java.util.Comparator;
import java.util.Objects;

/**
 * An {@link Alert} as flat values (strings, numbers, epoch milliseconds, the context as JSON text),
 * for a network edge, a topic or operator state; {@link WireCodec#alert} writes exactly what {@code
 * margay scan --alerts} prints. Immutable.
 *
 * @param windowStart epoch ms of the window's first match (also the alert's {@code firstEventTime})
 * @param windowEnd epoch ms, {@code windowStart + dedupPeriodMinutes}, exclusive
 * @param lastEventTime epoch ms of the window's latest match
 * @param alertContext the first match's alert context as one compact JSON object
 */
public record AlertRecord(
    String ruleId,
    String severity,
    String title,
    String dedupKey,
    int matchCount,
    int threshold,
    int dedupPeriodMinutes,
    long windowStart,
    long windowEnd,
    long lastEventTime,
    String alertContext)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** As {@link Alert#ORDER}: window start, then rule and dedup key. */
  public static final Comparator<AlertRecord> ORDER =
      Comparator.comparingLong(AlertRecord::windowStart)
          .thenComparing(AlertRecord::ruleId)
          .thenComparing(AlertRecord::dedupKey);

  public AlertRecord {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(alertContext, "alertContext");
  }

  /** The alert as flat values. */
  public static AlertRecord of(Alert a) {
    return new AlertRecord(
        a.ruleId(),
        a.severity().pantherName(),
        a.title(),
        a.dedupKey(),
        a.matchCount(),
        a.threshold(),
        a.dedupPeriodMinutes(),
        a.windowStart().toEpochMilli(),
        a.windowEnd().toEpochMilli(),
        a.lastEventTime().toEpochMilli(),
        WireCodec.object(a.alertContext()));
  }

  /**
   * The alert of a closed window whose first match (in event-time order, content breaking ties: see
   * {@link MatchRecord#FIRST_ORDER}) is {@code first}; what every grouper built on {@link
   * dev.margay.alert.AlertWindows} emits.
   */
  public static AlertRecord of(MatchRecord first, AlertWindow window) {
    return new AlertRecord(
        first.ruleId(),
        first.severity(),
        first.title(),
        first.dedupKey(),
        window.count(),
        first.threshold(),
        first.dedupPeriodMinutes(),
        window.start(),
        window.end(),
        window.lastTime(),
        first.alertContext());
  }
}
