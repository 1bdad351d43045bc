package dev.margay.event;

import java.time.Instant;
import java.util.Objects;

/**
 * What Panther knows about a record when it ingests it, beyond the record itself: the source's label
 * ({@code p_source_label}), when it was parsed ({@code p_parse_time}) and the row's unique id
 * ({@code p_row_id}). Passed with an event to {@code RuleEngine.evaluate(Event, Ingestion)} to have the
 * standard fields added ({@link StandardFields}). Immutable.
 */
public record Ingestion(String sourceLabel, Instant parseTime, String rowId) {
  public Ingestion {
    Objects.requireNonNull(sourceLabel, "sourceLabel");
    Objects.requireNonNull(parseTime, "parseTime");
    Objects.requireNonNull(rowId, "rowId");
  }
}
