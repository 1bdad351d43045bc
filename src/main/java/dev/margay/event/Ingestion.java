package dev.margay.event;

import java.time.Instant;
import java.util.Objects;

/**
 * What Panther knows about a record when it ingests it, beyond the record itself. Passed with an
 * {@link Event} to {@code RuleEngine.evaluate(Event, Ingestion)} to have the standard fields added
 * ({@link StandardFields}, panther-fields.md §2–4). Immutable and thread-safe; one value may serve
 * every record of a source, or one per record for distinct row ids.
 *
 * @param sourceLabel the input's name, written as {@code p_source_label} (any text; empty means no
 *     {@code p_source_label}, as Panther v1 omits an empty label). {@code scan} passes each file's
 *     path (as found under the arguments), or {@code <stdin>}
 * @param parseTime when the record was parsed, written as {@code p_parse_time} in the data-lake
 *     layout ({@link EventTime#format}), and the {@code p_event_time} of a record without a
 *     readable time; {@code scan} uses one time for the whole scan (its start)
 * @param rowId the record's unique id, written as {@code p_row_id} as given (Panther uses
 *     lower-case hex; uniqueness is the caller's business)
 */
public record Ingestion(String sourceLabel, Instant parseTime, String rowId) {
  /**
   * Checks the arguments.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code parseTime}'s UTC year is outside 0000–9999, which
   *     Panther's layout cannot write
   */
  public Ingestion {
    Objects.requireNonNull(sourceLabel, "sourceLabel");
    Objects.requireNonNull(parseTime, "parseTime");
    Objects.requireNonNull(rowId, "rowId");
    if (!EventTime.inRange(parseTime)) {
      throw new IllegalArgumentException("parseTime outside years 0000-9999 (UTC): " + parseTime);
    }
  }
}
