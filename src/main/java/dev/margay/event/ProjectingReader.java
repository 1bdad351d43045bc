package dev.margay.event;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Walks every token of one event, building nodes only where the projection keeps them. Skipped strings
 * are still decoded (into the parser's buffer, without creating Strings) so that encoding errors and
 * limits are caught as in a full parse; duplicate keys are checked at every level, kept or not. The
 * nodes built are the ones Jackson's {@code readTree} builds for the same text. One use per event.
 */
final class ProjectingReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonParser p;
  private final boolean rejectDuplicateKeys;
  /** Past this many members a set takes over (the table below stays at most half full). */
  private static final int LINEAR_LIMIT = 32;
  private static final int TABLE_SIZE = 64;
  private String[][] tables = new String[8][];
  private int[][] stamps = new int[8][];
  private int[] counts = new int[8];
  private int[] objectIds = new int[8];
  private int nextObjectId;
  private java.util.Set<String>[] large = newSets(8);

  @SuppressWarnings("unchecked")
  private static java.util.Set<String>[] newSets(int n) {
    return (java.util.Set<String>[]) new java.util.Set<?>[n];
  }

  ProjectingReader(JsonParser p, boolean rejectDuplicateKeys) {
    this.p = p;
    this.rejectDuplicateKeys = rejectDuplicateKeys;
  }

  JsonNode read(Projection.Node root) throws IOException {
    JsonToken first = p.nextToken();
    if (first == null) {
      throw new EventParseException(EventParseException.Code.EMPTY, "empty input: expected a JSON object", 0, 0, null);
    }
    if (first != JsonToken.START_OBJECT) {
      // In the order a full parse reports them: trailing content first, then the wrong type.
      skip(first, 0);
      checkEnd();
      throw new EventParseException(EventParseException.Code.NOT_OBJECT, "expected a JSON object, found "
          + describe(first), 0, 0, null);
    }
    ObjectNode result = readObject(root, 0);
    checkEnd();
    return result;
  }

  private void checkEnd() throws IOException {
    JsonToken after = p.nextToken();
    if (after != null) {
      throw new EventParseException(EventParseException.Code.TRAILING_CONTENT, "Trailing token (of type " + after
          + ") found after value", p.currentTokenLocation().getLineNr(), p.currentTokenLocation().getColumnNr(), null);
    }
  }

  private static String describe(JsonToken t) {
    switch (t) {
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      default:
        return "null";
    }
  }

  /** The parser is on START_OBJECT. */
  private ObjectNode readObject(Projection.Node node, int depth) throws IOException {
    ObjectNode out = NODES.objectNode();
    startNames(depth);
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      checkDuplicate(depth, name);
      JsonToken value = p.nextToken();
      Projection.Node child = node.whole ? node : node.child(name);
      if (child == null) {
        skip(value, depth + 1);
      } else if (child.whole || value != JsonToken.START_OBJECT) {
        out.set(name, build(value, depth + 1));
      } else {
        out.set(name, readObject(child, depth + 1));
      }
    }
    return out;
  }

  /** Builds the whole value whose first token is current. */
  private JsonNode build(JsonToken t, int depth) throws IOException {
    switch (t) {
      case START_OBJECT: {
        ObjectNode o = NODES.objectNode();
        startNames(depth);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          checkDuplicate(depth, name);
          o.set(name, build(p.nextToken(), depth + 1));
        }
        return o;
      }
      case START_ARRAY: {
        ArrayNode a = NODES.arrayNode();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          a.add(build(e, depth + 1));
        }
        return a;
      }
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return NODES.numberNode(p.getIntValue());
          case LONG:
            return NODES.numberNode(p.getLongValue());
          default:
            return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new JsonParseException(p, "unexpected token " + t);
    }
  }

  /** Reads past the value whose first token is current, checking it as a full parse would. */
  private void skip(JsonToken t, int depth) throws IOException {
    switch (t) {
      case START_OBJECT:
        startNames(depth);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          checkDuplicate(depth, p.currentName());
          skip(p.nextToken(), depth + 1);
        }
        return;
      case START_ARRAY: {
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          skip(e, depth + 1);
        }
        return;
      }
      case VALUE_STRING:
        p.getTextLength(); // decode (and so validate) without creating a String
        return;
      default:
        return;
    }
  }

  private void startNames(int depth) {
    if (!rejectDuplicateKeys) {
      return;
    }
    if (depth >= counts.length) {
      int size = depth * 2 + 1;
      tables = java.util.Arrays.copyOf(tables, size);
      stamps = java.util.Arrays.copyOf(stamps, size);
      counts = java.util.Arrays.copyOf(counts, size);
      objectIds = java.util.Arrays.copyOf(objectIds, size);
      large = java.util.Arrays.copyOf(large, size);
    }
    counts[depth] = 0;
    objectIds[depth] = ++nextObjectId;
    large[depth] = null;
  }

  /**
   * Member names of the open object at each depth go into a small open-addressing table keyed by the
   * name's (cached) hash; slots carry the id of the object that wrote them, so no table is ever cleared.
   * Past {@link #LINEAR_LIMIT} names a HashSet takes over.
   */
  private void checkDuplicate(int depth, String name) throws JsonParseException {
    if (!rejectDuplicateKeys) {
      return;
    }
    java.util.Set<String> set = large[depth];
    if (set != null) {
      if (!set.add(name)) {
        throw duplicate(name);
      }
      return;
    }
    String[] table = tables[depth];
    int[] stamp = stamps[depth];
    if (table == null) {
      table = new String[TABLE_SIZE];
      stamp = new int[TABLE_SIZE];
      tables[depth] = table;
      stamps[depth] = stamp;
    }
    int id = objectIds[depth];
    int n = counts[depth];
    if (n == LINEAR_LIMIT) {
      set = new java.util.HashSet<>();
      for (int i = 0; i < TABLE_SIZE; i++) {
        if (stamp[i] == id) {
          set.add(table[i]);
        }
      }
      large[depth] = set;
      if (!set.add(name)) {
        throw duplicate(name);
      }
      return;
    }
    int slot = name.hashCode() & (TABLE_SIZE - 1);
    while (stamp[slot] == id) {
      String s = table[slot];
      // Jackson hands out canonical name instances, so == almost always decides; equals is the fallback.
      if (s == name || s.equals(name)) {
        throw duplicate(name);
      }
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
    table[slot] = name;
    stamp[slot] = id;
    counts[depth] = n + 1;
  }

  private JsonParseException duplicate(String name) {
    return new JsonParseException(p, "Duplicate field '" + name + "'");
  }
}
