package dev.margay.loader;

import dev.margay.rule.Rule;
import java.nio.file.Path;
import java.util.List;

/**
 * What loading many files gave: the rules that loaded, per file that did not its problems, every file
 * read, the Panther analysis files recognized but not run ({@code skipped}: Python rules, policies, ...)
 * and the YAML files that are not Panther analysis files at all ({@code ignored}: no {@code AnalysisType},
 * e.g. CI workflows), and how many hidden files and editor droppings the folder walk passed over
 * ({@code skippedHidden}). A bad file never hides the good ones beside it.
 */
public record LoadResult(List<Rule> rules, List<RuleLoadException> failures, List<Path> files,
    List<SkippedFile> skipped, List<Path> ignored, int skippedHidden) {
  public LoadResult {
    rules = List.copyOf(rules);
    failures = List.copyOf(failures);
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
    ignored = List.copyOf(ignored);
  }

  /** A result with nothing skipped or ignored. */
  public LoadResult(List<Rule> rules, List<RuleLoadException> failures, List<Path> files) {
    this(rules, failures, files, List.of(), List.of(), 0);
  }

  /** Whether every file loaded (skipped and ignored files are not failures). */
  public boolean isClean() {
    return failures.isEmpty();
  }
}
