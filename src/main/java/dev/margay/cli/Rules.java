package dev.margay.cli;

import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleLoader;
import dev.margay.rule.Rule;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Loading rule paths for the commands, through the same loader for all of them. */
final class Rules {
  private Rules() {}

  /** Thrown when a rule path cannot be read at all; {@link Main} reports it and exits with code 3. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  /** Loads every rule file under {@code paths}; files that do not load are in the result's failures. */
  static LoadResult load(List<Path> paths) throws Unreadable {
    try {
      return RuleLoader.create().loadAll(paths);
    } catch (UncheckedIOException e) {
      throw new Unreadable("cannot read " + e.getCause().getMessage());
    }
  }

  /** Rejects an unknown {@code --format} as a usage error naming the allowed ones. */
  static void checkFormat(picocli.CommandLine.Model.CommandSpec spec, String format, String... allowed) {
    if (!List.of(allowed).contains(format)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "unknown --format '" + format + "'; allowed: " + String.join(", ", allowed));
    }
  }

  static List<Rule> select(List<Rule> rules, RuleSelection selection) {
    return rules.stream().filter(selection::accepts).toList();
  }
}
