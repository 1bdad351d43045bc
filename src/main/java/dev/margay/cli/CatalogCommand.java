package dev.margay.cli;

import dev.margay.catalog.Catalog;
import dev.margay.catalog.CatalogSite;
import dev.margay.lint.AttackTable;
import dev.margay.loader.LoadResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code margay catalog PATH... --out SITE}: a rule repository as a static, browsable HTML site.
 */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes a static HTML catalog of a rule repository (no network needed to view it):",
      "index.html (every rule, filters by log type, severity, tag, tactic and kind), one page per rule",
      "under rules/ (metadata, ATT&CK coverage, rules detecting the same action, rule body YAML, logic in",
      "compact syntax, or the Python source (Filename) or SQL (Query) of other kinds, exclusions, indicators with the corpus column, output fields,",
      "tests with their results) and attack.html (the ATT&CK matrix coloured by rule count).",
      "Example: margay catalog ../panther-analysis --out site/"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:written",
      "1:written, but some rule files do not load (listed on stderr)",
      "2:usage error",
      "3:a path could not be read, or the site could not be written"
    })
final class CatalogCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Rule files or directories.")
  List<Path> paths;

  @Option(
      names = "--out",
      paramLabel = "SITE",
      required = true,
      description =
          "The directory to write (created if missing; " + "files of the same name are replaced).")
  Path out;

  @Option(names = "--attack-table", paramLabel = "FILE", description = AttackOption.HELP)
  Path attackTable;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Rules.Unreadable {
    PrintWriter err = spec.commandLine().getErr();
    AttackTable table = AttackOption.table(attackTable);
    LoadResult loaded = Rules.load(paths);
    loaded.failures().forEach(f -> err.println(ProblemText.display(f)));
    Catalog catalog = Catalog.of(loaded);
    catalog.unreadable().forEach(f -> err.println(ProblemText.display(f)));
    Map<String, String> pages = CatalogSite.render(catalog, table);
    try {
      Files.createDirectories(out.resolve("rules"));
      for (Map.Entry<String, String> page : pages.entrySet()) {
        Files.writeString(out.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      err.println(
          "margay catalog: cannot write " + TerminalText.escape(String.valueOf(e.getMessage())));
      return ExitCodes.UNREADABLE_INPUT;
    }
    err.println(
        "margay catalog: "
            + catalog.entries().size()
            + " rule(s), "
            + pages.size()
            + " page(s) written to "
            + TerminalText.escape(out.toString())
            + (table == null
                ? " (no ATT&CK table: mappings shown as written)"
                : " (ATT&CK " + TerminalText.escape(table.version()) + ")")
            + (loaded.failures().isEmpty()
                ? ""
                : "; " + loaded.failures().size() + " file(s) did not load"));
    return loaded.failures().isEmpty() && catalog.unreadable().isEmpty()
        ? ExitCodes.OK
        : ExitCodes.FAILURES;
  }
}
