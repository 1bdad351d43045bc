package dev.margay.loader;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule file that could not be loaded, with every problem found in it (never just the first). The
 * message lists them, one {@code file:line:column: message} per line.
 */
public final class RuleLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final transient List<Problem> problems;

  public RuleLoadException(String file, List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a load failure needs at least one problem");
    }
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  /** The file (or source name) that failed. */
  public String file() {
    return file;
  }

  /** Every problem, in source order. */
  public List<Problem> problems() {
    return problems;
  }

  /** All problems with their source lines and carets. */
  public String toDisplayString() {
    return problems.stream().map(Problem::toDisplayString).collect(Collectors.joining("\n"));
  }
}
