// Over 300 lines: the frozen node types and their views must change together.
package dev.margay.event.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * JSON trees that nobody can change once built: the trees an {@link Event} holds, and so everything
 * a {@code Match} hands out ({@code alertContext}, {@code summaryAttributes}, {@code
 * event().json()}).
 *
 * <p>They are ordinary Jackson {@link ObjectNode}s and {@link ArrayNode}s (every read method,
 * equality and serialization work as usual) whose member map and element list refuse changes once
 * the tree is frozen: {@code put}, {@code set}, {@code remove}, {@code add}, iterator {@code
 * remove} and {@code Map.Entry.setValue} throw {@link UnsupportedOperationException}. {@code
 * deepCopy()} gives an ordinary mutable copy. Jackson's value nodes (text, numbers, booleans, null)
 * are immutable already.
 *
 * <p>Cost: one small wrapper object per object or array node (about 24 bytes) and one walk over the
 * tree when it is frozen; reads go through one more call. A tree handed in by a caller that is not
 * one of these is copied once ({@link #adopt}). Thread-safe once frozen.
 */
public final class ReadOnlyNodes {
  private ReadOnlyNodes() {}

  /** Builds containers that can be frozen; used by every event parser. */
  public static final JsonNodeFactory FACTORY = new Factory();

  private static final class Factory extends JsonNodeFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public ObjectNode objectNode() {
      return new ReadOnlyObject();
    }

    @Override
    public ArrayNode arrayNode() {
      return new ReadOnlyArray(8);
    }

    @Override
    public ArrayNode arrayNode(int capacity) {
      return new ReadOnlyArray(capacity);
    }
  }

  /**
   * A tree safe to hand out: a tree of these containers is frozen in place (whoever built it can no
   * longer change it either); any other tree is deep-copied into frozen containers.
   */
  public static JsonNode adopt(JsonNode root) {
    if (root instanceof ReadOnlyObject || root instanceof ReadOnlyArray) {
      freeze(root);
      return root;
    }
    return copy(root);
  }

  /**
   * Freezes a tree of these containers; subtrees already frozen are skipped (their nodes are too).
   * An ordinary container found inside (a caller's node added to a streaming parser's tree) is
   * replaced by a frozen copy.
   */
  public static void freeze(JsonNode node) {
    if (node instanceof ReadOnlyObject o) {
      if (!o.members.frozen) {
        o.members.map.replaceAll(FROZEN_CHILD); // walks the entries without an iterator
        o.members.frozen = true;
      }
    } else if (node instanceof ReadOnlyArray a) {
      if (!a.elements.frozen) {
        for (int i = 0; i < a.elements.size; i++) {
          a.elements.items[i] = frozenChild(a.elements.items[i]);
        }
        a.elements.frozen = true;
      }
    }
  }

  private static final java.util.function.BiFunction<String, JsonNode, JsonNode> FROZEN_CHILD =
      (name, child) -> frozenChild(child);

  private static JsonNode frozenChild(JsonNode child) {
    if (child instanceof ReadOnlyObject || child instanceof ReadOnlyArray) {
      freeze(child);
      return child;
    }
    return child.isContainerNode() ? copy(child) : child;
  }

  /**
   * Freezes a new array of values taken from other trees (a {@code [*]} collection): only the array
   * itself, whose elements belong to the tree they were found in.
   */
  public static ArrayNode freezeShallow(ArrayNode array) {
    ((ReadOnlyArray) array).elements.frozen = true;
    return array;
  }

  /**
   * An object's members for reading inside this package, without the read-only views' per-call and
   * per-entry wrappers (the engine's case-insensitive lookups iterate them on every absent path).
   */
  public static Iterable<Map.Entry<String, JsonNode>> entries(ObjectNode object) {
    return object instanceof ReadOnlyObject o ? o.members.map.entrySet() : object.properties();
  }

  private static JsonNode copy(JsonNode node) {
    if (node.isObject()) {
      ReadOnlyObject out = new ReadOnlyObject();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        out.members.map.put(e.getKey(), copy(e.getValue()));
      }
      out.members.frozen = true;
      return out;
    }
    if (node.isArray()) {
      ReadOnlyArray out = new ReadOnlyArray(node.size());
      for (JsonNode element : node) {
        out.elements.add(copy(element));
      }
      out.elements.frozen = true;
      return out;
    }
    return node; // text, numbers, booleans, null, missing: immutable
  }

  /** An object node whose members can be frozen. */
  // javac reports Jackson's own narrowing of the generic JsonNode.deepCopy() on every subclass.
  @SuppressWarnings("unchecked")
  static final class ReadOnlyObject extends ObjectNode {
    private static final long serialVersionUID = 1L;
    final Members members;

    ReadOnlyObject() {
      this(new Members());
    }

    private ReadOnlyObject(Members members) {
      // Plain factory: nodes a caller creates through this one (objectNode(), deepCopy()) are
      // ordinary.
      super(JsonNodeFactory.instance, members);
      this.members = members;
    }
  }

  /** An array node whose elements can be frozen. */
  // javac reports Jackson's own narrowing of the generic JsonNode.deepCopy() on every subclass.
  @SuppressWarnings("unchecked")
  static final class ReadOnlyArray extends ArrayNode {
    private static final long serialVersionUID = 1L;
    final Elements elements;

    ReadOnlyArray(int capacity) {
      this(new Elements(capacity));
    }

    private ReadOnlyArray(Elements elements) {
      super(JsonNodeFactory.instance, elements);
      this.elements = elements;
    }
  }

  private static UnsupportedOperationException frozen() {
    return new UnsupportedOperationException(
        "Margay's event trees are read-only; deepCopy() gives a mutable copy");
  }

  /**
   * The members of an object: a {@link LinkedHashMap} (document order) behind a map whose every
   * change is refused once frozen, views included.
   */
  static final class Members implements Map<String, JsonNode> {
    final LinkedHashMap<String, JsonNode> map = new LinkedHashMap<>();
    boolean frozen;

    private void check() {
      if (frozen) {
        throw frozen();
      }
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public boolean isEmpty() {
      return map.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
      return map.containsValue(value);
    }

    @Override
    public JsonNode get(Object key) {
      return map.get(key);
    }

    @Override
    public JsonNode getOrDefault(Object key, JsonNode defaultValue) {
      return map.getOrDefault(key, defaultValue);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super JsonNode> action) {
      map.forEach(action);
    }

    @Override
    public JsonNode put(String key, JsonNode value) {
      check();
      return map.put(key, value);
    }

    @Override
    public JsonNode remove(Object key) {
      check();
      return map.remove(key);
    }

    @Override
    public void putAll(Map<? extends String, ? extends JsonNode> m) {
      check();
      map.putAll(m);
    }

    @Override
    public void clear() {
      check();
      map.clear();
    }

    @Override
    public JsonNode putIfAbsent(String key, JsonNode value) {
      check();
      return map.putIfAbsent(key, value);
    }

    // The other default mutators (compute*, merge, replace*, remove(k, v)) go through put, remove
    // and
    // entrySet, which refuse once frozen.

    @Override
    public Set<String> keySet() {
      return frozen ? Collections.unmodifiableSet(map.keySet()) : map.keySet();
    }

    @Override
    public Collection<JsonNode> values() {
      return frozen ? Collections.unmodifiableCollection(map.values()) : map.values();
    }

    @Override
    public Set<Entry<String, JsonNode>> entrySet() {
      // The unmodifiable map's entries refuse setValue too.
      return frozen ? Collections.unmodifiableMap(map).entrySet() : map.entrySet();
    }

    @Override
    public boolean equals(Object o) {
      return map.equals(o);
    }

    @Override
    public int hashCode() {
      return map.hashCode();
    }

    @Override
    public String toString() {
      return map.toString();
    }
  }

  /** The elements of an array, in an array of their own; every change is refused once frozen. */
  static final class Elements extends AbstractList<JsonNode> implements RandomAccess {
    JsonNode[] items;
    int size;
    boolean frozen;

    Elements(int capacity) {
      items = new JsonNode[Math.max(capacity, 2)];
    }

    @Override
    public JsonNode get(int index) {
      Objects.checkIndex(index, size);
      return items[index];
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public JsonNode set(int index, JsonNode element) {
      if (frozen) {
        throw frozen();
      }
      Objects.checkIndex(index, size);
      JsonNode old = items[index];
      items[index] = element;
      return old;
    }

    @Override
    public void add(int index, JsonNode element) {
      if (frozen) {
        throw frozen();
      }
      Objects.checkIndex(index, size + 1);
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      System.arraycopy(items, index, items, index + 1, size - index);
      items[index] = element;
      size++;
      modCount++;
    }

    @Override
    public JsonNode remove(int index) {
      if (frozen) {
        throw frozen();
      }
      Objects.checkIndex(index, size);
      JsonNode old = items[index];
      System.arraycopy(items, index + 1, items, index, size - index - 1);
      items[--size] = null;
      modCount++;
      return old;
    }
  }
}
