package dev.margay.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The top-level sections (a key written in column 0 and its value, up to the next such key) that
 * the files of one {@link RuleLoader#loadAll} call have composed, so that a section written
 * identically in many files is scanned once: rule sets copied per tenant repeat every section of a
 * rule but its {@code RuleID} and the lines that name the tenant, and YAML scanning is most of a
 * load's time.
 *
 * <p>Why reuse is exact: a section is keyed by its text, the line it starts on and whether it ends
 * the file, and it is stored only from a composition that had no anchor or alias (so no part
 * depends on another) and in which every section gave exactly one key at its own line and column 1.
 * A line in column 0 that is neither a comment nor a {@code - } entry ends any block value, so such
 * a section composes the same wherever it stands; a file where that is not so (a quoted or flow
 * value running on in column 0, a document marker, a directive, a merge key) either fails those
 * checks, and is then composed whole as before, or is never split. Reused nodes are shared between
 * files and threads, read only, and carry the same lines and columns as the file's own would (all
 * but the root mapping's end, which nothing reads).
 *
 * <p>Bounded: at most {@link #MAX_CHARS} characters of section text are kept per call. Thread-safe.
 */
final class SectionMemo {
  /** Characters of section text kept at most, so a set of unique files holds a bounded memo. */
  static final long MAX_CHARS = 2L * 1024 * 1024;

  private record Key(String text, int line, boolean last) {}

  private record Section(NodeTuple tuple, long nodes) {}

  private final ConcurrentHashMap<Key, Section> table = new ConcurrentHashMap<>();
  private final AtomicLong chars = new AtomicLong();

  /**
   * The root of {@code text} (the file's text as it will be composed) with known sections reused
   * and the others composed, or null when the file is not split this way or anything about it is
   * unusual; then nothing is recorded in {@code file}, and the caller composes it whole, so every
   * problem is reported exactly as without the memo.
   */
  Node compose(YamlFile file, String text) {
    List<int[]> sections = split(text);
    if (sections == null) {
      return null;
    }
    int n = sections.size();
    Key[] keys = new Key[n];
    Section[] known = new Section[n];
    StringBuilder masked = new StringBuilder(text.length());
    masked.append(text, 0, sections.get(0)[0]);
    long nodes = 0;
    for (int i = 0; i < n; i++) {
      int start = sections.get(i)[0];
      int end = i + 1 < n ? sections.get(i + 1)[0] : text.length();
      String section = text.substring(start, end);
      keys[i] = new Key(section, sections.get(i)[1], i + 1 == n);
      known[i] = table.get(keys[i]);
      if (known[i] == null) {
        masked.append(section);
      } else {
        nodes += known[i].nodes();
        // A key of its own in column 0 ends the value before it, as the section's own key did; the
        // line breaks keep every later line where it was written.
        masked.append("_:");
        for (int at = section.indexOf('\n'); at >= 0; at = section.indexOf('\n', at + 1)) {
          masked.append('\n');
        }
      }
    }
    YamlFile part = YamlFile.fromText(file.name, masked.toString());
    part.strings = file.strings;
    Node composed = part.compose();
    boolean whole = nodes == 0 && masked.length() == text.length();
    if (whole && composed != null && part.problems.isEmpty()) {
      // Nothing reused: this was the whole file's own composition, which stands even if it cannot
      // be
      // split (an anchor, say); its sections are stored when they can be.
      Node root = composed;
      if (composed instanceof MappingNode map && !part.composedLinked) {
        List<NodeTuple> tuples = inPlace(map, keys);
        if (tuples != null) {
          store(keys, known, tuples);
        }
      }
      return root;
    }
    if (!(composed instanceof MappingNode root)
        || !part.problems.isEmpty()
        || part.composedLinked
        || nodes + part.composedNodes > YamlFile.MAX_NODES
        || nodes + part.composedNodes > YamlFile.MAX_NODES) {
      return null;
    }
    List<NodeTuple> tuples = inPlace(root, keys);
    if (tuples == null) {
      return null;
    }
    for (int i = 0; i < n; i++) {
      if (known[i] != null) {
        tuples.set(i, known[i].tuple());
      }
    }
    store(keys, known, tuples);
    return new MappingNode(
        Tag.MAP, true, tuples, root.getFlowStyle(), root.getStartMark(), root.getEndMark());
  }

  /** The root's entries when each section gave exactly one, keyed at its own line in column 1. */
  private static List<NodeTuple> inPlace(MappingNode root, Key[] keys) {
    if (root.getValue().size() != keys.length) {
      return null;
    }
    List<NodeTuple> tuples = new ArrayList<>(keys.length);
    for (int i = 0; i < keys.length; i++) {
      NodeTuple tuple = root.getValue().get(i);
      boolean inPlace =
          tuple.getKeyNode() instanceof ScalarNode key
              && YamlFile.start(key).getLine() == keys[i].line()
              && YamlFile.start(key).getColumn() == 0;
      if (!inPlace) {
        return null;
      }
      tuples.add(tuple);
    }
    return tuples;
  }

  private void store(Key[] keys, Section[] known, List<NodeTuple> tuples) {
    for (int i = 0; i < keys.length; i++) {
      if (known[i] == null && chars.addAndGet(keys[i].text().length()) <= MAX_CHARS) {
        table.putIfAbsent(keys[i], new Section(tuples.get(i), count(tuples.get(i))));
      }
    }
  }

  /**
   * Each top-level section's start offset and 0-based line, or null when the text is not simply a
   * block mapping of keys written in column 0 (a document marker or directive, a top-level list or
   * flow collection, a key that is not a plain or quoted word, anything but comments before the
   * first key).
   */
  private static List<int[]> split(String text) {
    List<int[]> sections = new ArrayList<>();
    int line = 0;
    for (int at = 0; at < text.length(); line++) {
      char c = text.charAt(at);
      int next = text.indexOf('\n', at);
      int end = next < 0 ? text.length() : next;
      if (Character.isLetterOrDigit(c) || c == '_' || c == '"' || c == '\'') {
        sections.add(new int[] {at, line});
      } else if (c == '-') {
        char after = at + 1 < end ? text.charAt(at + 1) : '\n';
        if (sections.isEmpty() || !(after == ' ' || after == '\t' || after == '\n')) {
          return null;
        }
      } else if (c == ' ' || c == '\t') {
        if (sections.isEmpty() && !blankOrComment(text, at, end)) {
          return null;
        }
      } else if (c != '#' && c != '\n') {
        return null;
      }
      at = next < 0 ? text.length() : next + 1;
    }
    return sections.isEmpty() ? null : sections;
  }

  private static boolean blankOrComment(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '#') {
        return true;
      }
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Nodes under a tuple (a tree: stored sections have no aliases). */
  private static long count(NodeTuple tuple) {
    long n = 0;
    List<Node> todo = new ArrayList<>(List.of(tuple.getKeyNode(), tuple.getValueNode()));
    while (!todo.isEmpty()) {
      Node node = todo.remove(todo.size() - 1);
      n++;
      if (node instanceof MappingNode map) {
        for (NodeTuple t : map.getValue()) {
          todo.add(t.getKeyNode());
          todo.add(t.getValueNode());
        }
      } else if (node instanceof SequenceNode seq) {
        todo.addAll(seq.getValue());
      }
    }
    return n;
  }
}
