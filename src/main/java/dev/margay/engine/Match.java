package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.event.Event;
import dev.margay.event.internal.ReadOnlyNodes;
import dev.margay.rule.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A rule that matched an event, with everything needed to raise (or group) the alert. Immutable, as
 * is everything reachable from it: the maps are unmodifiable and their JSON values, like the
 * event's trees, are read-only nodes (a change throws {@link UnsupportedOperationException}; {@code
 * deepCopy()} gives a mutable copy), so a consumer cannot change what later evaluations of the same
 * event see. Titles and dedup keys hold at most 1,000 code points (Panther's limit; longer ones end
 * in {@code "... (truncated)"}).
 *
 * @param ruleId the rule's {@code RuleID}
 * @param severity the severity after {@code DynamicSeverities}
 * @param title the rendered {@code AlertTitle}, else the {@code DisplayName}, else the {@code
 *     RuleID}
 * @param dedupKey the {@code GroupBy} values joined with {@code ":"}, else the title
 * @param dedupPeriodMinutes the window in which matches with the same dedup key form one alert
 * @param threshold matches needed in that window before the alert fires
 * @param createAlert false for signal-only rules ({@code CreateAlert: false})
 * @param alertContext {@code KeyName} to the event's value, in rule order (JSON null when absent)
 * @param summaryAttributes each {@code SummaryAttributes} path present in the event, to its value,
 *     in order
 * @param event the event that matched
 * @param eventTimeMillis the event's own time in epoch milliseconds ({@code p_event_time}, else
 *     {@code eventTime}; see {@link dev.margay.event.EventTime}), or {@link
 *     dev.margay.event.EventTime#NONE} when it has no readable time. Never the parse time: alert
 *     grouping chooses what a timeless match counts as.
 */
public record Match(
    String ruleId,
    Severity severity,
    String title,
    String dedupKey,
    int dedupPeriodMinutes,
    int threshold,
    boolean createAlert,
    Map<String, JsonNode> alertContext,
    Map<String, JsonNode> summaryAttributes,
    Event event,
    long eventTimeMillis) {

  public Match {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(dedupKey, "dedupKey");
    alertContext = frozen(alertContext);
    summaryAttributes = frozen(summaryAttributes);
    Objects.requireNonNull(event, "event");
  }

  /**
   * A match whose event time is read from {@code event} ({@link
   * dev.margay.event.EventTime#ofFields}).
   */
  public Match(
      String ruleId,
      Severity severity,
      String title,
      String dedupKey,
      int dedupPeriodMinutes,
      int threshold,
      boolean createAlert,
      Map<String, JsonNode> alertContext,
      Map<String, JsonNode> summaryAttributes,
      Event event) {
    this(
        ruleId,
        severity,
        title,
        dedupKey,
        dedupPeriodMinutes,
        threshold,
        createAlert,
        alertContext,
        summaryAttributes,
        event,
        dev.margay.event.EventTime.millis(dev.margay.event.EventTime.ofFields(event.fields())));
  }

  /**
   * An unmodifiable copy whose values are read-only: a caller's mutable nodes are copied once; the
   * engine's values, taken from the event's frozen tree, are kept as they are (no copy).
   */
  private static Map<String, JsonNode> frozen(Map<String, JsonNode> values) {
    if (values.isEmpty()) {
      return Map.of();
    }
    Map<String, JsonNode> copy = new LinkedHashMap<>(values.size() * 2);
    values.forEach(
        (key, value) ->
            copy.put(
                Objects.requireNonNull(key, "key"),
                ReadOnlyNodes.adopt(Objects.requireNonNull(value, "value"))));
    return Collections.unmodifiableMap(copy);
  }

  /** The event's own time in epoch milliseconds, or empty when it has none that reads. */
  public java.util.OptionalLong eventTime() {
    return eventTimeMillis == dev.margay.event.EventTime.NONE
        ? java.util.OptionalLong.empty()
        : java.util.OptionalLong.of(eventTimeMillis);
  }
}
