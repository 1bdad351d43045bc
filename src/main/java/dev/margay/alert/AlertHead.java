package dev.margay.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.engine.Match;
import dev.margay.rule.Severity;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * What an alert shows of the match that opened its window, without the event: groupers hold this
 * instead of the {@link Match} (whose event may pin a whole input block), so memory follows the
 * distinct alert heads, not the events. Immutable.
 */
record AlertHead(
    String ruleId,
    String dedupKey,
    Severity severity,
    String title,
    int dedupPeriodMinutes,
    int threshold,
    Map<String, JsonNode> alertContext) {

  static AlertHead of(Match m) {
    return new AlertHead(
        m.ruleId(),
        m.dedupKey(),
        m.severity(),
        m.title(),
        m.dedupPeriodMinutes(),
        m.threshold(),
        m.alertContext());
  }

  /**
   * Among matches of one group at the same event time, which counts as first: an order on content
   * alone, so the alert does not depend on arrival order (equal heads render the same alert
   * anyway).
   */
  static final Comparator<AlertHead> CONTENT_ORDER =
      (a, b) -> {
        if (a == b) {
          return 0;
        }
        int c = Integer.compare(a.severity.ordinal(), b.severity.ordinal());
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
          c = a.alertContext.toString().compareTo(b.alertContext.toString());
        }
        return c;
      };

  /** Rough retained size of a head's own content (the strings and context it alone holds). */
  long estimatedBytes() {
    long bytes = 64 + 2L * title.length();
    for (Map.Entry<String, JsonNode> e : alertContext.entrySet()) {
      bytes +=
          96
              + 2L * e.getKey().length()
              + (e.getValue().isValueNode()
                  ? 2L * e.getValue().asText().length()
                  : 4L * e.getValue().toString().length());
    }
    return bytes;
  }

  boolean sameContent(AlertHead other) {
    return other != null
        && Objects.equals(title, other.title)
        && severity == other.severity
        && alertContext.equals(other.alertContext)
        && threshold == other.threshold
        && dedupPeriodMinutes == other.dedupPeriodMinutes;
  }
}
