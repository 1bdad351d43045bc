package dev.margay.cli;

import dev.margay.loader.AnalysisKind;
import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleLoader;
import dev.margay.loader.SkippedFile;
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

  /**
   * Thrown when a rule path cannot be read at all; {@link Main} reports it and exits with code 3.
   */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  /**
   * Loads every rule file under {@code paths}; files that do not load are in the result's failures.
   */
  static LoadResult load(List<Path> paths) throws Unreadable {
    return load(RuleLoader.create(), paths);
  }

  /**
   * As {@link #load(List)} without reading {@code Tests:} ({@link RuleLoader#withoutTests()}): for
   * commands that never replay tests, such as {@code scan}.
   */
  static LoadResult loadWithoutTests(List<Path> paths) throws Unreadable {
    return load(RuleLoader.create().withoutTests(), paths);
  }

  private static LoadResult load(RuleLoader loader, List<Path> paths) throws Unreadable {
    try {
      return loader.loadAll(paths);
    } catch (UncheckedIOException e) {
      throw new Unreadable("cannot read " + e.getCause().getMessage());
    }
  }

  /**
   * Rejects an unknown {@code --format} as a usage error naming the closest and the allowed ones.
   */
  static void checkFormat(
      picocli.CommandLine.Model.CommandSpec spec, String format, String... allowed) {
    if (!List.of(allowed).contains(format)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "unknown --format '"
              + format
              + "'"
              + didYouMean(format, List.of(allowed))
              + "; allowed: "
              + String.join(", ", allowed));
    }
  }

  /**
   * {@code " (did you mean 'X'?)"} for the candidate closest to {@code word} (edit distance,
   * ignoring case, at most a quarter of the word and at least 2), or "": the one rule for commands,
   * options and values.
   */
  static String didYouMean(String word, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String w = word.toLowerCase(java.util.Locale.ROOT);
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best != null && bestDistance <= Math.max(2, word.length() / 4)
        ? " (did you mean '" + best + "'?)"
        : "";
  }

  /**
   * Edit distance where swapping two neighbours ('tset' for 'test') is one edit, as a typist makes
   * it.
   */
  private static int distance(String a, String b) {
    if (a.length() > 100 || b.length() > 100) {
      return Integer.MAX_VALUE;
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  static List<Rule> select(List<Rule> rules, RuleSelection selection) {
    return rules.stream().filter(selection::accepts).toList();
  }

  static List<SkippedFile> selectSkipped(LoadResult loaded, RuleSelection selection) {
    return loaded.skipped().stream().filter(selection::accepts).toList();
  }

  /**
   * One line per skipped kind with its count, under a header saying why ({@code strict}: that they
   * fail); nothing when nothing was skipped.
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
    lines.add(
        (strict ? "not run, failed with --strict" : "skipped")
            + " (Margay runs YAML detections: AnalysisType rule with Detection):");
    counts.forEach(
        (kind, n) ->
            lines.add(
                "  "
                    + n
                    + " "
                    + (n == 1 ? kind.singular() : kind.plural())
                    + " (AnalysisType: "
                    + kind.analysisType()
                    + (kind == AnalysisKind.PYTHON_RULE
                        ? ", Filename"
                        : kind == AnalysisKind.DERIVED_RULE ? ", BaseDetection" : "")
                    + ")"));
    return lines;
  }

  /**
   * Why a skipped file fails under {@code --strict}: {@code a Python rule (Py.Rule) is not run
   * ...}.
   */
  static String notRun(SkippedFile f) {
    return "a "
        + f.kind().singular()
        + (f.id() == null ? "" : " (" + TerminalText.escape(f.id()) + ")")
        + " is not run by Margay, which runs YAML detections only (--strict)";
  }

  /**
   * The one note about hidden files and editor droppings skipped in rule folders (the same in scan,
   * test and validate); null when there are none.
   */
  static String hiddenNote(LoadResult loaded) {
    return loaded.skippedHidden() == 0
        ? null
        : "margay: skipped "
            + loaded.skippedHidden()
            + " hidden file(s) or editor backup(s) in the rule folders";
  }

  /**
   * The one note about YAML files that are not Panther analysis files; null when there are none.
   */
  static String ignoredNote(List<Path> ignored) {
    if (ignored.isEmpty()) {
      return null;
    }
    return "note: ignored "
        + ignored.size()
        + " YAML file(s) without AnalysisType (not Panther analysis files), e.g. "
        + TerminalText.escape(ignored.get(0).toString());
  }
}
