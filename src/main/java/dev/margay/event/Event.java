package dev.margay.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.FieldPath;
import java.util.Objects;
import java.util.Optional;

/**
 * One JSON event. Margay never modifies the tree it wraps, and callers handing a tree to
 * {@link #of(JsonNode)} must not modify it afterwards either: an {@code Event} is then safe to share
 * between threads.
 */
public final class Event {
  /** Panther's standard field naming the log type of an event. */
  public static final String LOG_TYPE_FIELD = "p_log_type";

  private final JsonNode root;

  private Event(JsonNode root) {
    this.root = root;
  }

  /**
   * Wraps an already parsed JSON object (no copy is made).
   *
   * @throws IllegalArgumentException if the node is not a JSON object
   */
  public static Event of(JsonNode root) {
    Objects.requireNonNull(root, "root");
    if (!root.isObject()) {
      throw new IllegalArgumentException("an event is a JSON object, not " + root.getNodeType());
    }
    return new Event(root);
  }

  /** Parses JSON text with the default {@link EventParser}. */
  public static Event parse(String json) {
    return EventParser.defaults().parse(json);
  }

  /** The event's JSON tree. Treat it as read-only. */
  public JsonNode json() {
    return root;
  }

  /** Resolves a path against this event. */
  public FieldValue resolve(FieldPath path) {
    EventPath prepared = EventPath.of(path);
    return FieldValue.of(prepared, prepared.find(root));
  }

  /** The event's {@code p_log_type}, when it is a string. */
  public Optional<String> logType() {
    JsonNode type = root.get(LOG_TYPE_FIELD);
    return type != null && type.isTextual() ? Optional.of(type.textValue()) : Optional.empty();
  }

  /** Compact JSON text of the event. */
  public String toJson() {
    return root.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Event other && other.root.equals(root);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
