package dev.margay.scan;

import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.event.Event;
import dev.margay.event.Ingestion;
import dev.margay.input.RecordPosition;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * The standard-field context of each record of one scan (panther-fields.md §2): the input's name as
 * {@code p_source_label}, the scan's start as {@code p_parse_time}, and a {@code p_row_id} unique
 * within the scan (a random 48-bit scan id, then the input's name hash, line and record index, in
 * lower-case hex). Immutable; one per scan call.
 */
final class StandardFields {
  private final Instant parseTime;
  private final String scanId =
      String.format("%012x", new SecureRandom().nextLong() & 0xffffffffffffL);

  StandardFields(Instant parseTime) {
    this.parseTime = parseTime;
  }

  Ingestion at(RecordPosition p) {
    StringBuilder id = new StringBuilder(34).append(scanId);
    hex(id, p.source().hashCode() & 0xffffffffL, 8);
    hex(id, p.line() & 0xffffffffL, 8);
    hex(id, (p.index() + 1) & 0xffffffL, 6);
    return new Ingestion(p.source(), parseTime, id.toString());
  }

  private static void hex(StringBuilder sb, long v, int width) {
    String h = Long.toHexString(v);
    for (int i = h.length(); i < width; i++) {
      sb.append('0');
    }
    sb.append(h);
  }

  /**
   * Evaluates {@code event}, building the context only for engines whose rules read a standard
   * field (the others pay nothing); {@code fields} null: the event as it is.
   */
  static List<Match> evaluate(
      RuleEngine engine, StandardFields fields, Event event, RecordPosition position) {
    return fields == null || !engine.readsStandardFields()
        ? engine.evaluate(event)
        : engine.evaluate(event, fields.at(position));
  }
}
