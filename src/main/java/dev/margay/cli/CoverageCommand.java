package dev.margay.cli;

import dev.margay.catalog.Catalog;
import dev.margay.catalog.Coverage;
import dev.margay.lint.AttackTable;
import dev.margay.lint.RuleLinter;
import dev.margay.loader.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code margay coverage PATH...}: the MITRE ATT&amp;CK coverage of a rule repository. */
@Command(
    name = "coverage",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Prints the MITRE ATT&CK coverage of a rule repository: per tactic, the techniques its enabled",
      "rules map to (Reports: MITRE ATT&CK) with the number of rules, or an ATT&CK Navigator layer",
      "(format 4.5; score = number of enabled rules, comment = their RuleIDs).",
      "Every analysis type with Reports counts (Python rules, policies, ...: their YAML carries the",
      "mappings); --runnable-only counts only the YAML detections Margay runs. Mappings the ATT&CK table",
      "does not hold are left out and listed on stderr with file:line.",
      "Example: margay coverage --format navigator ../panther-analysis > layer.json"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:printed (unsupported mappings are warnings)",
      "1:rule files that do not load",
      "2:usage error, or no ATT&CK table",
      "3:a path or the table could not be read"
    })
final class CoverageCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Rule files or directories.")
  List<Path> paths;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default) or navigator.")
  String format;

  @Option(
      names = "--runnable-only",
      description = "Count only YAML detections (what Margay can run).")
  boolean runnableOnly;

  @Option(names = "--attack-table", paramLabel = "FILE", description = AttackOption.HELP)
  Path attackTable;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Rules.Unreadable {
    Rules.checkFormat(spec, format, "text", "navigator");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AttackTable table = AttackOption.table(attackTable);
    if (table == null) {
      err.println(
          "margay coverage: this build has no ATT&CK table (built without ../shared/attack); give --attack-table FILE");
      return ExitCodes.USAGE;
    }
    LoadResult loaded = Rules.load(paths);
    loaded.failures().forEach(f -> err.println(ProblemText.display(f)));
    Catalog catalog = Catalog.of(loaded);
    catalog.unreadable().forEach(f -> err.println(ProblemText.display(f)));
    Coverage coverage = Coverage.of(catalog.entries(), table, runnableOnly);
    for (Coverage.Finding f : coverage.findings()) {
      err.println(
          TerminalText.escape(
              f.location()
                  + ": warning: "
                  + f.ruleId()
                  + " Reports: "
                  + f.message()
                  + " ["
                  + RuleLinter.ATTACK_MAPPING
                  + "]"));
    }
    if (format.equals("navigator")) {
      out.print(coverage.navigatorLayer());
    } else {
      coverage.text().lines().forEach(line -> out.println(TerminalText.escape(line)));
    }
    // Worded as the text matrix's header, so the navigator run says as clearly what was counted.
    err.println(
        "margay coverage: ATT&CK "
            + TerminalText.escape(table.version())
            + ", "
            + coverage.entriesCounted()
            + " enabled rule(s) with mappings counted"
            + (runnableOnly
                ? " (YAML detections only)"
                : " (every analysis type: rules, policies, scheduled and correlation rules, ...)")
            + (coverage.disabledLeftOut() == 0
                ? ""
                : ", " + coverage.disabledLeftOut() + " disabled not counted")
            + ", "
            + coverage.findings().size()
            + " unsupported mapping(s) left out");
    return loaded.failures().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURES;
  }
}
