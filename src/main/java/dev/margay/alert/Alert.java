package dev.margay.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.rule.Severity;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An alert: the matches of one rule with one dedup key inside one dedup window, at least {@code
 * threshold} of them. Its severity, title and context are those of the window's first match in
 * event-time order (ties broken by content, so they never depend on arrival order). Immutable.
 *
 * @param windowStart event time of the window's first match (a match without its own time counts at
 *     the parse time, as Panther's {@code p_event_time} does)
 * @param windowEnd {@code windowStart + dedupPeriodMinutes}, exclusive
 * @param lastEventTime event time of the window's latest match
 * @param alertContext the first match's {@code AlertContext}, in rule order
 */
public record Alert(
    String ruleId,
    String dedupKey,
    Severity severity,
    String title,
    Instant windowStart,
    Instant windowEnd,
    Instant lastEventTime,
    int matchCount,
    int threshold,
    int dedupPeriodMinutes,
    Map<String, JsonNode> alertContext) {

  /**
   * Alerts by window start, then rule and dedup key: the order groupers hand out alerts that close
   * together.
   */
  public static final Comparator<Alert> ORDER =
      Comparator.comparing(Alert::windowStart)
          .thenComparing(Alert::ruleId)
          .thenComparing(Alert::dedupKey);

  public Alert {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(lastEventTime, "lastEventTime");
    alertContext =
        alertContext.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(alertContext));
  }

  /** Time of the first match: the window's start. */
  public Instant firstEventTime() {
    return windowStart;
  }

  static Alert of(AlertHead head, AlertWindow w) {
    return new Alert(
        head.ruleId(),
        head.dedupKey(),
        head.severity(),
        head.title(),
        Instant.ofEpochMilli(w.start()),
        Instant.ofEpochMilli(w.end()),
        Instant.ofEpochMilli(w.lastTime()),
        w.count(),
        head.threshold(),
        head.dedupPeriodMinutes(),
        head.alertContext());
  }
}
