package dev.margay.loader;

import dev.margay.rule.CorrelationRule;
import dev.margay.rule.Rule;
import dev.margay.rule.SourceLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads Panther rule files (YAML detections) into {@link Rule}s.
 *
 * <pre>{@code
 * Rule rule = RuleLoader.create().load(Path.of("rules/aws_ec2_security_group_modified.yml"));
 * LoadResult all = RuleLoader.create().loadAll(List.of(Path.of("rules")));
 * }</pre>
 *
 * <p>A file is read completely and every problem in it is reported, each with {@code file:line:column}.
 * YAML is read safely: no object construction, no custom tags, limits on aliases (50), nesting (64) and
 * size (4M code points), duplicate keys rejected. Stateless and thread-safe.
 */
public final class RuleLoader {
  /** Largest rule file read, in bytes. */
  public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  private static final RuleLoader DEFAULT = new RuleLoader();

  private RuleLoader() {}

  /** The loader. */
  public static RuleLoader create() {
    return DEFAULT;
  }

  /**
   * Loads one rule file.
   *
   * @throws RuleLoadException with every problem found in the file
   */
  public Rule load(Path path) {
    String name = path.toString();
    byte[] bytes;
    try {
      long size = Files.size(path);
      if (size > MAX_FILE_BYTES) {
        throw new RuleLoadException(name, List.of(new Problem(new SourceLocation(name, 1, 1), ProblemCode.LIMIT,
            "the file has " + size + " bytes; rule files are limited to " + MAX_FILE_BYTES, null)));
      }
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new RuleLoadException(name, List.of(new Problem(new SourceLocation(name, 1, 1), ProblemCode.UNREADABLE,
          "cannot read the file: " + e, null)));
    }
    return load(bytes, name);
  }

  /** Loads a rule from UTF-8 bytes; {@code sourceName} names it in problems. */
  public Rule load(byte[] bytes, String sourceName) {
    List<Problem> problems = new ArrayList<>();
    YamlFile file = YamlFile.fromBytes(sourceName, bytes, problems);
    if (file == null) {
      throw new RuleLoadException(sourceName, problems);
    }
    return load(file);
  }

  /** Loads a rule from YAML text; {@code sourceName} names it in problems. */
  public Rule load(String text, String sourceName) {
    return load(YamlFile.fromText(sourceName, text));
  }

  private Rule load(YamlFile file) {
    return load(file, file.compose());
  }

  private Rule load(YamlFile file, Node root) {
    Rule rule = null;
    if (root != null) {
      try {
        rule = new RuleReader(file).read(root);
      } catch (StackOverflowError e) {
        file.problem(1, 1, ProblemCode.LIMIT, "the rule nests too deeply");
      }
    }
    if (rule == null || !file.problems.isEmpty()) {
      throw new RuleLoadException(file.name, file.problems);
    }
    return rule;
  }

  /**
   * Loads every {@code .yml}/{@code .yaml} file under the given files and directories (directories walked
   * recursively, in sorted order): rules, and correlation rules ({@code AnalysisType: correlation_rule},
   * recognized by that key wherever the file is). A {@code RuleID} already loaded from another file (rule
   * or correlation rule) is a problem of the later file.
   */
  public LoadResult loadAll(Collection<Path> paths) {
    List<Rule> rules = new ArrayList<>();
    List<CorrelationRule> correlations = new ArrayList<>();
    List<RuleLoadException> failures = new ArrayList<>();
    Map<String, SourceLocation> byId = new HashMap<>();
    List<Path> files = ruleFiles(paths);
    for (Path path : files) {
      try {
        Object loaded = loadAny(path);
        String id = loaded instanceof Rule r ? r.id() : ((CorrelationRule) loaded).id();
        SourceLocation source = loaded instanceof Rule r ? r.source() : ((CorrelationRule) loaded).source();
        SourceLocation previous = byId.putIfAbsent(id, source);
        if (previous != null) {
          failures.add(new RuleLoadException(path.toString(), List.of(new Problem(source, ProblemCode.DUPLICATE_RULE_ID,
              "duplicate RuleID '" + id + "' (already defined at " + previous.fileAndLine() + ")",
              null))));
        } else if (loaded instanceof Rule r) {
          rules.add(r);
        } else {
          correlations.add((CorrelationRule) loaded);
        }
      } catch (RuleLoadException e) {
        failures.add(e);
      }
    }
    return new LoadResult(rules, correlations, failures, files);
  }

  /**
   * Loads one correlation rule file ({@code AnalysisType: correlation_rule}).
   *
   * @throws RuleLoadException with every problem found in the file
   */
  public CorrelationRule loadCorrelation(Path path) {
    Object loaded = loadAny(path);
    if (loaded instanceof CorrelationRule c) {
      return c;
    }
    throw new RuleLoadException(path.toString(), List.of(new Problem(((Rule) loaded).source(), ProblemCode.BAD_VALUE,
        "expected a correlation rule (AnalysisType: correlation_rule), found a rule", null)));
  }

  /** A {@link Rule} or a {@link CorrelationRule}, by the file's {@code AnalysisType}. */
  private Object loadAny(Path path) {
    String name = path.toString();
    byte[] bytes;
    try {
      long size = Files.size(path);
      if (size > MAX_FILE_BYTES) {
        throw new RuleLoadException(name, List.of(new Problem(new SourceLocation(name, 1, 1), ProblemCode.LIMIT,
            "the file has " + size + " bytes; rule files are limited to " + MAX_FILE_BYTES, null)));
      }
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new RuleLoadException(name, List.of(new Problem(new SourceLocation(name, 1, 1), ProblemCode.UNREADABLE,
          "cannot read the file: " + e, null)));
    }
    List<Problem> problems = new ArrayList<>();
    YamlFile file = YamlFile.fromBytes(name, bytes, problems);
    if (file == null) {
      throw new RuleLoadException(name, problems);
    }
    Node root = file.compose();
    if (root != null && isCorrelationRule(root)) {
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
    return load(file, root);
  }

  private static boolean isCorrelationRule(Node root) {
    if (root instanceof org.yaml.snakeyaml.nodes.MappingNode map) {
      for (org.yaml.snakeyaml.nodes.NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k && k.getValue().equals("AnalysisType")
            && t.getValueNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode v
            && v.getValue().equals("correlation_rule")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The rule files under the given paths: files as given, directories walked for {@code .yml} and
   * {@code .yaml} files in sorted order. A missing path is an error.
   *
   * @throws UncheckedIOException if a path does not exist or a directory cannot be read
   */
  public static List<Path> ruleFiles(Collection<Path> paths) {
    List<Path> out = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile).filter(RuleLoader::isYaml).sorted().forEach(out::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (Files.exists(path)) {
        out.add(path);
      } else {
        throw new UncheckedIOException(new java.nio.file.NoSuchFileException(path.toString()));
      }
    }
    return out;
  }

  private static boolean isYaml(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".yml") || n.endsWith(".yaml");
  }

}
