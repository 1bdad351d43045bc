package dev.margay.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.FieldPath;
import dev.margay.event.internal.EventPath;
import dev.margay.event.internal.ReadOnlyNodes;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One JSON event. Immutable, and so is everything it hands out: {@link #json()}, {@link #fields()}
 * and every node under them are read-only Jackson nodes (a change throws {@link
 * UnsupportedOperationException}; {@code deepCopy()} gives a mutable copy), so a caller cannot
 * change what later evaluations of the same event see. Safe to share between threads.
 *
 * <p>An event parsed with a {@link Projection} holds two views: {@link #fields()}, only the members
 * some rule reads (what conditions, titles and alert context are computed from), and {@link
 * #json()}, the whole event, parsed from the original text the first time it is asked for.
 */
public final class Event {
  /** Panther's standard field naming the log type of an event. */
  public static final String LOG_TYPE_FIELD = "p_log_type";

  private final JsonNode fields;
  private final Supplier<JsonNode> whole;
  private final Projection projection; // null: a whole event
  private volatile JsonNode json;

  private Event(JsonNode fields, JsonNode json, Supplier<JsonNode> whole, Projection projection) {
    this.fields = fields;
    this.json = json;
    this.whole = whole;
    this.projection = projection;
  }

  /**
   * An event of an already parsed JSON object. The caller's tree is copied once into read-only
   * nodes (a cost of about one tree's allocation), so that later changes to it cannot reach the
   * event; a tree this package built (one handed out by an event) is used as it is.
   *
   * @throws IllegalArgumentException if the node is not a JSON object
   */
  public static Event of(JsonNode root) {
    Objects.requireNonNull(root, "root");
    if (!root.isObject()) {
      throw new IllegalArgumentException("an event is a JSON object, not " + root.getNodeType());
    }
    JsonNode frozen = ReadOnlyNodes.adopt(root);
    return new Event(frozen, frozen, null, null);
  }

  /**
   * A projected event: {@code fields} (the members {@code projection} keeps) now, the whole tree
   * from {@code whole} when first asked.
   */
  static Event projected(JsonNode fields, Supplier<JsonNode> whole, Projection projection) {
    return new Event(fields, null, whole, projection);
  }

  /**
   * The projection this event was parsed with, which says which members {@link #fields()} holds;
   * empty for a whole event.
   */
  public java.util.Optional<Projection> projection() {
    return java.util.Optional.ofNullable(projection);
  }

  /** Parses JSON text with the default {@link EventParser}. */
  public static Event parse(String json) {
    return EventParser.defaults().parse(json);
  }

  /** The whole event's JSON tree, read-only. */
  public JsonNode json() {
    JsonNode result = json;
    if (result == null) {
      // Benign race: two threads may both parse; they get equal trees.
      result = whole.get();
      json = result;
    }
    return result;
  }

  /**
   * The tree rules are evaluated on: the whole event, or for a projected event only the members
   * that the projection keeps (every path the engine's rules read). Read-only.
   */
  public JsonNode fields() {
    return fields;
  }

  /** Whether this event holds only projected fields until {@link #json()} is called. */
  public boolean isProjected() {
    return fields != json;
  }

  /** Resolves a path against this event (the whole event). */
  public FieldValue resolve(FieldPath path) {
    return EventPath.of(path).resolve(json());
  }

  /** The event's {@code p_log_type}, when it is a string. */
  public Optional<String> logType() {
    JsonNode type = fields.get(LOG_TYPE_FIELD);
    return type != null && type.isTextual() ? Optional.of(type.textValue()) : Optional.empty();
  }

  /** Compact JSON text of the whole event. */
  public String toJson() {
    return json().toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Event other && other.json().equals(json());
  }

  @Override
  public int hashCode() {
    return json().hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
