package dev.margay.loader;

import dev.margay.files.FileWalker;
import dev.margay.rule.CorrelationRule;
import dev.margay.rule.Rule;
import dev.margay.rule.Severity;
import dev.margay.rule.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Loads Panther rule files (YAML detections) into {@link Rule}s.
 *
 * <pre>{@code
 * Rule rule = RuleLoader.create().load(Path.of("rules/aws_ec2_security_group_modified.yml"));
 * LoadResult all = RuleLoader.create().loadAll(List.of(Path.of("rules")));
 * }</pre>
 *
 * <p>A file is read completely and every problem in it is reported, each with {@code
 * file:line:column}. YAML is read as Panther's loader (ruamel.yaml, YAML 1.2) reads it, and safely:
 * no object construction, no custom tags, duplicate keys rejected. Limits, all checked before or
 * while composing, never after building: {@link #MAX_FILE_BYTES} bytes (every overload; files read
 * through a capped stream), 4M code points, nesting 64, 50 aliases, 200,000 nodes with each alias
 * counted as the nodes it stands for. Anything under them loads or fails in time linear in its
 * size. Stateless and thread-safe.
 */
public final class RuleLoader {
  /** Largest rule file read, in bytes. */
  public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  private static final RuleLoader DEFAULT = new RuleLoader(true);
  private static final RuleLoader WITHOUT_TESTS = new RuleLoader(false);

  private final boolean tests;

  private RuleLoader(boolean tests) {
    this.tests = tests;
  }

  /** The loader: rules with their {@code Tests:} (each test event kept as compact JSON bytes). */
  public static RuleLoader create() {
    return DEFAULT;
  }

  /**
   * A loader for pipelines, which never replay tests: {@code Tests:} is not read (neither converted
   * nor checked, so a broken test does not fail the file) and every rule's {@link Rule#tests()} is
   * empty. Everything else, problems and warnings included, is as {@link #create()} loads it.
   */
  public RuleLoader withoutTests() {
    return WITHOUT_TESTS;
  }

  /**
   * Whether rules keep their {@code Tests:} ({@link #create()}) or not ({@link #withoutTests()}).
   */
  public boolean readsTests() {
    return tests;
  }

  /**
   * Loads one rule file. The file is read through a stream capped at {@link #MAX_FILE_BYTES} (so a
   * device or a {@code /proc} file costs at most that much), and a Python rule, a policy or any
   * other kind Margay does not run is an {@link ProblemCode#UNSUPPORTED} problem here (use {@link
   * #loadAll} to skip them).
   *
   * @throws RuleLoadException with every problem found in the file
   */
  public Rule load(Path path) {
    String name = path.toString();
    return load(readCapped(path, name), name);
  }

  /**
   * Loads a rule from UTF-8 bytes; {@code sourceName} names it in problems. More than {@link
   * #MAX_FILE_BYTES} bytes is a {@link ProblemCode#LIMIT} problem before any YAML is read.
   */
  public Rule load(byte[] bytes, String sourceName) {
    checkSize(bytes.length, sourceName);
    if (!tests) {
      List<Problem> ignored = new ArrayList<>();
      YamlFile lean = YamlFile.fromBytes(sourceName, bytes, ignored);
      Rule rule = lean == null ? null : leanRule(lean);
      if (rule != null) {
        return rule;
      }
    }
    List<Problem> problems = new ArrayList<>();
    YamlFile file = YamlFile.fromBytes(sourceName, bytes, problems);
    if (file == null) {
      throw new RuleLoadException(sourceName, problems);
    }
    return load(file);
  }

  /**
   * {@link #withoutTests()}: the rule read with its {@code Tests:} value blanked, so the YAML
   * scanner never sees the test events (three quarters of a typical rule file); null when that
   * reading has any problem, or finds a {@code Key:} with a dot (whose warning depends on the test
   * events), so that the caller reads the file whole and reports exactly what a whole reading
   * reports.
   */
  private Rule leanRule(YamlFile file) {
    if (!file.blankTopLevelValue("Tests")) {
      return null;
    }
    Node root = file.compose();
    if (root == null) {
      return null;
    }
    try {
      Rule rule = read(file, root);
      return rule.warnings().stream().anyMatch(w -> w.code().equals("key-with-dot")) ? null : rule;
    } catch (RuleLoadException e) {
      return null;
    }
  }

