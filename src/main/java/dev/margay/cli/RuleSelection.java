package dev.margay.cli;

import dev.margay.loader.SkippedFile;
import dev.margay.rule.Rule;
import dev.margay.rule.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Options that select rules: by id glob, tag and severity (each repeatable; a rule must pass all
 * three).
 */
final class RuleSelection {
  @Option(
      names = "--rule-id",
      paramLabel = "GLOB",
      description = "Only rules whose RuleID matches (* and ?).")
  List<String> ruleIds = new ArrayList<>();

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "Only rules with this tag (case-insensitive).")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--severity",
      paramLabel = "LEVEL",
      description =
          "Only rules of this severity (Info, Low, "
              + "Medium, High, Critical); LEVEL+ means this severity or higher (High+ = High and Critical).")
  List<String> severities = new ArrayList<>();

  boolean accepts(Rule rule) {
    return accepts(rule.id(), rule.tags(), rule.severity());
  }

  /**
   * The same selection for a file Margay skips (a Python rule, a policy, ...), so that skip counts
   * describe the selected rules only: a file without an id, tags or severity passes only the
   * options not given.
   */
  boolean accepts(SkippedFile file) {
    return accepts(file.id(), file.tags(), file.severity().orElse(null));
  }

  /** The same selection for a correlation rule (its own RuleID, Tags and Severity). */
  boolean accepts(dev.margay.rule.CorrelationRule rule) {
    return accepts(rule.id(), rule.tags(), rule.severity());
  }

  private boolean accepts(String id, List<String> ruleTags, Severity severity) {
    if (!ruleIds.isEmpty()
        && (id == null || ruleIds.stream().noneMatch(g -> glob(g).matcher(id).matches()))) {
      return false;
    }
    if (!tags.isEmpty()
        && ruleTags.stream().noneMatch(t -> tags.stream().anyMatch(t::equalsIgnoreCase))) {
      return false;
    }
    return severities.isEmpty()
        || (severity != null && severities.stream().anyMatch(s -> severityMatches(s, severity)));
  }

  /** Whether any selection option was given. */
  boolean isEmpty() {
    return ruleIds.isEmpty() && tags.isEmpty() && severities.isEmpty();
  }

  private static boolean severityMatches(String level, Severity severity) {
    boolean orHigher = level.endsWith("+");
    Severity wanted = parse(orHigher ? level.substring(0, level.length() - 1) : level);
    return orHigher ? severity.compareTo(wanted) >= 0 : severity == wanted;
  }

  private static Severity parse(String level) {
    return Severity.fromPantherName(capitalize(level)).orElse(null);
  }

  /** Rejects unknown severities up front, as a usage error. */
  void check(picocli.CommandLine commandLine) {
    for (String s : severities) {
      if (parse(s.endsWith("+") ? s.substring(0, s.length() - 1) : s) == null) {
        String level = s.endsWith("+") ? s.substring(0, s.length() - 1) : s;
        throw new picocli.CommandLine.ParameterException(
            commandLine,
            "unknown --severity '"
                + s
                + "'"
                + Rules.didYouMean(level, List.of("Info", "Low", "Medium", "High", "Critical"))
                + "; allowed: Info, Low, Medium, High, Critical, each optionally with +");
      }
    }
  }

  private static String capitalize(String s) {
    return s.isEmpty()
        ? s
        : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
  }

  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
