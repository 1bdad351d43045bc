package dev.margay.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.condition.FieldPath;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields Panther adds to an event when it ingests it, before rules see it (panther-fields.md
 * §2–4): {@code p_log_type}, {@code p_event_time} (the event's time, else {@code p_parse_time}),
 * {@code p_parse_time}, {@code p_row_id}, {@code p_source_label}, and for {@code AWS.CloudTrail}
 * the {@code p_any_*} indicator columns ({@link Indicators}, v1 algorithm); with them, {@code
 * eventTime} is rewritten into the data-lake layout ({@link EventTime#format}) as Panther's data
 * lake stores it.
 *
 * <p>A field the event already carries (an export from Panther) is never overwritten; an event
 * carrying any {@code p_any_*} column gets none computed (exports carry curated values). A readable
 * {@code eventTime} is always written in the data-lake layout with nine fraction digits (also one
 * already in that layout with fewer); an unreadable one ({@link EventTime#parse} gives null) is
 * left as written. Only the fields a caller asks for ({@link #needsOf}) are computed, so an engine
 * whose rules read none of them pays nothing. Stateless and thread-safe.
 */
public final class StandardFields {
  public static final String LOG_TYPE = Event.LOG_TYPE_FIELD;
  public static final String EVENT_TIME = EventTime.P_EVENT_TIME;
  public static final String PARSE_TIME = "p_parse_time";
  public static final String ROW_ID = "p_row_id";
  public static final String SOURCE_LABEL = "p_source_label";

  /** The log type whose {@code p_any_*} columns are computed. */
  public static final String CLOUDTRAIL = "AWS.CloudTrail";

  /** Bits of {@link #needsOf}: which fields to add. */
  public static final int NEEDS_LOG_TYPE = 1;

  public static final int NEEDS_EVENT_TIME = 2;
  public static final int NEEDS_PARSE_TIME = 4;
  public static final int NEEDS_ROW_ID = 8;
  public static final int NEEDS_SOURCE_LABEL = 16;
  public static final int NEEDS_INDICATORS = 32;
  public static final int NEEDS_TIME_LAYOUT = 64;
  public static final int NEEDS_ALL = 127;

  private StandardFields() {}

  /**
   * What reading {@code path} needs added: its top-level member is a standard field, a {@code
   * p_any_*} column, or {@code eventTime} (rewritten); matched ignoring case, as lookups fall back
   * to that. 0 for any other path.
   */
  public static int needsOf(FieldPath path) {
    if (path.segments().isEmpty() || !(path.segments().get(0) instanceof FieldPath.Name first)) {
      return 0;
    }
    String name = first.name().toLowerCase(Locale.ROOT);
    switch (name) {
      case "p_log_type":
        return NEEDS_LOG_TYPE;
      case "p_event_time":
        return NEEDS_EVENT_TIME;
      case "p_parse_time":
        return NEEDS_PARSE_TIME;
      case "p_row_id":
        return NEEDS_ROW_ID;
      case "p_source_label":
        return NEEDS_SOURCE_LABEL;
      case "eventtime":
        return NEEDS_TIME_LAYOUT;
      default:
        return name.startsWith("p_any_") ? NEEDS_INDICATORS : 0;
    }
  }

  /**
   * The event as a Panther rule sees it: {@link Event#fields()} gains the fields {@code needs}
   * selects, and {@link Event#json()} (built when first asked) all of them.
   *
   * @param logType the event's log type ({@code p_log_type}, else the engine's default)
   * @param indicatorsFromWhole compute {@code p_any_*} from {@link Event#json()} rather than from
   *     {@code fields()} (when the projection did not keep {@link Indicators#SOURCE_MEMBERS})
   */
  public static Event apply(
      Event event, String logType, Ingestion ingestion, int needs, boolean indicatorsFromWhole) {
    JsonNode fields = event.fields();
    JsonNode indicatorSource =
        (needs & NEEDS_INDICATORS) == 0 ? null : indicatorsFromWhole ? event.json() : fields;
    ObjectNode added = augment(fields, indicatorSource, logType, ingestion, needs);
    return Event.projected(
        added,
        () -> augment(event.json(), event.json(), logType, ingestion, NEEDS_ALL),
        event.projection().orElse(null));
  }

  /** A shallow copy of {@code source} with the selected fields added. */
  static ObjectNode augment(
      JsonNode source, JsonNode indicatorSource, String logType, Ingestion ingestion, int needs) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode out = nodes.objectNode();
    source.properties().forEach(e -> out.set(e.getKey(), e.getValue()));
    if ((needs & NEEDS_TIME_LAYOUT) != 0) {
      // Every readable eventTime, RFC 3339 or the data-lake layout with 0-9 fraction digits, is
      // written with nine, as Panther's data-lake writers do; an unreadable one stays as written.
      Instant parsed = EventTime.of(source.get(EventTime.EVENT_TIME));
      if (parsed != null) {
        out.put(EventTime.EVENT_TIME, EventTime.format(parsed));
      }
    }
    if ((needs & NEEDS_LOG_TYPE) != 0 && !source.has(LOG_TYPE)) {
      out.put(LOG_TYPE, logType);
    }
    if ((needs & NEEDS_EVENT_TIME) != 0 && !source.has(EVENT_TIME)) {
      Instant own = EventTime.of(source.get(EventTime.EVENT_TIME));
      out.put(EVENT_TIME, EventTime.format(own != null ? own : ingestion.parseTime()));
    }
    if ((needs & NEEDS_PARSE_TIME) != 0 && !source.has(PARSE_TIME)) {
      out.put(PARSE_TIME, EventTime.format(ingestion.parseTime()));
    }
    if ((needs & NEEDS_ROW_ID) != 0 && !source.has(ROW_ID)) {
      out.put(ROW_ID, ingestion.rowId());
    }
    if ((needs & NEEDS_SOURCE_LABEL) != 0
        && !source.has(SOURCE_LABEL)
        && !ingestion.sourceLabel().isEmpty()) {
      out.put(SOURCE_LABEL, ingestion.sourceLabel()); // v1 omits an empty label
    }
    if (indicatorSource != null && CLOUDTRAIL.equals(logType) && !hasIndicators(source)) {
      for (Map.Entry<String, List<String>> column : Indicators.of(indicatorSource).entrySet()) {
        ArrayNode values = out.putArray(column.getKey());
        column.getValue().forEach(values::add);
      }
    }
    return out;
  }

  private static boolean hasIndicators(JsonNode event) {
    for (var it = event.fieldNames(); it.hasNext(); ) {
      if (it.next().startsWith("p_any_")) {
        return true;
      }
    }
    return false;
  }
}