  /**
   * Loads a rule from YAML text; {@code sourceName} names it in problems. Text whose UTF-8 form
   * exceeds {@link #MAX_FILE_BYTES} is a {@link ProblemCode#LIMIT} problem before any YAML is read.
   */
  public Rule load(String text, String sourceName) {
    checkSize(utf8Length(text), sourceName);
    if (!tests) {
      Rule rule = leanRule(YamlFile.fromText(sourceName, text));
      if (rule != null) {
        return rule;
      }
    }
    return load(YamlFile.fromText(sourceName, text));
  }

  private static void checkSize(long bytes, String name) {
    if (bytes > MAX_FILE_BYTES) {
      throw new RuleLoadException(
          name,
          List.of(
              new Problem(
                  new SourceLocation(name, 1, 1),
                  ProblemCode.LIMIT,
                  "the file has " + bytes + " bytes; rule files are limited to " + MAX_FILE_BYTES,
                  null)));
    }
  }

  private static long utf8Length(String text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * Reads at most {@link #MAX_FILE_BYTES} + 1 bytes whatever the file claims to be (devices, FIFOs
   * and {@code /proc} files report sizes that mean nothing), so the limit holds before YAML starts.
   */
  static byte[] readCapped(Path path, String name) {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw new RuleLoadException(
            name,
            List.of(
                new Problem(
                    new SourceLocation(name, 1, 1),
                    ProblemCode.LIMIT,
                    "the file has more than "
                        + MAX_FILE_BYTES
                        + " bytes; rule files are limited to "
                        + MAX_FILE_BYTES,
                    null)));
      }
      return bytes;
    } catch (IOException e) {
      throw new RuleLoadException(
          name,
          List.of(
              new Problem(
                  new SourceLocation(name, 1, 1),
                  ProblemCode.UNREADABLE,
                  "cannot read the file: " + e,
                  null)));
    }
  }

  private Rule load(YamlFile file) {
    Node root = file.compose();
    if (root == null) {
      throw new RuleLoadException(file.name, file.problems);
    }
    return read(file, root);
  }

  /**
   * Loads every {@code .yml}/{@code .yaml} file under the given files and directories (directories
   * walked recursively, in sorted order, hidden files and directories left out), routing each by
   * its {@code AnalysisType}: YAML detections and correlation rules are loaded; Python rules,
   * scheduled rules, policies, queries, data models, globals, packs and lookup tables are
   * {@linkplain LoadResult#skipped() skipped} with their id, tags and severity; YAML without {@code
   * AnalysisType} and without any rule key (including YAML that does not parse and names none of
   * them, such as a template) is {@linkplain LoadResult#ignored() ignored}. A {@code RuleID}
   * already loaded from another file is a problem of the later file.
   *
   * @throws UncheckedIOException if a path does not exist or a directory cannot be read
   */
  public LoadResult loadAll(Collection<Path> paths) {
    List<RuleLoadException> failures = new ArrayList<>();
    FileWalker.Walk walk = walk(paths);
    List<Path> files = walk.files();
    for (FileWalker.Problem p : walk.problems()) {
      failures.add(
          new RuleLoadException(
              p.path().toString(),
              List.of(
                  new Problem(
                      new SourceLocation(p.path().toString(), 1, 1),
                      ProblemCode.UNREADABLE,
                      p.reason(),
                      null))));
    }
    List<String> names = new ArrayList<>();
    files.forEach(f -> names.add(f.toString()));
    return loadNamed(
        names, name -> readCapped(Path.of(name), name), failures, files, walk.skipped());
  }

  /**
   * {@link #loadAll}'s routing and checks over named files whose bytes {@code read} gives (it may
   * throw {@link RuleLoadException}): what {@link RuleBundle#load()} shares with loading from
   * paths.
   */
  LoadResult loadNamed(
      List<String> names,
      java.util.function.Function<String, byte[]> read,
      List<RuleLoadException> failures,
      List<Path> files,
      int hidden) {
    List<Rule> rules = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>();
    List<Path> ignored = new ArrayList<>();
    List<CorrelationRule> correlations = new ArrayList<>();
    Map<String, SourceLocation> byId = new HashMap<>();
    Object[] outcomes = routeAll(names, read);
    for (int i = 0; i < names.size(); i++) {
      Path path = Path.of(names.get(i));
      try {
        Object outcome = outcomes[i];
        if (outcome instanceof RuleLoadException e) {
          throw e;
        }
        if (outcome instanceof SkippedFile skip) {
          skipped.add(skip);
          continue;
        }
        if (outcome == null) {
          ignored.add(path);
          continue;
        }
        String id = outcome instanceof Rule r ? r.id() : ((CorrelationRule) outcome).id();
        SourceLocation source =
            outcome instanceof Rule r ? r.source() : ((CorrelationRule) outcome).source();
        SourceLocation previous = byId.putIfAbsent(id, source);
        if (previous != null) {
          failures.add(
              new RuleLoadException(
                  path.toString(),
                  List.of(
                      new Problem(
                          source,
                          ProblemCode.DUPLICATE_RULE_ID,
                          "duplicate RuleID '"
                              + id
                              + "' (already defined at "
                              + previous.fileAndLine()
                              + ")",
                          null))));
        } else if (outcome instanceof Rule r) {
          rules.add(r);
        } else {
          correlations.add((CorrelationRule) outcome);
        }
      } catch (RuleLoadException e) {
        failures.add(e);
      }
    }
    // Panther's RuleIDs are one namespace for every kind of rule: a YAML detection that repeats the
    // RuleID of
    // a Python, scheduled or correlation rule fails its upload, whichever file comes first.
    Map<String, SkippedFile> skippedRuleIds = new HashMap<>();
    for (SkippedFile f : skipped) {
      if (f.id() != null && f.kind().idKey().equals("RuleID")) {
        skippedRuleIds.putIfAbsent(f.id(), f);
      }
    }
    List<Rule> unique = new ArrayList<>();
    for (Rule rule : rules) {
      SkippedFile other = skippedRuleIds.get(rule.id());
      if (other == null) {
        unique.add(rule);
      } else {
        failures.add(
            new RuleLoadException(
                rule.source().file(),
                List.of(
                    new Problem(
                        rule.source(),
                        ProblemCode.DUPLICATE_RULE_ID,
                        "duplicate RuleID '"
                            + rule.id()
                            + "' (also the RuleID of a "
                            + other.kind().singular()
                            + " at "
                            + other.location().fileAndLine()
                            + ")",
                        null))));
      }
    }
    List<CorrelationRule> uniqueCorrelations = new ArrayList<>();
    for (CorrelationRule rule : correlations) {
      SkippedFile other = skippedRuleIds.get(rule.id());
      if (other == null) {
        uniqueCorrelations.add(rule);
      } else {
        failures.add(
            new RuleLoadException(
                rule.source().file(),
                List.of(
                    new Problem(
                        rule.source(),
                        ProblemCode.DUPLICATE_RULE_ID,
                        "duplicate RuleID '"
                            + rule.id()
                            + "' (also the RuleID of a "
                            + other.kind().singular()
                            + " at "
                            + other.location().fileAndLine()
                            + ")",
                        null))));
      }
    }
    return new LoadResult(unique, failures, files, skipped, ignored, hidden, uniqueCorrelations);
  }

  /**
   * Loads one correlation rule file ({@code AnalysisType: correlation_rule}), with the same reading
   * and limits as rule files.
   *
   * @throws RuleLoadException with every problem found in the file
   */
  public CorrelationRule loadCorrelation(Path path) {
    String name = path.toString();
    List<Problem> problems = new ArrayList<>();
    YamlFile file = YamlFile.fromBytes(name, readCapped(path, name), problems);
    if (file == null) {
      throw new RuleLoadException(name, problems);
    }
    Node root = file.compose();
    if (root == null) {
      throw new RuleLoadException(name, file.problems);
    }
    return readCorrelation(file, root);
  }

  private static CorrelationRule readCorrelation(YamlFile file, Node root) {
    CorrelationRule rule = null;
    try {
      rule = new CorrelationRuleReader(file).read(root);
    } catch (StackOverflowError e) {
      file.problem(1, 1, ProblemCode.LIMIT, "the rule nests too deeply");
    }
    if (rule == null || !file.problems.isEmpty()) {
      throw new RuleLoadException(file.name, file.problems);
    }
    return rule;
  }

  /** Below this many files, loading in parallel does not pay for its threads. */
  private static final int PARALLEL_FROM_FILES = 64;

  /**
   * Each file's outcome ({@link #route}'s, or its {@link RuleLoadException}), in the order of
   * {@code names}. Many files are read by up to 4 threads (one per processor) started for this call
   * and ended before it returns: files are independent, and reading YAML is most of a load's time.
   * Scalars are shared across the files ({@link CheckedYaml.Strings}).
   */
  private Object[] routeAll(List<String> names, java.util.function.Function<String, byte[]> read) {
    CheckedYaml.Strings strings = new CheckedYaml.Strings();
    SectionMemo sections = new SectionMemo();
    Object[] outcomes = new Object[names.size()];
    int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
    if (threads < 2 || names.size() < PARALLEL_FROM_FILES) {
      for (int i = 0; i < outcomes.length; i++) {
        outcomes[i] = routeCatching(names.get(i), read, strings, sections);
      }
      return outcomes;
    }
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
        new java.util.concurrent.atomic.AtomicReference<>();
    Runnable work =
        () -> {
          try {
            for (int i = next.getAndIncrement();
                i < outcomes.length && thrown.get() == null;
                i = next.getAndIncrement()) {
              outcomes[i] = routeCatching(names.get(i), read, strings, sections);
            }
          } catch (RuntimeException | Error e) {
            thrown.compareAndSet(null, e);
          }
        };
    List<Thread> started = new ArrayList<>();
    for (int t = 1; t < threads; t++) {
      Thread thread = new Thread(work, "margay-rule-loader-" + t);
      thread.setDaemon(true);
      thread.start();
      started.add(thread);
    }
    work.run();
    boolean interrupted = false;
    for (Thread thread : started) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable t = thrown.get();
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    // Thread.join gives happens-before: every outcome written by a worker is visible here.
    return outcomes;
  }

  private Object routeCatching(
      String name,
      java.util.function.Function<String, byte[]> read,
      CheckedYaml.Strings strings,
      SectionMemo sections) {
    try {
      return route(read.apply(name), name, strings, sections);
    } catch (RuleLoadException e) {
      return e;
    }
  }

  /**
   * Keys that make a file without {@code AnalysisType} a (broken) rule rather than some other YAML.
   */
  private static final List<String> ANALYSIS_KEYS =
      List.of(
          "RuleID",
          "PolicyID",
          "Detection",
          "Filename",
          "QueryName",
          "DataModelID",
          "GlobalID",
          "PackID",
          "LookupName",
          "LogTypes",
          "ResourceTypes");

  /**
   * A {@link Rule}, a {@link CorrelationRule}, a {@link SkippedFile}, or null for YAML that is not
   * a Panther analysis file.
   */
  private Object route(
      byte[] bytes, String name, CheckedYaml.Strings strings, SectionMemo sections) {
    if (!tests) {
      List<Problem> ignored = new ArrayList<>();
      YamlFile lean = YamlFile.fromBytes(name, bytes, ignored);
      if (lean != null && lean.blankTopLevelValue("Tests")) {
        lean.strings = strings;
        lean.sections = sections;
        try {
          Node leanRoot = lean.compose();
          Object outcome = leanRoot == null ? null : routeRoot(name, lean, leanRoot);
          if (outcome instanceof SkippedFile
              || outcome instanceof Rule rule
                  && rule.warnings().stream().noneMatch(w -> w.code().equals("key-with-dot"))) {
            return outcome;
          }
        } catch (RuleLoadException e) {
          // read whole below, to report exactly what a whole reading reports
        }
      }
    }
    List<Problem> problems = new ArrayList<>();
    YamlFile file = YamlFile.fromBytes(name, bytes, problems);
    if (file == null) {
      throw new RuleLoadException(name, problems);
    }
    file.strings = strings;
    file.sections = sections;
    Node root = file.compose();
    if (root == null) {
      // YAML that does not parse and names no Panther key at all (a Helm or Jinja template, say) is
      // not a
      // Panther analysis file: ignored like any other YAML without AnalysisType. An empty file, a
      // limit or
      // bad UTF-8 stays an error.
      String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      boolean syntaxOnly =
          file.problems.stream().allMatch(p -> p.code() == ProblemCode.YAML_SYNTAX);
      if (syntaxOnly
          && !text.contains("AnalysisType")
          && ANALYSIS_KEYS.stream().noneMatch(text::contains)) {
        return null;
      }
      throw new RuleLoadException(name, file.problems);
    }
    return routeRoot(name, file, root);
  }

  /** {@link #route}'s decision once the file's root node is composed. */
  private Object routeRoot(String name, YamlFile file, Node root) {
    if (!(root instanceof MappingNode map)) {
      return null;
    }
    Map<String, Node> keys = new HashMap<>();
    Map<String, Node> keyNodes = new HashMap<>();
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode key) {
        keys.putIfAbsent(key.getValue(), t.getValueNode());
        keyNodes.putIfAbsent(key.getValue(), key);
      }
    }
    Node type = keys.get("AnalysisType");
    if (type == null) {
      if (ANALYSIS_KEYS.stream().noneMatch(keys::containsKey)) {
        return null;
      }
      return read(file, root);
    }
    String analysisType =
        type instanceof ScalarNode s && Tag.STR.equals(s.getTag()) ? s.getValue() : null;
    AnalysisKind kind = null;
    if ("rule".equals(analysisType) && !keys.containsKey("Detection")) {
      kind =
          keys.containsKey("Filename")
              ? AnalysisKind.PYTHON_RULE
              : keys.containsKey("BaseDetection") ? AnalysisKind.DERIVED_RULE : null;
    } else if (analysisType != null) {
      kind = AnalysisKind.ofOtherType(analysisType).orElse(null);
    }
    if (kind == null) {
      return read(file, root);
    }
    if (kind == AnalysisKind.CORRELATION_RULE) {
      return readCorrelation(file, root);
    }
    Node decisive =
        kind == AnalysisKind.PYTHON_RULE
            ? keyNodes.get("Filename")
            : kind == AnalysisKind.DERIVED_RULE ? keyNodes.get("BaseDetection") : type;
    return new SkippedFile(
        Path.of(name),
        kind,
        text(keys.get(kind.idKey())),
        texts(keys.get("Tags")),
        Severity.fromPantherName(String.valueOf(text(keys.get("Severity")))),
        file.location(decisive));
  }

  private Rule read(YamlFile file, Node root) {
    Rule rule = null;
    try {
      rule = new RuleReader(file, tests).read(root);
    } catch (StackOverflowError e) {
      file.problem(1, 1, ProblemCode.LIMIT, "the rule nests too deeply");
    }
    if (rule == null || !file.problems.isEmpty()) {
      throw new RuleLoadException(file.name, file.problems);
    }
    return rule;
  }

  private static String text(Node node) {
    return node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag()) ? s.getValue() : null;
  }

  private static List<String> texts(Node node) {
    List<String> out = new ArrayList<>();
    if (node instanceof SequenceNode seq) {
      for (Node item : seq.getValue()) {
        String t = text(item);
        if (t != null) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /**
   * The rule files under the given paths: files as given, directories walked for {@code .yml} and
   * {@code .yaml} files in sorted order by {@link FileWalker} (hidden files and editor droppings
   * skipped, links followed). Entries that cannot be read are left out here; {@link #loadAll}
   * reports them.
   *
   * @throws UncheckedIOException if a path does not exist
   */
  public static List<Path> ruleFiles(Collection<Path> paths) {
    return walk(paths).files();
  }

  /**
   * The walk of rule folders that {@link #loadAll} reads: the rule files, the entries that could
   * not be read, the hidden files and editor droppings skipped.
   *
   * @throws UncheckedIOException if a path does not exist
   */
  public static FileWalker.Walk walk(Collection<Path> paths) {
    for (Path path : paths) {
      if (!Files.exists(path) && !Files.isSymbolicLink(path)) {
        throw new UncheckedIOException(new java.nio.file.NoSuchFileException(path.toString()));
      }
    }
    return FileWalker.walk(paths, RuleLoader::isYaml);
  }

  private static boolean isYaml(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".yml") || n.endsWith(".yaml");
  }
}
