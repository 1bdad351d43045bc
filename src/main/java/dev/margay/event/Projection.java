package dev.margay.event;

import dev.margay.condition.FieldPath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which members of an event to materialize: the union of some field paths. A path keeps the members
 * along it (matched ignoring case, since lookups fall back to case-insensitive names) and the whole
 * value at its end; a path through an array index or {@code [*]} keeps the whole array. Everything else
 * is skipped while parsing, but still checked (syntax, limits, duplicate keys), so a projected parse
 * accepts and rejects exactly what a full parse does. Immutable and thread-safe.
 */
public final class Projection {
  /** Members every projection keeps: the log type and the event times. */
  public static final List<String> ALWAYS = List.of(Event.LOG_TYPE_FIELD, "eventTime", "p_event_time");

  /** A level of the projection: kept members by lower-case name, or "keep everything below". */
  static final class Node {
    final boolean whole;
    final Map<String, Node> children;
    // Children bucketed by name length for an allocation-free, case-insensitive lookup.
    final String[][] namesByLength;
    final Node[][] nodesByLength;

    /** {@code children} is keyed by one spelling of each member name; lookups ignore case. */
    Node(boolean whole, Map<String, Node> children) {
      this.whole = whole;
      this.children = children;
      int max = 0;
      for (String k : children.keySet()) {
        max = Math.max(max, k.length());
      }
      namesByLength = new String[max + 1][];
      nodesByLength = new Node[max + 1][];
      Map<Integer, List<String>> byLength = new LinkedHashMap<>();
      for (String k : children.keySet()) {
        byLength.computeIfAbsent(k.length(), x -> new ArrayList<>()).add(k);
      }
      byLength.forEach((len, names) -> {
        namesByLength[len] = names.toArray(new String[0]);
        nodesByLength[len] = names.stream().map(children::get).toArray(Node[]::new);
      });
    }

    /** The child kept for a member name (ignoring case), or null to skip it. */
    Node child(String name) {
      int len = name.length();
      if (len >= namesByLength.length || namesByLength[len] == null) {
        return null;
      }
      String[] names = namesByLength[len];
      for (int i = 0; i < names.length; i++) {
        if (names[i].equalsIgnoreCase(name)) {
          return nodesByLength[len][i];
        }
      }
      return null;
    }
  }

  private static final Node WHOLE = new Node(true, Map.of());

  final Node root;
  private final int pathCount;

  private Projection(Node root, int pathCount) {
    this.root = root;
    this.pathCount = pathCount;
  }

  /** The projection keeping these paths (and {@link #ALWAYS}). */
  public static Projection of(Collection<FieldPath> paths) {
    Builder root = new Builder();
    for (String name : ALWAYS) {
      root.add(FieldPath.key(name).segments(), 0);
    }
    for (FieldPath p : paths) {
      root.add(p.segments(), 0);
    }
    return new Projection(root.build(), paths.size());
  }

  private static final class Builder {
    boolean whole;
    final Map<String, Builder> children = new LinkedHashMap<>(); // by lower-cased name
    final Map<String, String> spelling = new LinkedHashMap<>(); // lower-cased name -> a spelling

    void add(List<FieldPath.Segment> segments, int i) {
      if (whole) {
        return;
      }
      if (i == segments.size() || !(segments.get(i) instanceof FieldPath.Name name)) {
        whole = true;
        children.clear();
        return;
      }
      String key = name.name().toLowerCase(Locale.ROOT);
      spelling.putIfAbsent(key, name.name());
      children.computeIfAbsent(key, k -> new Builder()).add(segments, i + 1);
    }

    Node build() {
      if (whole) {
        return WHOLE;
      }
      Map<String, Node> built = new LinkedHashMap<>();
      children.forEach((k, v) -> built.put(spelling.get(k), v.build()));
      return new Node(false, built);
    }
  }

  @Override
  public String toString() {
    return "Projection of " + pathCount + " paths, top-level members " + root.children.keySet();
  }
}
