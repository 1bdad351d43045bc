package dev.margay.loader;

import java.util.List;

/**
 * What loading many files gave: the rules that loaded, per file that did not its problems, every file
 * read, and how many hidden files and editor droppings the folder walk skipped. A bad file never hides
 * the good ones beside it.
 */
public record LoadResult(List<dev.margay.rule.Rule> rules, List<RuleLoadException> failures,
    List<java.nio.file.Path> files, int skippedFiles) {
  public LoadResult {
    rules = List.copyOf(rules);
    failures = List.copyOf(failures);
    files = List.copyOf(files);
  }

  /** A result with no skipped files. */
  public LoadResult(List<dev.margay.rule.Rule> rules, List<RuleLoadException> failures, List<java.nio.file.Path> files) {
    this(rules, failures, files, 0);
  }

  /** Whether every file loaded. */
  public boolean isClean() {
    return failures.isEmpty();
  }
}
