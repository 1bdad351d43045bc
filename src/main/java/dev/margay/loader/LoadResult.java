package dev.margay.loader;

import java.util.List;

/**
 * What loading many files gave: the rules that loaded, per file that did not its problems, and every
 * file read. A bad file never hides the good ones beside it.
 */
public record LoadResult(List<dev.margay.rule.Rule> rules, List<RuleLoadException> failures,
    List<java.nio.file.Path> files) {
  public LoadResult {
    rules = List.copyOf(rules);
    failures = List.copyOf(failures);
    files = List.copyOf(files);
  }

  /** Whether every file loaded. */
  public boolean isClean() {
    return failures.isEmpty();
  }
}
