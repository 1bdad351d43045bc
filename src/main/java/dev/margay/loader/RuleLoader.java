package dev.margay.loader;

import dev.margay.files.FileWalker;
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
    Rule rule = null;
    Node root = file.compose();
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
   * recursively, in sorted order). A {@code RuleID} already loaded from another file is a problem of the
   * later file.
   */
  public LoadResult loadAll(Collection<Path> paths) {
    List<Rule> rules = new ArrayList<>();
    List<RuleLoadException> failures = new ArrayList<>();
    Map<String, Rule> byId = new HashMap<>();
    FileWalker.Walk walk = walk(paths);
    List<Path> files = walk.files();
    for (FileWalker.Problem p : walk.problems()) {
      failures.add(new RuleLoadException(p.path().toString(), List.of(new Problem(new SourceLocation(p.path().toString(), 1, 1),
          ProblemCode.UNREADABLE, p.reason(), null))));
    }
    for (Path path : files) {
      try {
        Rule rule = load(path);
        Rule previous = byId.putIfAbsent(rule.id(), rule);
        if (previous != null) {
          failures.add(new RuleLoadException(path.toString(), List.of(new Problem(rule.source(), ProblemCode.DUPLICATE_RULE_ID,
              "duplicate RuleID '" + rule.id() + "' (already defined at " + previous.source().fileAndLine() + ")",
              null))));
        } else {
          rules.add(rule);
        }
      } catch (RuleLoadException e) {
        failures.add(e);
      }
    }
    return new LoadResult(rules, failures, files, walk.skipped());
  }

  /**
   * The rule files under the given paths: files as given, directories walked for {@code .yml} and
   * {@code .yaml} files in sorted order by {@link FileWalker} (hidden files and editor droppings skipped,
   * links followed). Entries that cannot be read are left out here; {@link #loadAll} reports them.
   *
   * @throws UncheckedIOException if a path does not exist
   */
  public static List<Path> ruleFiles(Collection<Path> paths) {
    return walk(paths).files();
  }

  /**
   * The walk of rule folders that {@link #loadAll} reads: the rule files, the entries that could not be
   * read, the hidden files and editor droppings skipped.
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
