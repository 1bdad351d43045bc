package dev.margay.loader;

import dev.margay.rule.SourceLocation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.ScannerImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * One rule file being read: its text, its composed YAML node tree (with positions), and the
 * problems found so far. SnakeYAML Engine (YAML 1.2) only composes nodes: nothing is ever
 * constructed from the file. Each plain scalar's type comes from {@link Yaml12Resolver}
 * (ruamel.yaml's YAML 1.2 rules), merge keys ({@code <<}) are applied while composing, and any tag
 * outside the core schema is a problem. Reading is bounded before and while composing: characters,
 * nesting depth, aliases, and the nodes the document stands for with every alias expanded.
 */
final class YamlFile {
  /** Caps that keep a hostile file from exhausting memory or time. */
  static final int MAX_ALIASES = 50;

  static final int MAX_DEPTH = 64;
  static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

  /**
   * Nodes a file may stand for, aliases counted as the nodes they name (real rule files have a few
   * thousand).
   */
  static final int MAX_NODES = 100_000;

  /**
   * YAML 1.2's {@code \L}/{@code \P} escapes, which ruamel reads and SnakeYAML Engine does not, are
   * rewritten and the text read again while the characters re-read stay under this budget (linear
   * in the file).
   */
  private static final long REWRITE_BUDGET_CHARS = 8L * 1024 * 1024;

  private static final Schema SCHEMA =
      new Schema() {
        private final ScalarResolver resolver = new Yaml12Resolver();

        @Override
        public ScalarResolver getScalarResolver() {
          return resolver;
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
          return Map.of();
        }
      };

  final String name;
  private String text;

  /**
   * The text as written (line breaks normalized to \n), for the source lines shown with problems.
   */
  private final String source;

  /**
   * Where each line of {@link #source} starts; built on the first problem, so a clean file never
   * pays for it.
   */
  private int[] lineStarts;

  final List<Problem> problems = new ArrayList<>();

  /** Shared by the files of one loadAll call, or null. */
  CheckedYaml.Strings strings;

  /** Sections already composed by the files of one loadAll call, or null. */
  SectionMemo sections;

  /**
   * Of the last composition: the nodes read (aliases counted as what they stand for), and whether
   * an anchor or alias was met.
   */
  long composedNodes;

  boolean composedLinked;

  /** Findings that do not stop the rule from loading (see {@link dev.margay.rule.RuleWarning}). */
  final List<dev.margay.rule.RuleWarning> warnings = new ArrayList<>();

  private YamlFile(String name, String text) {
    this.name = name;
    // \r\n and \r are line breaks for the scanner too: one \n each keeps marks and source lines
    // aligned.
    this.source = text.indexOf('\r') >= 0 ? text.replace("\r\n", "\n").replace('\r', '\n') : text;
    this.text = source;
  }

  /** Decodes UTF-8 (rejecting invalid bytes with their line), strips a BOM. */
  static YamlFile fromBytes(String name, byte[] bytes, List<Problem> problemsOut) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
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
      problemsOut.add(
          new Problem(
              new SourceLocation(name, line, at - lineStart + 1),
              ProblemCode.ENCODING,
              String.format("not valid UTF-8: byte 0x%02x at offset %d", bytes[at] & 0xff, at),
              null));
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

  /**
   * Blanks the block value of the top-level key {@code key} (written at the start of a line, as in
   * every Panther rule file) so that the scanner never reads it: everything after its colon up to
   * the next line that starts in column 0 with anything other than a sequence entry ({@code - }), a
   * comment or white space is removed except its line breaks, so every later line and column stays
   * where it was written (character offsets move; nothing reported uses them). The key then holds
   * null. A section whose true end lies elsewhere (a flow collection continued in column 0) leaves
   * text that does not parse, and the caller then reads the file whole.
   *
   * @return whether the key was found and its value blanked
   */
  boolean blankTopLevelValue(String key) {
    String t = text;
    int at = t.startsWith(key + ":") ? 0 : t.indexOf("\n" + key + ":");
    if (at < 0) {
      return false;
    }
    int from = at == 0 ? key.length() + 1 : at + key.length() + 2;
    if (from < t.length() && " \t\n#".indexOf(t.charAt(from)) < 0) {
      return false;
    }
    int end = from;
    while (true) {
      int nl = t.indexOf('\n', end);
      if (nl < 0 || nl + 1 >= t.length()) {
        end = t.length();
        break;
      }
      end = nl + 1;
      char c = t.charAt(end);
      char next = end + 1 < t.length() ? t.charAt(end + 1) : '\n';
      boolean entry = c == '-' && (next == ' ' || next == '\t' || next == '\n');
      if (!(entry || c == ' ' || c == '\t' || c == '#' || c == '\n')) {
        break;
      }
    }
    // Only the line breaks are kept: the scanner then skips one character per line rather than
    // every
    // space of a blanked line.
    StringBuilder out = new StringBuilder(t.length() - (end - from) + 1024);
    out.append(t, 0, from);
    for (int i = t.indexOf('\n', from); i >= 0 && i < end; i = t.indexOf('\n', i + 1)) {
      out.append('\n');
    }
    out.append(t, end, t.length());
    text = out.toString();
    return true;
  }

  /**
   * Composes the single document of the file; null (with a problem) if there is none or several.
   */
  Node compose() {
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints > MAX_CODE_POINTS) {
      problem(
          1,
          1,
          ProblemCode.LIMIT,
          "the file has "
              + codePoints
              + " characters; rule files are limited to "
              + MAX_CODE_POINTS);
      return null;
    }
    if (sections != null) {
      Node reused = sections.compose(this, text);
      if (reused != null) {
        return reused;
      }
    }
    long rewritten = 0;
    while (true) {
      try {
        return composeOnce();
      } catch (MarkedYamlEngineException e) {
        Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
        // YAML 1.2's \L and \P escapes (ruamel reads them; SnakeYAML Engine 3.2 does not):
        // rewritten to the
        // equivalent \u2028 / \u2029 and read again, a bounded number of times.
        String problem = String.valueOf(e.getProblem());
        if (mark != null
            && (problem.contains("unknown escape character L(76)")
                || problem.contains("unknown escape character P(80)"))
            && (rewritten += text.length()) <= REWRITE_BUDGET_CHARS) {
          int at = text.offsetByCodePoints(0, mark.getIndex());
          if (at > 0 && text.charAt(at - 1) == '\\') {
            text =
                text.substring(0, at)
                    + (text.charAt(at) == 'L' ? "u2028" : "u2029")
                    + text.substring(at + 1);
            continue;
          }
        }
        String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
        if (e.getContext() != null && !e.getContext().isBlank()) {
          what = e.getContext() + ": " + what;
        }
        if (mark != null) {
          problem(mark, classify(e), "invalid YAML: " + what);
        } else {
          problem(1, 1, classify(e), "invalid YAML: " + what);
        }
        return null;
      } catch (CheckedYaml.Rejected e) {
        String what =
            (e.code == ProblemCode.LIMIT
                    ? "limit: "
                    : e.code == ProblemCode.DUPLICATE_KEY ? "" : "invalid YAML: ")
                + e.getMessage();
        if (e.mark != null) {
          problem(e.mark, e.code, what);
        } else {
          problem(1, 1, e.code, what);
        }
        return null;
      } catch (YamlEngineException e) {
        problem(1, 1, classify(e), "invalid YAML: " + e.getMessage());
        return null;
      } catch (StackOverflowError e) {
        problem(1, 1, ProblemCode.LIMIT, "invalid YAML: nesting too deep");
        return null;
      }
    }
  }

  private Node composeOnce() {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(name)
            .setSchema(SCHEMA)
            // Duplicate keys are reported by mapping(), with both positions.
            .setAllowDuplicateKeys(true)
            .setAllowRecursiveKeys(false)
            // A list or mapping as a key is reported by mapping() at its position ("expected a key
            // name").
            .setAllowNonScalarKeys(true)
            .setMaxAliasesForCollections(MAX_ALIASES)
            .setCodePointLimit(Integer.MAX_VALUE)
            // One buffer for the whole text: with the default window the scanner re-copies the rest
            // of the
            // window for every refill inside a long token, quadratic in its length (an 8 MB scalar:
            // 20 s).
            .setBufferSize(text.length() + 1)
            .setParseComments(false)
            .build();
    StreamReader reader = new StreamReader(settings, text);
    CheckedYaml.BoundedParser parser =
        new CheckedYaml.BoundedParser(
            new ParserImpl(
                settings, new CheckedYaml.FlowColonScanner(new ScannerImpl(settings, reader))),
            MAX_DEPTH,
            MAX_NODES,
            strings);
    Composer composer = new Composer(settings, parser);
    if (!composer.hasNext()) {
      problem(
          1,
          1,
          ProblemCode.EMPTY,
          "the file is empty: expected a rule (a YAML mapping with AnalysisType, RuleID, ...)");
      return null;
    }
    Node first = composer.next();
    composedNodes = parser.nodes();
    composedLinked = parser.linked();
    if (composer.hasNext()) {
      Node second = composer.next();
      problem(
          second,
          ProblemCode.MULTIPLE_DOCUMENTS,
          "the file holds several YAML documents; a rule file holds exactly one");
      return null;
    }
    return checkTags(first) ? first : null;
  }

  /**
   * Reports every node tagged outside the core schema (each distinct node once, so aliases cost
   * nothing), wherever it is: nothing is ever built from such a tag, but a file holding one is
   * rejected whole, as Panther's safe loader rejects it.
   */
  private boolean checkTags(Node root) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Node> todo = new ArrayList<>();
    todo.add(root);
    boolean ok = true;
    while (!todo.isEmpty()) {
      Node node = todo.remove(todo.size() - 1);
      if (!seen.add(node)) {
        continue;
      }
      ok &= checkTag(node);
      if (node instanceof MappingNode map) {
        for (NodeTuple t : map.getValue()) {
          todo.add(t.getValueNode());
          todo.add(t.getKeyNode());
        }
      } else if (node instanceof SequenceNode seq) {
        for (int i = seq.getValue().size() - 1; i >= 0; i--) {
          todo.add(seq.getValue().get(i));
        }
      }
    }
    if (!ok) {
      problems.sort(
          java.util.Comparator.comparingInt((Problem p) -> p.location().line())
              .thenComparingInt(p -> p.location().column()));
    }
    return ok;
  }

  // ---- problems ----

  /** The node's start mark (Engine keeps marks; a node without one is placed at the file start). */
  static Mark start(Node node) {
    return node.getStartMark().orElse(new Mark("", 0, 0, 0, new int[0], 0));
  }

  SourceLocation location(Node node) {
    Mark mark = start(node);
    return new SourceLocation(name, mark.getLine() + 1, mark.getColumn() + 1);
  }

  void problem(Node node, ProblemCode code, String message) {
    problem(start(node), code, message);
  }

  void warn(Node node, String code, String message) {
    warnings.add(new dev.margay.rule.RuleWarning(location(node), code, message));
  }

  void problem(Mark mark, ProblemCode code, String message) {
    problem(mark.getLine() + 1, mark.getColumn() + 1, code, message);
  }

  void problem(int line, int column, ProblemCode code, String message) {
    String sourceLine = sourceLine(line);
    problems.add(new Problem(new SourceLocation(name, line, column), code, message, sourceLine));
  }

  /** Line {@code line} (1-based) of the file as written, or null past its end. */
  private String sourceLine(int line) {
    if (lineStarts == null) {
      int count = 1;
      for (int i = 0; i < source.length(); i++) {
        if (source.charAt(i) == '\n') {
          count++;
        }
      }
      lineStarts = new int[count];
      for (int i = 0, l = 1; i < source.length(); i++) {
        if (source.charAt(i) == '\n') {
          lineStarts[l++] = i + 1;
        }
      }
    }
    if (line < 1 || line > lineStarts.length) {
      return null;
    }
    int start = lineStarts[line - 1];
    int end = line < lineStarts.length ? lineStarts[line] - 1 : source.length();
    // A problem shows its line, not a megabyte of it.
    return source.substring(start, Math.min(end, start + 1000));
  }

  /** SnakeYAML Engine reports its limits through the same exception as syntax errors. */
  private static ProblemCode classify(YamlEngineException e) {
    String text = String.valueOf(e.getMessage());
    if (text.contains("Number of aliases")
        || text.contains("exceeds the limit")
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

  /**
   * Reports a tag outside the core schema (e.g. {@code !!python/object}); true if the node is
   * acceptable.
   */
  boolean checkTag(Node node) {
    Tag tag = node.getTag();
    boolean known =
        node instanceof MappingNode
            ? Tag.MAP.equals(tag)
            : node instanceof SequenceNode
                ? Tag.SEQ.equals(tag)
                : Tag.STR.equals(tag)
                    || Tag.INT.equals(tag)
                    || Tag.FLOAT.equals(tag)
                    || Tag.BOOL.equals(tag)
                    || Tag.NULL.equals(tag);
    if (known) {
      return true;
    }
    if (Yaml12Resolver.VALUE.equals(tag) || Tag.MERGE.equals(tag)) {
      String plain = ((ScalarNode) node).getValue();
      problem(
          node,
          ProblemCode.YAML_SYNTAX,
          "a plain '"
              + plain
              + "' is YAML's "
              + (Tag.MERGE.equals(tag) ? "merge" : "value")
              + " key, which Panther's loader rejects here; quote it ('"
              + plain
              + "') to mean the text");
    } else {
      problem(
          node,
          ProblemCode.UNSAFE_TAG,
          "unsupported YAML tag "
              + tag.getValue()
              + "; only plain strings, numbers, booleans, null, lists and mappings are allowed");
    }
    return false;
  }

  /**
   * The string value of a str-tagged scalar; else reports "expected a string, found ..." and
   * returns null.
   */
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
      problem(
          node, ProblemCode.BAD_VALUE, what + ": expected a non-empty string, found an empty one");
      return null;
    }
    return value;
  }

  Boolean bool(Node node, String what) {
    if (node instanceof ScalarNode scalar && Tag.BOOL.equals(node.getTag())) {
      return boolValue(scalar, what);
    }
    if (checkTag(node)) {
      problem(node, ProblemCode.TYPE, what + ": expected true or false, found " + describe(node));
    }
    return null;
  }

  /**
   * A bool-tagged scalar's value as ruamel.yaml's {@code construct_yaml_bool} reads it: plain
   * scalars are bool only as {@code true}/{@code false}, but an explicit {@code !!bool} also takes
   * yes/no/y/n/on/off; anything else is reported (null).
   */
  Boolean boolValue(ScalarNode scalar, String what) {
    switch (scalar.getValue().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "y", "on":
        return true;
      case "false", "no", "n", "off":
        return false;
      default:
        problem(
            scalar, ProblemCode.BAD_VALUE, what + ": '" + scalar.getValue() + "' is not a boolean");
        return null;
    }
  }

  Integer integer(Node node, String what) {
    if (node instanceof ScalarNode scalar && Tag.INT.equals(node.getTag())) {
      BigInteger value = parseInt(scalar.getValue());
      if (value == null) {
        problem(
            node, ProblemCode.BAD_VALUE, what + ": '" + scalar.getValue() + "' is not a number");
        return null;
      }
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

  /**
   * An int-tagged scalar's value as ruamel.yaml's {@code construct_yaml_int} computes it for YAML
   * 1.2: underscores dropped, {@code 0b}/{@code 0o}/{@code 0x} prefixes, anything else decimal
   * ({@code 012} is 12). Null when nothing is left to read (a plain {@code -_}).
   */
  static BigInteger parseInt(String text) {
    String t = text.replace("_", "");
    boolean negative = t.startsWith("-");
    if (negative || t.startsWith("+")) {
      t = t.substring(1);
    }
    int radix = 10;
    if (t.startsWith("0b") || t.startsWith("0o") || t.startsWith("0x")) {
      radix = t.charAt(1) == 'b' ? 2 : t.charAt(1) == 'o' ? 8 : 16;
      t = t.substring(2);
    }
    if (t.isEmpty() || t.length() > 4096) {
      return null;
    }
    try {
      BigInteger value = new BigInteger(t, radix);
      return negative ? value.negate() : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * A number scalar as a BigDecimal, read as ruamel.yaml reads it; null for .inf/.nan and
   * unreadable text (reported).
   */
  BigDecimal number(ScalarNode scalar, String what) {
    String v = scalar.getValue();
    if (Tag.INT.equals(scalar.getTag())) {
      BigInteger i = parseInt(v);
      if (i == null) {
        problem(scalar, ProblemCode.BAD_VALUE, what + ": '" + v + "' is not a number");
        return null;
      }
      return new BigDecimal(i);
    }
    String t = v.replace("_", "").toLowerCase(java.util.Locale.ROOT);
    if (t.contains("inf") || t.contains("nan")) {
      problem(scalar, ProblemCode.BAD_VALUE, what + ": " + v + " is not a finite number");
      return null;
    }
    try {
      return new BigDecimal(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException | ArithmeticException e) {
      problem(scalar, ProblemCode.BAD_VALUE, what + ": '" + v + "' is not a number");
      return null;
    }
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
        problem(
            keyNode, ProblemCode.TYPE, what + ": expected a key name, found " + describe(keyNode));
        continue;
      }
      String key = scalar.getValue();
      Entry previous = out.get(key);
      if (previous != null) {
        Mark first = start(previous.keyNode());
        problem(
            keyNode,
            ProblemCode.DUPLICATE_KEY,
            "duplicate key '"
                + key
                + "' (first at line "
                + (first.getLine() + 1)
                + ", column "
                + (first.getColumn() + 1)
                + ")");
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
        problem(
            e.keyNode(),
            ProblemCode.UNKNOWN_KEY,
            "unknown key '"
                + e.key()
                + "' in "
                + what
                + didYouMean(e.key(), allowed)
                + "; allowed keys: "
                + String.join(", ", allowed));
      }
    }
  }

  /** {@code " (did you mean 'X'?)"} for the closest candidate, or "". */
  static String didYouMean(String word, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d =
          c.equalsIgnoreCase(word)
              ? 0
              : distance(
                  word.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
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
