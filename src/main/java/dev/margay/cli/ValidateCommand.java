package dev.margay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.lint.AttackTable;
import dev.margay.lint.Diagnostic;
import dev.margay.lint.RuleLinter;
import dev.margay.loader.LoadResult;
import dev.margay.loader.Problem;
import dev.margay.loader.ProblemCode;
import dev.margay.loader.RuleLoadException;
import dev.margay.loader.SkippedFile;
import dev.margay.rule.Rule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code margay validate PATH...}: every problem of every rule file, offline, plus lint warnings.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Checks rule files offline: every problem of every file, and lint warnings.",
      "Loads every rule file under the paths through the same loader as test and scan, and reports",
      "every problem of every file at once (file:line:column), duplicate RuleIDs across files, and",
      "warnings: output fields (SummaryAttributes, AlertContext, GroupBy, AlertTitle) that none of the",
      "rule's test events contain (or only in another case); numbers compared with fields that are strings",
      "in the test events; Key: with a dot; an unknown ChangeTo; MITRE ATT&CK mappings that are malformed,",
      "unknown, revoked, deprecated or in the wrong tactic; rules without a true and a false test.",
      "Finding no YAML detection to validate (an empty or mistyped path, a selection matching nothing)",
      "is an error, as in test and scan. With a selection the summary says how many files were selected.",
      "ATT&CK mappings are checked against the bundled table, or --attack-table FILE (as coverage and explain).",
      "Example: margay validate --format sarif rules/ > margay.sarif"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no errors (warnings allowed unless --strict)",
      "1:errors (or warnings with --strict), or no YAML detection to validate",
      "2:usage error",
      "3:a path or the ATT&CK table could not be read"
    })
final class ValidateCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Rule files or directories.")
  List<Path> paths;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default), json or sarif.")
  String format;

  @Option(
      names = "--strict",
      description =
          "Warnings fail validation too, and so do files Margay does not run "
              + "(Python rules, policies, ...).")
  boolean strict;

  @Option(names = "--attack-table", paramLabel = "FILE", description = AttackOption.HELP)
  Path attackTable;

  @Mixin RuleSelection selection;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Rules.Unreadable {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Rules.checkFormat(spec, format, "text", "json", "sarif");
    selection.check(spec.commandLine());
    // The same table as coverage and explain are given, so the three never disagree on a mapping.
    AttackTable table = AttackOption.table(attackTable);
    LoadResult loaded = Rules.load(paths);
    List<Path> files = loaded.files();
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (RuleLoadException failure : loaded.failures()) {
      for (Problem p : failure.problems()) {
        diagnostics.add(
            new Diagnostic(p.location(), Diagnostic.Level.ERROR, p.code().id(), p.message()));
      }
    }
    List<Rule> selected = Rules.select(loaded.rules(), selection);
    for (Rule rule : selected) {
      diagnostics.addAll(RuleLinter.lint(rule, table));
    }
    List<SkippedFile> skipped = Rules.selectSkipped(loaded, selection);
    // What was validated: the selected rules and skipped files, and every file that did not load
    // (its
    // RuleID cannot be trusted, so a selection never hides it), as test and scan count them.
    long selectedCorrelations =
        loaded.correlationRules().stream().filter(selection::accepts).count();
    int validated =
        selected.size() + (int) selectedCorrelations + skipped.size() + loaded.failures().size();
    if (strict) {
      for (SkippedFile f : skipped) {
        diagnostics.add(
            new Diagnostic(
                f.location(),
                Diagnostic.Level.ERROR,
                ProblemCode.UNSUPPORTED.id(),
                Rules.notRun(f)));
      }
    }
    List<String> notes = new ArrayList<>(Rules.skipSummary(skipped, strict));
    if (table == null) {
      notes.add(
          "note: this build has no MITRE ATT&CK table (../shared/attack was absent): Reports: MITRE ATT&CK not checked; give --attack-table FILE");
    }
    String ignored = Rules.ignoredNote(loaded.ignored());
    if (ignored != null) {
      notes.add(ignored);
    }
    String hidden = Rules.hiddenNote(loaded);
    if (hidden != null) {
      notes.add(hidden);
    }
    // Python, scheduled and derived rules in the folder are not run, but their RuleIDs are known
    // signals.
    java.util.Set<String> known = new java.util.HashSet<>();
    loaded.rules().forEach(r -> known.add(r.id()));
    loaded.correlationRules().forEach(r -> known.add(r.id()));
    loaded.skipped().stream()
        .filter(f -> f.id() != null && f.kind().idKey().equals("RuleID"))
        .forEach(f -> known.add(f.id()));
    for (dev.margay.rule.CorrelationRule rule : loaded.correlationRules()) {
      if (selection.accepts(rule)) {
        diagnostics.addAll(dev.margay.lint.CorrelationLinter.lint(rule, known));
      }
    }
    diagnostics.sort(
        Comparator.comparing((Diagnostic d) -> d.location().file())
            .thenComparingInt(d -> d.location().line())
            .thenComparingInt(d -> d.location().column()));
    long errors = diagnostics.stream().filter(d -> d.level() == Diagnostic.Level.ERROR).count();
    long warnings = diagnostics.size() - errors;
    String summary =
        files.size()
            + " file(s)"
            + (selection.isEmpty() ? "" : ", " + validated + " selected")
            + ": "
            + errors
            + " error(s), "
            + warnings
            + " warning(s)"
            + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped");
    switch (format) {
      case "json":
        out.println(
            json(
                diagnostics,
                files.size(),
                selection.isEmpty() ? files.size() : validated,
                errors,
                warnings,
                skipped.size(),
                loaded.skippedHidden()));
        notes.forEach(err::println);
        err.println(summary);
        break;
      case "sarif":
        out.println(Sarif.render(diagnostics));
        notes.forEach(err::println);
        err.println(summary);
        break;
      default:
        diagnostics.forEach(d -> out.println(ProblemText.display(d)));
        notes.forEach(n -> out.println(TerminalText.escape(n)));
        out.println(summary);
    }
    if (selected.isEmpty() && selectedCorrelations == 0 && loaded.failures().isEmpty()) {
      // As test and scan: a mistyped or empty path, or a selection matching nothing, must not pass
      // quietly.
      err.println(
          "margay validate: no YAML detection to validate in "
              + TerminalText.escape(TestCommand.describe(paths))
              + (selection.isEmpty() ? "" : " matching the selection")
              + (files.isEmpty() ? " (no .yml or .yaml file found)" : ""));
      return ExitCodes.FAILURES;
    }
    return errors > 0 || (strict && (warnings > 0 || !skipped.isEmpty()))
        ? ExitCodes.FAILURES
        : ExitCodes.OK;
  }

  private static String json(
      List<Diagnostic> diagnostics,
      int files,
      int selected,
      long errors,
      long warnings,
      int skipped,
      int hidden) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("files", files)
        .put("selected", selected)
        .put("errors", errors)
        .put("warnings", warnings)
        .put("skipped", skipped)
        .put("hidden", hidden);
    ArrayNode items = root.putArray("diagnostics");
    for (Diagnostic d : diagnostics) {
      items
          .addObject()
          .put("file", d.location().file())
          .put("line", d.location().line())
          .put("column", d.location().column())
          .put("level", d.level().lowerName())
          .put("code", d.code())
          .put("message", d.message());
    }
    return root.toString();
  }
}
