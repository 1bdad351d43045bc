package dev.margay.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.FieldPath;
import dev.margay.engine.Match;
import dev.margay.event.FieldValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A signal for correlation rules: a match of some rule (alerting or {@code CreateAlert: false}),
 * reduced to what correlation needs: the rule, the event time, and the values of the fields
 * correlation rules join on. A plain serializable-friendly value (strings and longs), so stream
 * processors can keep it in their own state. Immutable.
 *
 * @param ruleId the rule that matched
 * @param timeMillis the match's event time, epoch milliseconds
 * @param fields join field path to its scalar values as text (strings as they are, numbers in plain
 *     decimal without trailing zeros, booleans {@code true}/{@code false}; a list gives each scalar
 *     element); a field without a scalar value is left out
 */
public record CorrelationSignal(String ruleId, long timeMillis, Map<String, List<String>> fields) {
  public CorrelationSignal {
    Objects.requireNonNull(ruleId, "ruleId");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    fields.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    fields = java.util.Collections.unmodifiableMap(copy);
  }

  /** The values of a field (empty when the signal has none). */
  public List<String> values(String field) {
    return fields.getOrDefault(field, List.of());
  }

  /**
   * The signal of a match at a time, with the given join fields read from it. A path starting with
   * {@code p_alert_context.} reads the match's alert context ({@code AlertContext} key, then the
   * rest of the path inside its value), as Panther's signals carry the rule's alert context there;
   * any other path reads the event (standard fields such as {@code p_any_emails} included when the
   * event has them).
   */
  public static CorrelationSignal of(Match match, long timeMillis, Collection<String> joinFields) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (String f : joinFields) {
      List<String> values = new ArrayList<>();
      try {
        if (f.startsWith("p_alert_context.")) {
          FieldPath path = FieldPath.parseKeyPath(f.substring("p_alert_context.".length()));
          String first = ((FieldPath.Name) path.segments().get(0)).name();
          JsonNode ctx = match.alertContext().get(first);
          if (ctx != null) {
            JsonNode found =
                path.segments().size() == 1
                    ? ctx
                    : dev.margay.event.internal.EventPath.of(
                            new FieldPath(path.segments().subList(1, path.segments().size())))
                        .find(ctx);
            addScalars(found, values);
          }
        } else {
          FieldValue v = match.event().resolve(FieldPath.parseKeyPath(f));
          if (v instanceof FieldValue.Present p) {
            addScalars(p.node(), values);
          } else if (v instanceof FieldValue.Collection c) {
            c.values().forEach(n -> addScalars(n, values));
          }
        }
      } catch (RuntimeException e) {
        // A path that does not parse (the loader checks join fields) or leads nowhere: no value.
      }
      if (!values.isEmpty()) {
        fields.put(f, values);
      }
    }
    return new CorrelationSignal(match.ruleId(), timeMillis, fields);
  }

  private static void addScalars(JsonNode node, List<String> out) {
    if (node == null || node.isNull() || node.isObject()) {
      return;
    }
    if (node.isArray()) {
      node.forEach(
          n -> {
            if (!n.isContainerNode()) {
              addScalars(n, out);
            }
          });
      return;
    }
    String text = node.isNumber() ? plain(node.decimalValue()) : node.asText();
    if (!out.contains(text)) {
      out.add(text);
    }
  }

  private static String plain(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }
}
