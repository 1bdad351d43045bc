package dev.margay.event;

import dev.margay.condition.FieldPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which members of an event to materialize: the union of some field paths. A path keeps the members
 * along it (matched ignoring case, since lookups fall back to case-insensitive names) and the whole
 * value at its end; a path through an array index or {@code [*]} keeps the whole array. Everything
 * else is skipped while parsing, but still checked (syntax, limits, duplicate keys), so a projected
 * parse accepts and rejects exactly what a full parse does. Immutable and thread-safe.
 */
public final class Projection {
  /** Members every projection keeps: the log type and the event times. */
  public static final List<String> ALWAYS =
      List.of(Event.LOG_TYPE_FIELD, "eventTime", "p_event_time");

  /** A level of the projection: kept members by lower-case name, or "keep everything below". */
  static final class Node {
    final boolean whole;
    final Map<String, Node> children;

    /**
     * The member name this node was declared with (as a rule spells it), and its UTF-8; null at the
     * root.
     */
    final String spelling;

    final byte[] spellingBytes;
    // Children bucketed by name length for an allocation-free, case-insensitive lookup by String.
    final String[][] namesByLength;
    final Node[][] nodesByLength;
    // For names read as bytes: an open-addressing table over the ASCII-lower-cased names (usable
    // when
    // every child name is ASCII, where ASCII case folding is exactly equalsIgnoreCase).
    final boolean asciiNames;
    final int[] table; // slot -> child number + 1, 0 when free
    final byte[][] lowerNames;
    final Node[] nodes;

    /** {@code children} is keyed by one spelling of each member name; lookups ignore case. */
    Node(boolean whole, Map<String, Node> children, String spelling) {
      this.whole = whole;
      this.children = children;
      this.spelling = spelling;
      this.spellingBytes = spelling == null ? null : spelling.getBytes(StandardCharsets.UTF_8);
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
      byLength.forEach(
          (len, names) -> {
            namesByLength[len] = names.toArray(new String[0]);
            nodesByLength[len] = names.stream().map(children::get).toArray(Node[]::new);
          });
      asciiNames = children.keySet().stream().allMatch(k -> k.chars().allMatch(c -> c < 0x80));
      int n =
          asciiNames
              ? children.size()
              : 0; // otherwise names read as bytes go through child(String)
      lowerNames = new byte[n][];
      nodes = new Node[n];
      table = new int[n == 0 ? 0 : Integer.highestOneBit(n * 4)];
      if (asciiNames) {
        int i = 0;
        for (Map.Entry<String, Node> e : children.entrySet()) {
          lowerNames[i] = e.getKey().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
          nodes[i] = e.getValue();
          int slot =
              ProjectingScanner.mix(
                      ProjectingScanner.nameHash(lowerNames[i], 0, lowerNames[i].length))
                  & (table.length - 1);
          while (table[slot] != 0) {
            slot = (slot + 1) & (table.length - 1);
          }
          table[slot] = ++i;
        }
      }
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

    /**
     * As {@link #child(String)} for an ASCII name given as bytes {@code b[start, stop)} whose
     * {@link ProjectingScanner#nameHash} is {@code lowerHash}.
     */
    Node child(byte[] b, int start, int stop, int lowerHash) {
      if (!asciiNames) {
        return child(new String(b, start, stop - start, StandardCharsets.ISO_8859_1));
      }
      if (table.length == 0) {
        return null;
      }
      int mask = table.length - 1;
      int length = stop - start;
      for (int slot = ProjectingScanner.mix(lowerHash) & mask;
          table[slot] != 0;
          slot = (slot + 1) & mask) {
        byte[] name = lowerNames[table[slot] - 1];
        if (name.length == length && equalsLowerCase(name, b, start)) {
          return nodes[table[slot] - 1];
        }
      }
      return null;
    }

    private static boolean equalsLowerCase(byte[] lower, byte[] b, int start) {
      for (int i = 0; i < lower.length; i++) {
        int c = b[start + i];
        if (c >= 'A' && c <= 'Z') {
          c += 32;
        }
        if (c != lower[i]) {
          return false;
        }
      }
      return true;
    }
  }

  final Node root;
  private final int pathCount;
  private final List<FieldPath> paths;

  private Projection(Node root, int pathCount, List<FieldPath> paths) {
    this.root = root;
    this.pathCount = pathCount;
    this.paths = paths;
  }

  /**
   * This projection, also keeping the members {@code more} name (e.g. the names that mark
   * envelopes).
   */
  public Projection with(Collection<FieldPath> more) {
    List<FieldPath> all = new ArrayList<>(paths);
    all.addAll(more);
    return of(all);
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
    return new Projection(root.build(null), paths.size(), List.copyOf(paths));
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

    Node build(String name) {
      if (whole) {
        return new Node(true, Map.of(), name);
      }
      Map<String, Node> built = new LinkedHashMap<>();
      children.forEach((k, v) -> built.put(spelling.get(k), v.build(spelling.get(k))));
      return new Node(false, built, name);
    }
  }

  @Override
  public String toString() {
    return "Projection of " + pathCount + " paths, top-level members " + root.children.keySet();
  }
}
