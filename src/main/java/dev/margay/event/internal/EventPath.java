package dev.margay.event.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.margay.condition.FieldPath;
import dev.margay.event.FieldValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link FieldPath} prepared for repeated lookups: segments turned into an array once, so that a
 * lookup only walks the tree. Keys match exactly first, then case-insensitively (Panther's events
 * are case-insensitive dictionaries). Immutable and thread-safe.
 */
public final class EventPath {
  private static final int WILDCARD = -1;

  private final FieldPath path;
  private final String[] names; // null where the step is an index or wildcard
  private final int[] indexes; // the index, or WILDCARD
  private final boolean collection;

  private EventPath(FieldPath path) {
    this.path = path;
    int n = path.segments().size();
    names = new String[n];
    indexes = new int[n];
    for (int i = 0; i < n; i++) {
      FieldPath.Segment s = path.segments().get(i);
      if (s instanceof FieldPath.Name name) {
        names[i] = name.name();
      } else if (s instanceof FieldPath.Index index) {
        indexes[i] = index.index();
      } else {
        indexes[i] = WILDCARD;
      }
    }
    collection = path.hasWildcard();
  }

  /** Prepares a path. */
  public static EventPath of(FieldPath path) {
    return new EventPath(path);
  }

  /** The path this was prepared from. */
  public FieldPath path() {
    return path;
  }

  /** Whether lookups yield a collection (the path has {@code [*]}). */
  public boolean yieldsCollection() {
    return collection;
  }

  /**
   * Looks the path up under {@code scope}. Returns {@code null} when absent, a {@code NullNode} for
   * JSON null, otherwise the value; for a collection path, an array of the non-null values found,
   * or {@code null} when there are none. Allocates only for collection paths.
   */
  public JsonNode find(JsonNode scope) {
    return find(scope, 0);
  }

  /**
   * Looks the path up under {@code scope} as {@link dev.margay.event.Event#resolve} does: absent,
   * JSON null, one value, or for a collection path the non-null values found.
   */
  public FieldValue resolve(JsonNode scope) {
    JsonNode found = find(scope);
    if (found == null) {
      return FieldValue.ABSENT;
    }
    if (found.isNull()) {
      return FieldValue.NULL;
    }
    if (collection) {
      List<JsonNode> values = new ArrayList<>(found.size());
      found.forEach(values::add);
      return new FieldValue.Collection(values);
    }
    return new FieldValue.Present(found);
  }

  private JsonNode find(JsonNode node, int from) {
    for (int i = from; i < names.length; i++) {
      if (node == null || node instanceof com.fasterxml.jackson.databind.node.NullNode) {
        return null;
      }
      String name = names[i];
      if (name != null) {
        node = member(node, name);
      } else if (indexes[i] != WILDCARD) {
        node = node.isArray() ? node.get(indexes[i]) : null;
      } else {
        return collect(node, i + 1);
      }
    }
    return node;
  }

  private JsonNode collect(JsonNode array, int rest) {
    if (!array.isArray()) {
      return null;
    }
    ArrayNode out = null;
    for (JsonNode element : array) {
      JsonNode found = find(element, rest);
      if (found == null || found.isNull()) {
        continue;
      }
      if (out == null) {
        out = ReadOnlyNodes.FACTORY.arrayNode();
      }
      // A nested [*] yields a collection of its own, flattened into this one.
      if (hasWildcardAfter(rest)) {
        out.addAll((ArrayNode) found);
      } else {
        out.add(found);
      }
    }
    // Read-only like the trees it is taken from: it may be handed out (a [*] path in AlertContext).
    return out == null ? null : ReadOnlyNodes.freezeShallow(out);
  }

  private boolean hasWildcardAfter(int from) {
    for (int i = from; i < names.length; i++) {
      if (names[i] == null && indexes[i] == WILDCARD) {
        return true;
      }
    }
    return false;
  }

  /** A member by exact name, else the first whose name matches ignoring case. */
  static JsonNode member(JsonNode node, String name) {
    if (!(node instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
      return null;
    }
    JsonNode exact = object.get(name);
    if (exact != null || object.isEmpty()) {
      return exact;
    }
    for (Map.Entry<String, JsonNode> e : ReadOnlyNodes.entries(object)) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
