package dev.margay.loader;

import dev.margay.rule.SourceLocation;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * One rule file being read: its text, its composed YAML node tree (with positions), and the problems
 * found so far. Composing (not constructing) keeps SnakeYAML from instantiating anything; each scalar's
 * type comes from {@link Yaml12Resolver}, and any tag outside the YAML core schema is a problem.
 */
final class YamlFile {
  /** Caps that keep a hostile file from exhausting memory or time. */
  static final int MAX_ALIASES = 50;
  static final int MAX_DEPTH = 64;
  static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

  final String name;
  private final String[] lines;
  final List<Problem> problems = new ArrayList<>();

  private YamlFile(String name, String text) {
    this.name = name;
    this.lines = text.split("\r\n|\n|\r", -1);
  }

  /** Decodes UTF-8 (rejecting invalid bytes with their line), strips a BOM. */
  static YamlFile fromBytes(String name, byte[] bytes, List<Problem> problemsOut) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int at = in.position();
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < at; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      problemsOut.add(new Problem(new SourceLocation(name, line, at - lineStart + 1), ProblemCode.ENCODING,
          String.format("not valid UTF-8: byte 0x%02x at offset %d", bytes[at] & 0xff, at), null));
      return null;
    }
    decoder.flush(out);
    out.flip();
    String text = out.toString();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return new YamlFile(name, text);
  }

  static YamlFile fromText(String name, String text) {
    return new YamlFile(name, text.startsWith("\uFEFF") ? text.substring(1) : text);
  }

  private String joinedText() {
    return String.join("\n", lines);
  }

  /** Composes the single document of the file; null (with a problem) if there is none or several. */
  Node compose() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setAllowDuplicateKeys(false);
    options.setProcessComments(false);
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
        options, new Yaml12Resolver());
    try {
      Iterator<Node> documents = yaml.composeAll(new StringReader(joinedText())).iterator();
      if (!documents.hasNext()) {
        problem(1, 1, ProblemCode.EMPTY, "the file is empty: expected a rule (a YAML mapping with AnalysisType, RuleID, ...)");
        return null;
      }
      Node first = documents.next();
      if (documents.hasNext()) {
        Node second = documents.next();
        problem(second.getStartMark(), ProblemCode.MULTIPLE_DOCUMENTS, "the file holds several YAML documents; a rule file holds exactly one");
        return null;
      }
      return first;
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
      if (e.getContext() != null) {
        what = e.getContext() + ": " + what;
      }
      if (mark != null) {
        problem(mark, classify(e), "invalid YAML: " + what);
      } else {
        problem(1, 1, classify(e), "invalid YAML: " + what);
      }
      return null;
    } catch (YAMLException e) {
      problem(1, 1, classify(e), "invalid YAML: " + e.getMessage());
      return null;
    } catch (StackOverflowError e) {
      problem(1, 1, ProblemCode.LIMIT, "invalid YAML: nesting too deep");
      return null;
    }
  }

  // ---- problems ----

  SourceLocation location(Node node) {
    Mark mark = node.getStartMark();
    return new SourceLocation(name, mark.getLine() + 1, mark.getColumn() + 1);
  }

  void problem(Node node, ProblemCode code, String message) {
    problem(node.getStartMark(), code, message);
  }

  void problem(Mark mark, ProblemCode code, String message) {
    problem(mark.getLine() + 1, mark.getColumn() + 1, code, message);
  }

  void problem(int line, int column, ProblemCode code, String message) {
    String sourceLine = line >= 1 && line <= lines.length ? lines[line - 1] : null;
    problems.add(new Problem(new SourceLocation(name, line, column), code, message, sourceLine));
  }

  /** SnakeYAML reports limits and unsafe tags through the same exception as syntax errors. */
  private static ProblemCode classify(YAMLException e) {
    String text = String.valueOf(e.getMessage());
    if (text.contains("Global tag is not allowed")) {
      return ProblemCode.UNSAFE_TAG;
    }
    if (text.contains("Number of aliases") || text.contains("Nesting Depth") || text.contains("exceeds the limit")
        || text.contains("Recursive key")) {
      return ProblemCode.LIMIT;
    }
    return ProblemCode.YAML_SYNTAX;
  }

  // ---- typed access ----

  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    Tag tag = node.getTag();
    if (Tag.STR.equals(tag)) {
      return "a string";
    }
    if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
      return "a number (" + ((ScalarNode) node).getValue() + ")";
    }
    if (Tag.BOOL.equals(tag)) {
      return "a boolean (" + ((ScalarNode) node).getValue() + ")";
    }
    if (Tag.NULL.equals(tag)) {
      return "null";
    }
    return "a value tagged " + tag.getValue();
  }

  /** Reports a tag outside the core schema (e.g. {@code !!python/object}); true if the node is acceptable. */
  boolean checkTag(Node node) {
    Tag tag = node.getTag();
    boolean known = node instanceof MappingNode ? Tag.MAP.equals(tag)
        : node instanceof SequenceNode ? Tag.SEQ.equals(tag)
        : Tag.STR.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || Tag.BOOL.equals(tag)
            || Tag.NULL.equals(tag);
    if (!known) {
      problem(node, ProblemCode.UNSAFE_TAG, "unsupported YAML tag " + tag.getValue()
          + "; only plain strings, numbers, booleans, null, lists and mappings are allowed");
    }
    return known;
  }

  /** The string value of a str-tagged scalar; else reports "expected a string, found ..." and returns null. */
  String string(Node node, String what) {
    if (node instanceof ScalarNode scalar && Tag.STR.equals(node.getTag())) {
      return scalar.getValue();
    }
    if (checkTag(node)) {
      problem(node, ProblemCode.TYPE, what + ": expected a string, found " + describe(node));
    }
    return null;
  }

  /** A non-empty string. */
  String nonEmptyString(Node node, String what) {
    String value = string(node, what);
    if (value != null && value.isBlank()) {
      problem(node, ProblemCode.BAD_VALUE, what + ": expected a non-empty string, found an empty one");
      return null;
    }
    return value;
  }

  Boolean bool(Node node, String what) {
    if (node instanceof ScalarNode scalar && Tag.BOOL.equals(node.getTag())) {
      return Boolean.parseBoolean(scalar.getValue().toLowerCase(java.util.Locale.ROOT));
    }
    if (checkTag(node)) {
      problem(node, ProblemCode.TYPE, what + ": expected true or false, found " + describe(node));
    }
    return null;
  }

  Integer integer(Node node, String what) {
    if (node instanceof ScalarNode scalar && Tag.INT.equals(node.getTag())) {
      BigInteger value = parseInt(scalar.getValue());
      if (value.bitLength() < 32) {
        return value.intValue();
      }
      problem(node, ProblemCode.BAD_VALUE, what + ": " + scalar.getValue() + " is out of range");
      return null;
    }
    if (checkTag(node)) {
      problem(node, ProblemCode.TYPE, what + ": expected an integer, found " + describe(node));
    }
    return null;
  }

  static BigInteger parseInt(String text) {
    String t = text.startsWith("+") ? text.substring(1) : text;
    if (t.startsWith("0x")) {
      return new BigInteger(t.substring(2), 16);
    }
    if (t.startsWith("0o")) {
      return new BigInteger(t.substring(2), 8);
    }
    return new BigInteger(t);
  }

  /** A number scalar as a BigDecimal; null for .inf/.nan (reported). */
  BigDecimal number(ScalarNode scalar, String what) {
    String v = scalar.getValue();
    if (Tag.INT.equals(scalar.getTag())) {
      return new BigDecimal(parseInt(v));
    }
    if (v.toLowerCase(java.util.Locale.ROOT).contains("inf") || v.toLowerCase(java.util.Locale.ROOT).contains("nan")) {
      problem(scalar, ProblemCode.BAD_VALUE, what + ": " + v + " is not a finite number");
      return null;
    }
    String t = v.startsWith("+") ? v.substring(1) : v;
    if (t.endsWith(".")) {
      t = t + "0";
    }
    if (t.startsWith(".") || t.startsWith("-.")) {
      t = t.replaceFirst("\\.", "0.");
    }
    return new BigDecimal(t);
  }

  /** A list's items; else reports and returns null. */
  List<Node> list(Node node, String what) {
    if (node instanceof SequenceNode seq && Tag.SEQ.equals(node.getTag())) {
      return seq.getValue();
    }
    if (checkTag(node)) {
      problem(node, ProblemCode.TYPE, what + ": expected a list, found " + describe(node));
    }
    return null;
  }

  /** A list of strings; bad items are reported and skipped. */
  List<String> stringList(Node node, String what) {
    List<Node> items = list(node, what);
    if (items == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Node item : items) {
      String s = string(item, what + " item");
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** A key in a mapping, with its key node for positions. */
  record Entry(String key, Node keyNode, Node value) {}

  /**
   * A mapping's entries by key, in order. Non-string keys and duplicate keys (reported with both
   * positions) are problems; for a duplicate the first entry is kept.
   */
  Map<String, Entry> mapping(Node node, String what) {
    if (!(node instanceof MappingNode map) || !Tag.MAP.equals(node.getTag())) {
      if (checkTag(node)) {
        problem(node, ProblemCode.TYPE, what + ": expected a mapping, found " + describe(node));
      }
      return null;
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalar) || Tag.NULL.equals(keyNode.getTag())) {
        problem(keyNode, ProblemCode.TYPE, what + ": expected a key name, found " + describe(keyNode));
        continue;
      }
      String key = scalar.getValue();
      Entry previous = out.get(key);
      if (previous != null) {
        Mark first = previous.keyNode().getStartMark();
        problem(keyNode, ProblemCode.DUPLICATE_KEY, "duplicate key '" + key + "' (first at line " + (first.getLine() + 1) + ", column "
            + (first.getColumn() + 1) + ")");
        continue;
      }
      out.put(key, new Entry(key, keyNode, tuple.getValueNode()));
    }
    return out;
  }

  /** Reports every key not in {@code allowed}, with the allowed keys and a did-you-mean. */
  void checkKeys(Map<String, Entry> entries, List<String> allowed, String what) {
    for (Entry e : entries.values()) {
      if (!allowed.contains(e.key())) {
        problem(e.keyNode(), ProblemCode.UNKNOWN_KEY, "unknown key '" + e.key() + "' in " + what + didYouMean(e.key(), allowed)
            + "; allowed keys: " + String.join(", ", allowed));
      }
    }
  }

  /** {@code " (did you mean 'X'?)"} for the closest candidate, or "". */
  static String didYouMean(String word, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = c.equalsIgnoreCase(word) ? 0 : distance(word.toLowerCase(java.util.Locale.ROOT),
          c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    if (best != null && bestDistance <= Math.max(2, word.length() / 4)) {
      return " (did you mean '" + best + "'?)";
    }
    return "";
  }

  private static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 10 || a.length() > 100 || b.length() > 100) {
      return Integer.MAX_VALUE;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
