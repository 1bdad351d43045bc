package dev.margay.loader;

import dev.margay.rule.CorrelationRule;
import dev.margay.rule.Rule;
import java.nio.file.Path;
import java.util.List;

/**
 * What loading many files gave: the rules that loaded, per file that did not its problems, every
 * file read, the Panther analysis files recognized but not run ({@code skipped}: Python rules,
 * policies, ...) and the YAML files that are not Panther analysis files at all ({@code ignored}: no
 * {@code AnalysisType}, e.g. CI workflows), how many hidden files and editor droppings the folder
 * walk passed over ({@code skippedHidden}), and the correlation rules that loaded ({@code
 * AnalysisType: correlation_rule}, run by the correlators and the test replay). A bad file never
 * hides the good ones beside it.
 */
public record LoadResult(
    List<Rule> rules,
    List<RuleLoadException> failures,
    List<Path> files,
    List<SkippedFile> skipped,
    List<Path> ignored,
    int skippedHidden,
    List<CorrelationRule> correlationRules) {
  public LoadResult {
    rules = List.copyOf(rules);
    failures = List.copyOf(failures);
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
    ignored = List.copyOf(ignored);
    correlationRules = List.copyOf(correlationRules);
  }

  /** A result without correlation rules. */
  public LoadResult(
      List<Rule> rules,
      List<RuleLoadException> failures,
      List<Path> files,
      List<SkippedFile> skipped,
      List<Path> ignored,
      int skippedHidden) {
    this(rules, failures, files, skipped, ignored, skippedHidden, List.of());
  }

  /** A result with nothing skipped or ignored. */
  public LoadResult(List<Rule> rules, List<RuleLoadException> failures, List<Path> files) {
    this(rules, failures, files, List.of(), List.of(), 0, List.of());
  }

  /** Whether every file loaded (skipped and ignored files are not failures). */
  public boolean isClean() {
    return failures.isEmpty();
  }

  /**
   * This result, if every file loaded: for callers that must not run a partial rule set (a pipeline
   * about to deploy).
   *
   * @throws IllegalArgumentException listing every problem ({@code file:line:column: message})
   *     otherwise
   */
  public LoadResult requireClean() {
    if (!isClean()) {
      StringBuilder message = new StringBuilder("rule files that do not load:");
      failures.forEach(f -> message.append('\n').append(f.toDisplayString()));
      throw new IllegalArgumentException(message.toString());
    }
    return this;
  }
}
