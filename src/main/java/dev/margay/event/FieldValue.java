package dev.margay.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The result of resolving a field path: absent (no such field), JSON {@code null}, one value, or,
 * for a path with {@code [*]}, the collection of non-null values found under the array's elements.
 */
public sealed interface FieldValue {

  /** The path leads nowhere: a missing key, an index past the end, a step into a scalar. */
  record Absent() implements FieldValue {}

  /** The field exists and holds JSON {@code null}. */
  record Null() implements FieldValue {}

  /** The field holds a non-null value. Treat the node as read-only. */
  record Present(JsonNode node) implements FieldValue {}

  /** The non-null values a {@code [*]} path found, in document order (never empty). */
  record Collection(List<JsonNode> values) implements FieldValue {
    public Collection {
      values = List.copyOf(values);
    }
  }

  /** Absent. */
  FieldValue ABSENT = new Absent();

  /** JSON null. */
  FieldValue NULL = new Null();

  /** Whether the value is absent or JSON null. */
  default boolean isMissing() {
    return this instanceof Absent || this instanceof Null;
  }
}
