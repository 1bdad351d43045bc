package dev.margay.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code Enrichment: {Table, Selector, FieldPath}}: reads {@code
 * p_enrichment.<table>.<selector>.<fieldPath>} of the event, where Panther stores lookup-table
 * matches. {@code fieldPath} may be a dotted {@code KeyPath}; table and selector are literal names.
 */
public record Enrichment(String table, String selector, FieldPath fieldPath) implements Field {

  /** The event member that holds enrichment data. */
  public static final String ENRICHMENT_FIELD = "p_enrichment";

  public Enrichment {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(fieldPath, "fieldPath");
    if (table.isEmpty() || selector.isEmpty()) {
      throw new IllegalArgumentException("enrichment table and selector cannot be empty");
    }
  }

  @Override
  public FieldPath path() {
    List<FieldPath.Segment> segments = new ArrayList<>();
    segments.add(new FieldPath.Name(ENRICHMENT_FIELD));
    segments.add(new FieldPath.Name(table));
    segments.add(new FieldPath.Name(selector));
    segments.addAll(fieldPath.segments());
    return new FieldPath(segments);
  }

  @Override
  public String toString() {
    return ConditionPrinter.printField(this);
  }
}
