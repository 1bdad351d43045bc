package dev.margay.loader;

import dev.margay.rule.CorrelationRule;
import dev.margay.rule.Rule;
import java.nio.file.Path;
import java.util.List;

/**
 * What loading many files gave: the rules and correlation rules that loaded, per file that did not its
 * problems, and every file read. A bad file never hides the good ones beside it.
 */
public record LoadResult(List<Rule> rules, List<CorrelationRule> correlationRules, List<RuleLoadException> failures,
    List<Path> files) {
  public LoadResult {
    rules = List.copyOf(rules);
    correlationRules = List.copyOf(correlationRules);
    failures = List.copyOf(failures);
    files = List.copyOf(files);
  }

  /** A result without correlation rules. */
  public LoadResult(List<Rule> rules, List<RuleLoadException> failures, List<Path> files) {
    this(rules, List.of(), failures, files);
  }

  /** Whether every file loaded. */
  public boolean isClean() {
    return failures.isEmpty();
  }
}
