package dev.margay.wire;

import dev.margay.engine.Match;
import dev.margay.event.EventTime;
import dev.margay.input.RecordPosition;
import dev.margay.rule.Severity;
import java.io.Serializable;
import java.util.Comparator;
import java.util.Objects;

/**
 * A {@link Match} as flat values, for a network edge, a topic or operator state: no event tree, no
 * lambda, only strings, numbers and JSON text, so Flink's POJO serializer (with {@code
 * pipeline.generic-types: false}), Java serialization and {@link WireCodec} all carry it.
 * Immutable.
 *
 * @param ruleId the rule's {@code RuleID}
 * @param severity Panther's name of the severity ({@code INFO} … {@code CRITICAL})
 * @param title the rendered title
 * @param dedupKey the dedup key
 * @param dedupPeriodMinutes the dedup window, minutes
 * @param threshold matches needed in a window for an alert
 * @param createAlert false for signal-only rules ({@code CreateAlert: false}); never grouped into
 *     alerts
 * @param alertContext the alert context as one compact JSON object (keys in rule order)
 * @param summaryAttributes the summary attributes as one compact JSON object
 * @param eventTime the event's own time, epoch milliseconds, or {@link EventTime#NONE}
 * @param sourceFile the input the event came from, or null (then no {@code source} is written)
 * @param sourceLine 1-based line of the record in its input (0 when unknown)
 * @param sourceRecord 0-based index inside an array, {@code Records} or an envelope, or -1
 * @param sourceOffset byte offset of the record in its (decompressed) input, or -1
 * @param sourceEnvelope the envelope the record was unwrapped from ({@code eventbridge}, ...), or
 *     null
 * @param event the matched event as JSON text, or null when not carried (the default: it is the
 *     largest part)
 */
public record MatchRecord(
    String ruleId,
    String severity,
    String title,
    String dedupKey,
    int dedupPeriodMinutes,
    int threshold,
    boolean createAlert,
    String alertContext,
    String summaryAttributes,
    long eventTime,
    String sourceFile,
    long sourceLine,
    long sourceRecord,
    long sourceOffset,
    String sourceEnvelope,
    String event)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public MatchRecord {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(alertContext, "alertContext");
    Objects.requireNonNull(summaryAttributes, "summaryAttributes");
  }

  /**
   * Among matches of one group at the same event time, which one an alert shows: severity, title,
   * threshold, period, then context, the same content order as {@link
   * dev.margay.alert.AlertGrouper} uses, so a stream grouper picks the same first match whatever
   * the arrival order.
   */
  public static final Comparator<MatchRecord> FIRST_ORDER =
      (a, b) -> {
        int c = Integer.compare(severityRank(a.severity), severityRank(b.severity));
        if (c == 0) {
          c = a.title.compareTo(b.title);
        }
        if (c == 0) {
          c = Integer.compare(a.threshold, b.threshold);
        }
        if (c == 0) {
          c = Integer.compare(a.dedupPeriodMinutes, b.dedupPeriodMinutes);
        }
        if (c == 0 && !a.alertContext.equals(b.alertContext)) {
          c =
              WireCodec.contextOrderKey(a.alertContext)
                  .compareTo(WireCodec.contextOrderKey(b.alertContext));
        }
        return c;
      };

  private static int severityRank(String name) {
    return Severity.fromPantherName(name).map(Enum::ordinal).orElse(Integer.MAX_VALUE);
  }

  /** The match without its event, placed at {@code position} (null: no source). */
  public static MatchRecord of(Match m, RecordPosition position) {
    return new MatchRecord(
        m.ruleId(),
        m.severity().pantherName(),
        m.title(),
        m.dedupKey(),
        m.dedupPeriodMinutes(),
        m.threshold(),
        m.createAlert(),
        WireCodec.object(m.alertContext()),
        WireCodec.object(m.summaryAttributes()),
        m.eventTimeMillis(),
        position == null ? null : position.source(),
        position == null ? 0 : position.line(),
        position == null ? -1 : position.index(),
        position == null ? -1 : position.offset(),
        position == null ? null : position.envelope(),
        null);
  }

  /** This record carrying {@code eventJson} (the event's JSON text) as its event. */
  public MatchRecord withEvent(String eventJson) {
    return new MatchRecord(
        ruleId,
        severity,
        title,
        dedupKey,
        dedupPeriodMinutes,
        threshold,
        createAlert,
        alertContext,
        summaryAttributes,
        eventTime,
        sourceFile,
        sourceLine,
        sourceRecord,
        sourceOffset,
        sourceEnvelope,
        eventJson);
  }

  /**
   * This record with {@code time} (epoch ms) as its event time: how a stream gives a timeless match
   * a time.
   */
  public MatchRecord withEventTime(long time) {
    return new MatchRecord(
        ruleId,
        severity,
        title,
        dedupKey,
        dedupPeriodMinutes,
        threshold,
        createAlert,
        alertContext,
        summaryAttributes,
        time,
        sourceFile,
        sourceLine,
        sourceRecord,
        sourceOffset,
        sourceEnvelope,
        event);
  }

  /** {@code ruleId + '\0' + dedupKey}: the grouping key of alerts (a rule id never holds NUL). */
  public String groupKey() {
    return ruleId + '\0' + dedupKey;
  }

  /** Whether the event had a readable time. */
  public boolean hasEventTime() {
    return eventTime != EventTime.NONE;
  }
}
