package dev.margay.loader;

import java.util.List;

/**
 * What loading many files gave: the rules that loaded and, per file that did not, its problems. A bad
 * file never hides the good ones beside it.
 */
public record LoadResult(List<dev.margay.rule.Rule> rules, List<RuleLoadException> failures) {
  public LoadResult {
    rules = List.copyOf(rules);
    failures = List.copyOf(failures);
  }

  /** Whether every file loaded. */
  public boolean isClean() {
    return failures.isEmpty();
  }
}
