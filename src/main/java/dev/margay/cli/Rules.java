package dev.margay.cli;

import dev.margay.loader.AnalysisKind;
import dev.margay.loader.LoadResult;
import dev.margay.loader.SkippedFile;
import dev.margay.loader.RuleLoader;
import dev.margay.rule.Rule;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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

  static List<SkippedFile> selectSkipped(LoadResult loaded, RuleSelection selection) {
    return loaded.skipped().stream().filter(selection::accepts).toList();
  }

  /**
   * One line per skipped kind with its count, under a header saying why ({@code strict}: that they fail);
   * nothing when nothing was skipped.
   */
  static List<String> skipSummary(List<SkippedFile> skipped, boolean strict) {
    Map<AnalysisKind, Integer> counts = new EnumMap<>(AnalysisKind.class);
    for (SkippedFile f : skipped) {
      counts.merge(f.kind(), 1, Integer::sum);
    }
    List<String> lines = new ArrayList<>();
    if (counts.isEmpty()) {
      return lines;
    }
    lines.add((strict ? "not run, failed with --strict" : "skipped")
        + " (Margay runs YAML detections: AnalysisType rule with Detection):");
    counts.forEach((kind, n) -> lines.add("  " + n + " " + (n == 1 ? kind.singular() : kind.plural())
        + " (AnalysisType: " + kind.analysisType() + (kind == AnalysisKind.PYTHON_RULE ? ", Filename"
            : kind == AnalysisKind.DERIVED_RULE ? ", BaseDetection" : "") + ")"));
    return lines;
  }

  /** The one note about YAML files that are not Panther analysis files; null when there are none. */
  static String ignoredNote(List<Path> ignored) {
    if (ignored.isEmpty()) {
      return null;
    }
    return "note: ignored " + ignored.size() + " YAML file(s) without AnalysisType (not Panther analysis files), e.g. "
        + TerminalText.escape(ignored.get(0).toString());
  }
}
