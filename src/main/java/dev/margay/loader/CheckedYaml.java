package dev.margay.loader;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.scanner.Scanner;
import org.snakeyaml.engine.v2.tokens.ScalarToken;
import org.snakeyaml.engine.v2.tokens.Token;

/**
 * What SnakeYAML Engine's scanner and parser are wrapped in, so that a rule file is read as
 * Panther's loader (ruamel.yaml) reads it and at a cost bounded by the file, before anything is
 * built from it.
 */
final class CheckedYaml {
  private CheckedYaml() {}

  /** A located problem found while reading; {@link YamlFile#compose()} reports it. */
  static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Mark mark;
    final ProblemCode code;

    Rejected(Mark mark, ProblemCode code, String message) {
      super(message, null, false, false);
      this.mark = mark;
      this.code = code;
    }
  }

  /**
   * The flow-context rule where ruamel.yaml and the YAML 1.2 grammar (and so SnakeYAML Engine) differ: in a
   * flow collection ruamel keeps a {@code :} that follows a plain scalar as part of the scalar unless a
   * space or line end follows it (ruamel.yaml {@code scanner.py} {@code scan_plain}), so
   * {@code {userIdentity:{type: Root}}} reads the scalar {@code userIdentity:} and then fails on the
   * {@code {}, and {@code {a:}} has the key {@code a:}. Engine reads both as {@code a: ...}. Such a
   * {@code :} directly before {@code , [ ] { }} is reported rather than read differently from Panther.
   */
  static final class FlowColonScanner implements Scanner {
    private final Scanner delegate;
    private int flowLevel;
    private Token previous;

    FlowColonScanner(Scanner delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean checkToken(Token.ID... choices) {
      return delegate.checkToken(choices);
    }

    @Override
    public Token peekToken() {
      return delegate.peekToken();
    }

    @Override
    public boolean hasNext() {
      return delegate.hasNext();
    }

    @Override
    public void resetDocumentIndex() {
      delegate.resetDocumentIndex();
    }

    @Override
    public Token next() {
      Token token = delegate.next();
      switch (token.getTokenId()) {
        case FlowMappingStart, FlowSequenceStart -> flowLevel++;
        case FlowMappingEnd, FlowSequenceEnd -> flowLevel--;
        case Value -> checkValue(token);
        default -> {}
      }
      previous = token;
      return token;
    }

    private void checkValue(Token value) {
      if (flowLevel == 0 || !(previous instanceof ScalarToken scalar) || !scalar.isPlain()) {
        return;
      }
      Optional<Mark> colon = value.getStartMark();
      Optional<Mark> scalarEnd = scalar.getEndMark();
      if (colon.isEmpty()
          || scalarEnd.isEmpty()
          || colon.get().getIndex() != scalarEnd.get().getIndex()) {
        return;
      }
      Token after = delegate.peekToken();
      boolean adjacent =
          after.getStartMark().map(m -> m.getIndex() == colon.get().getIndex() + 1).orElse(false);
      if (!adjacent) {
        return;
      }
      switch (after.getTokenId()) {
        case FlowMappingStart, FlowSequenceStart, FlowMappingEnd, FlowSequenceEnd, FlowEntry -> {
          String key = scalar.getValue();
          String next = flowIndicator(after);
          boolean opens = next.equals("{") || next.equals("[");
          throw new Rejected(
              colon.get(),
              ProblemCode.YAML_SYNTAX,
              "in a flow collection Panther's loader (ruamel.yaml) "
                  + "reads '"
                  + key
                  + ":' as one plain scalar when no space follows the ':'"
                  + (opens
                      ? ", and then rejects the '" + next + "': write '" + key + ": " + next + "'"
                      : " (the key '" + key + ":', not '" + key + "'): write '" + key + ": '")
                  + " with a space after ':', or quote the key");
        }
        default -> {}
      }
    }

    private static String flowIndicator(Token t) {
      return switch (t.getTokenId()) {
        case FlowMappingStart -> "{";
        case FlowSequenceStart -> "[";
        case FlowMappingEnd -> "}";
        case FlowSequenceEnd -> "]";
        default -> ",";
      };
    }
  }

  /**
   * Bounds what composing can cost: nesting depth, and the number of nodes the document stands for,
   * each alias counting as the nodes of what it names (45 aliases can otherwise stand for 2^45
   * nodes; a walk over the composed tree visits every one of them). Counted on parser events, so a
   * file is rejected at the alias or node that crosses the bound, before the tree is walked.
   */
  /**
   * One string for equal scalar values across the files of one {@link RuleLoader#loadAll} call:
   * rule sets repeat most of their text (field names, tags, descriptions of rules copied per
   * tenant), and a loaded rule keeps its strings. Values up to {@link #MAX_LENGTH} characters,
   * about {@link #MAX_ENTRIES} of them at most. Thread-safe (the files of one call may be read in
   * parallel).
   */
  static final class Strings {
    static final int MAX_LENGTH = 2048;
    static final int MAX_ENTRIES = 500_000;
    private final java.util.concurrent.ConcurrentHashMap<String, String> table =
        new java.util.concurrent.ConcurrentHashMap<>();

    String canonical(String value) {
      if (value.length() > MAX_LENGTH) {
        return value;
      }
      String known = table.get(value);
      if (known != null) {
        return known;
      }
      if (table.size() < MAX_ENTRIES) {
        known = table.putIfAbsent(value, value);
      }
      return known != null ? known : value;
    }
  }

  static final class BoundedParser implements Parser {
    private final Parser delegate;
    private final int maxDepth;
    private final long maxNodes;
    private final Deque<long[]> open = new ArrayDeque<>();
    private final Deque<String> openAnchors = new ArrayDeque<>();
    private final Map<String, Long> anchorSizes = new HashMap<>();
    private long nodes;
    private final Strings strings;

    /**
     * Whether an anchor or an alias was read: the document's parts then depend on each other (see
     * {@link SectionMemo}).
     */
    private boolean linked;

    BoundedParser(Parser delegate, int maxDepth, long maxNodes) {
      this(delegate, maxDepth, maxNodes, null);
    }

    /** {@code strings}, when given, makes equal scalar values one string (see {@link Strings}). */
    BoundedParser(Parser delegate, int maxDepth, long maxNodes, Strings strings) {
      this.delegate = delegate;
      this.maxDepth = maxDepth;
      this.maxNodes = maxNodes;
      this.strings = strings;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
      return delegate.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
      return delegate.peekEvent();
    }

    @Override
    public boolean hasNext() {
      return delegate.hasNext();
    }

    @Override
    public Event next() {
      Event event = delegate.next();
      switch (event.getEventId()) {
        case MappingStart, SequenceStart -> {
          if (open.size() >= maxDepth) {
            throw new Rejected(
                event.getStartMark().orElse(null),
                ProblemCode.LIMIT,
                "nesting deeper than " + maxDepth + " levels");
          }
          add(event, 1);
          // {size, is a mapping, children done, a merge key seen}
          open.push(new long[] {1, event.getEventId() == Event.ID.MappingStart ? 1 : 0, 0, 0});
          openAnchors.push(anchor(event));
        }
        case MappingEnd, SequenceEnd -> {
          long size = open.pop()[0];
          String anchor = openAnchors.pop();
          if (!anchor.isEmpty()) {
            anchorSizes.put(anchor, size);
          }
          childDone(size);
        }
        case Scalar -> {
          checkMergeKey((ScalarEvent) event);
          add(event, 1);
          String anchor = anchor(event);
          if (!anchor.isEmpty()) {
            anchorSizes.put(anchor, 1L);
          }
          childDone(1);
          if (strings != null) {
            ScalarEvent scalar = (ScalarEvent) event;
            String value = strings.canonical(scalar.getValue());
            if (value != scalar.getValue()) {
              return new ScalarEvent(
                  scalar.getAnchor(),
                  scalar.getTag(),
                  scalar.getImplicit(),
                  value,
                  scalar.getScalarStyle(),
                  scalar.getStartMark(),
                  scalar.getEndMark());
            }
          }
        }
        case DocumentStart -> {
          // ruamel.yaml would switch to YAML 1.1 rules (yes is true, 012 is octal 10, 1:30 is 90);
          // Margay
          // reads YAML 1.2 only, and says so rather than read the file differently.
          ((DocumentStartEvent) event)
              .getSpecVersion()
              .filter(v -> v.getMajor() == 1 && v.getMinor() != 2)
              .ifPresent(
                  v -> {
                    throw new Rejected(
                        event.getStartMark().orElse(null),
                        ProblemCode.YAML_SYNTAX,
                        "%YAML "
                            + v.getRepresentation()
                            + " is not supported: rule files are read as YAML 1.2 (Panther's default); "
                            + "remove the directive");
                  });
        }
        case Alias -> {
          linked = true;
          // An alias to an anchor still open (recursive) or undefined: the composer reports it.
          long size = anchorSizes.getOrDefault(((AliasEvent) event).getAlias().getValue(), 1L);
          add(event, size);
          childDone(size);
        }
        default -> {}
      }
      return event;
    }

    private void childDone(long size) {
      if (!open.isEmpty()) {
        open.peek()[0] += size;
        open.peek()[2]++;
      }
    }

    /**
     * A second {@code <<} key in one mapping is an error for ruamel.yaml ("found duplicate merge
     * key").
     */
    private void checkMergeKey(ScalarEvent scalar) {
      long[] parent = open.peek();
      if (parent == null
          || parent[1] == 0
          || parent[2] % 2 != 0
          || !scalar.isPlain()
          || scalar.getTag().isPresent()
          || !scalar.getValue().equals("<<")) {
        return;
      }
      if (parent[3] != 0) {
        throw new Rejected(
            scalar.getStartMark().orElse(null),
            ProblemCode.DUPLICATE_KEY,
            "duplicate merge key '<<' in one mapping (merge several with <<: [*a, *b])");
      }
      parent[3] = 1;
    }

    private void add(Event event, long count) {
      nodes += count;
      if (nodes > maxNodes) {
        throw new Rejected(
            event.getStartMark().orElse(null),
            ProblemCode.LIMIT,
            event instanceof AliasEvent alias
                ? "the alias *"
                    + alias.getAlias().getValue()
                    + " brings the file to more than "
                    + maxNodes
                    + " YAML nodes (aliases are counted as the nodes they stand for)"
                : "more than " + maxNodes + " YAML nodes; rule files are limited to " + maxNodes);
      }
    }

    /** Nodes read so far, each alias counted as the nodes it stands for. */
    long nodes() {
      return nodes;
    }

    /** Whether any anchor or alias was read. */
    boolean linked() {
      return linked;
    }

    private String anchor(Event event) {
      String anchor = ((NodeEvent) event).getAnchor().map(a -> a.getValue()).orElse("");
      linked |= !anchor.isEmpty();
      return anchor;
    }
  }
}
