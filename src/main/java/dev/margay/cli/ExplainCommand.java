// Over 300 lines: one command: its options and the sections of one explained rule.
package dev.margay.cli;

import dev.margay.catalog.Catalog;
import dev.margay.catalog.CatalogEntry;
import dev.margay.catalog.Indicator;
import dev.margay.lint.AttackTable;
import dev.margay.loader.AnalysisDocument;
import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleLoadException;
import dev.margay.rule.AlertContextField;
import dev.margay.rule.Rule;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code margay explain RULE_FILE}: a rule as a detection catalog shows it. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a rule the way a detection catalog shows it.",
      "Shows its metadata, the logic in compact syntax, the indicators (field, operator, values),",
      "the exclusions (the negated parts), the output fields and the dedup key, and its MITRE ATT&CK",
      "mappings by name. With --pack, what it shares with the rules of a repository: for each",
      "indicator how many other rules test the same, the rules acting on the same eventNames, the",
      "exclusions other rules share. A Python rule is shown from its YAML (its logic is not read).",
      "Example: margay explain rules/aws_ec2_security_group_modified.yml --pack ../panther-analysis/rules"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:printed",
      "1:the file does not load",
      "2:usage error (also: a directory given)",
      "3:the file could not be read"
    })
final class ExplainCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RULE_FILE", description = "One rule file.")
  Path file;

  @Option(
      names = "--pack",
      paramLabel = "DIR",
      description = "A rule repository (or directory of it) to compare with.")
  Path pack;

  @Option(names = "--attack-table", paramLabel = "FILE", description = AttackOption.HELP)
  Path attackTable;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Rules.Unreadable {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (Files.isDirectory(file)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "explain takes one rule file, and "
              + file
              + " is a directory (margay validate or margay test take directories)");
    }
    if (!Files.isRegularFile(file)) {
      err.println("margay: cannot read " + t(file.toString()));
      return ExitCodes.UNREADABLE_INPUT;
    }
    AttackTable table = AttackOption.table(attackTable);
    // Routed like every other command: a YAML detection is loaded, a Python rule (or policy, ...)
    // is
    // explained from its YAML.
    LoadResult one = Rules.load(List.of(file));
    if (!one.failures().isEmpty()) {
      one.failures().forEach(e -> err.println(ProblemText.display(e)));
      return ExitCodes.FAILURES;
    }
    if (!one.correlationRules().isEmpty()) {
      out.print(explain(one.correlationRules().get(0)));
      return ExitCodes.OK;
    }
    CatalogEntry entry;
    Rule rule = one.rules().isEmpty() ? null : one.rules().get(0);
    try {
      entry =
          rule != null
              ? Catalog.entry(rule, AnalysisDocument.read(file))
              : one.skipped().isEmpty()
                  ? null
                  : Catalog.entry(one.skipped().get(0), AnalysisDocument.read(file));
    } catch (RuleLoadException e) {
      err.println(ProblemText.display(e));
      return ExitCodes.FAILURES;
    }
    if (entry == null) {
      err.println(
          "margay explain: "
              + t(file.toString())
              + " is not a Panther analysis file (no AnalysisType)");
      return ExitCodes.FAILURES;
    }
    Catalog catalog = null;
    if (pack != null) {
      catalog = Catalog.of(Rules.load(List.of(pack)));
    }
    out.print(
        rule != null ? explain(rule, entry, table, catalog) : explainOther(entry, table, catalog));
    return ExitCodes.OK;
  }

  /**
   * A correlation rule: metadata, members, how they join, the windows; content escaped as for
   * rules.
   */
  static String explain(dev.margay.rule.CorrelationRule rule) {
    StringBuilder sb = new StringBuilder();
    sb.append(t(rule.name())).append('\n');
    sb.append("RuleID      ")
        .append(t(rule.id()))
        .append(" (correlation rule, ")
        .append(rule.form() == dev.margay.rule.CorrelationRule.Form.GROUP ? "Group" : "Sequence")
        .append(")\n");
    sb.append("Severity    ").append(rule.severity()).append('\n');
    sb.append("Enabled     ").append(rule.enabled()).append('\n');
    sb.append("Lookback    ").append(rule.lookbackWindowMinutes()).append(" minutes\n");
    if (!rule.tags().isEmpty()) {
      sb.append("Tags        ").append(t(String.join(", ", rule.tags()))).append('\n');
    }
    sb.append("Members\n");
    for (dev.margay.rule.CorrelationRule.Member m : rule.members()) {
      sb.append("  ")
          .append(t(m.id()))
          .append(": ")
          .append(m.absence() ? "no signal of " : "")
          .append(
              m.minMatchCount() > 1
                  ? "at least " + m.minMatchCount() + " signals of "
                  : m.absence() ? "" : "a signal of ")
          .append(t(m.ruleId()))
          .append(m.maxMatchCount() == null ? "" : ", at most " + m.maxMatchCount())
          .append('\n');
    }
    rule.matchCriteria()
        .forEach(
            (name, entries) ->
                sb.append("Joined on   ")
                    .append(t(name))
                    .append(": ")
                    .append(
                        entries.stream()
                            .map(e -> t(e.groupId()) + "." + t(e.field()))
                            .collect(Collectors.joining(" = ")))
                    .append('\n'));
    for (dev.margay.rule.CorrelationRule.Transition tr : rule.transitions()) {
      sb.append("Then        ")
          .append(t(tr.from()))
          .append(" -> ")
          .append(t(tr.to()))
          .append(" within ")
          .append(
              tr.withinTimeFrameMinutes() == null
                  ? rule.lookbackWindowMinutes()
                  : tr.withinTimeFrameMinutes())
          .append(" minutes")
          .append(
              tr.fromField() == null
                  ? ""
                  : ", joined on "
                      + t(tr.fromField())
                      + (tr.fromField().equals(tr.toField())
                          ? ""
                          : " = " + t(String.valueOf(tr.toField()))))
          .append('\n');
    }
    sb.append(
        "Evaluation  local approximation; Panther evaluates correlation rules only in its backend\n");
    return sb.toString();
  }

  /**
   * {@link #explain(Rule, CatalogEntry, AttackTable, Catalog)} without ATT&amp;CK names or a pack.
   */
  static String explain(Rule rule) {
    return explain(rule, null, null, null);
  }

  /**
   * A file Margay does not run (a Python rule, a policy, ...): its metadata, mappings, actions and
   * context.
   */
  static String explainOther(CatalogEntry e, AttackTable table, Catalog catalog) {
    StringBuilder sb = new StringBuilder();
    sb.append(t(e.name())).append('\n');
    sb.append(pad(e.kind().idKey(), 11)).append(' ').append(t(e.id())).append('\n');
    sb.append("Kind        ")
        .append(e.kind().singular())
        .append(" (Margay does not run its logic)\n");
    sb.append("Severity    ").append(t(e.severity())).append('\n');
    metadata(sb, e.enabled(), e.logTypes(), e.tags(), e.reports(), e.reference(), e.description());
    attack(sb, e, table);
    sb.append("\nActions (eventName of its ExpectedResult: true tests; its logic is not read)\n");
    sb.append(
        e.actions().isEmpty() ? "  (none)\n" : "  " + t(String.join(", ", e.actions())) + "\n");
    if (catalog != null) {
      sameAction(sb, e, catalog);
    }
    return sb.toString();
  }

  private static void attack(StringBuilder sb, CatalogEntry e, AttackTable table) {
    if (e == null || e.attack().isEmpty()) {
      return;
    }
    if (table == null) {
      sb.append("\nMITRE ATT&CK (no name table in this build)\n");
      e.attack().forEach(m -> sb.append("  ").append(t(m.value())).append('\n'));
      return;
    }
    sb.append("\nMITRE ATT&CK coverage (ATT&CK ")
        .append(t(table.version()))
        .append(", Enterprise)\n");
    for (CatalogEntry.Mapping m : e.attack()) {
      // As the lint does: a pairing the table does not hold gets no names, only the problem.
      String line =
          table
              .describe(m.value())
              .orElseGet(
                  () ->
                      m.value()
                          + "  warning: "
                          + table.check(m.value()).orElse("")
                          + " ("
                          + m.location().fileAndLine()
                          + ") [attack-mapping]");
      sb.append("  ").append(t(line)).append('\n');
    }
  }

  private static void sameAction(StringBuilder sb, CatalogEntry e, Catalog catalog) {
    sb.append(
        "\nRules detecting the same action (other rules of the pack acting on one of its eventNames)\n");
    Map<CatalogEntry, Set<String>> same = catalog.sameAction(e);
    if (same.isEmpty()) {
      sb.append(e.actions().isEmpty() ? "  (it acts on no eventName)\n" : "  (none)\n");
    }
    for (Map.Entry<CatalogEntry, Set<String>> s : same.entrySet()) {
      CatalogEntry o = s.getKey();
      sb.append("  ")
          .append(t(o.id()))
          .append("  ")
          .append(t(o.severity()))
          .append(o.enabled() ? "" : ", disabled")
          .append(", ")
          .append(o.kind().singular())
          .append(o.actionsFromTests() ? " (actions from its true tests)" : "")
          .append(": ")
          .append(t(String.join(", ", s.getValue())))
          .append('\n');
    }
    catalog
        .byId(e.id())
        .filter(
            p ->
                !p.file()
                    .toAbsolutePath()
                    .normalize()
                    .equals(e.file().toAbsolutePath().normalize()))
        .ifPresent(
            p ->
                sb.append("  (the pack's ")
                    .append(t(p.id()))
                    .append(", a ")
                    .append(p.kind().singular())
                    .append(" at ")
                    .append(t(p.file().toString()))
                    .append(", has this rule's RuleID: not listed)\n"));
  }

  /**
   * The explanation. Everything taken from the rule (names, values, descriptions, conditions) is
   * escaped for the terminal ({@link TerminalText}), so rule text cannot redraw or hide lines (an
   * exclusion made invisible); only the description keeps its own line breaks.
   */
  static String explain(Rule rule, CatalogEntry entry, AttackTable table, Catalog catalog) {
    StringBuilder sb = new StringBuilder();
    sb.append(t(rule.name())).append('\n');
    sb.append("RuleID      ").append(t(rule.id())).append('\n');
    sb.append("Severity    ")
        .append(rule.severity())
        .append(
            rule.dynamicSeverities().isEmpty()
                ? ""
                : " (dynamic: "
                    + rule.dynamicSeverities().stream()
                        .map(
                            d ->
                                d.changeTo().map(Object::toString).orElse("DEFAULT")
                                    + " when "
                                    + t(d.conditions().toString()))
                        .collect(Collectors.joining("; "))
                    + ")")
        .append('\n');
    metadata(
        sb,
        rule.enabled(),
        rule.logTypes(),
        rule.tags(),
        rule.reports(),
        rule.reference(),
        rule.description());
    attack(sb, entry, table);
    sb.append("\nLogic\n");
    if (rule.inlineFilters() != null) {
      sb.append("  filters: ").append(t(rule.inlineFilters().toString())).append('\n');
    }
    rule.detection().conjuncts().forEach(c -> sb.append("  ").append(t(c.toString())).append('\n'));

    CatalogEntry e = entry != null ? entry : Catalog.entry(rule, "");
    List<String[]> indicators = new ArrayList<>();
    for (Indicator i : e.indicators()) {
      if (catalog == null || i.values().size() < 2) {
        indicators.add(
            row(
                i,
                catalog == null
                    ? null
                    : catalog.corpusCount(e, i, i.values().isEmpty() ? null : i.values().get(0))));
      } else {
        // One line per value, each with its own count, as the seed page's corpus column.
        for (String v : i.values()) {
          indicators.add(
              row(
                  new Indicator(i.field(), i.operator(), List.of(v)),
                  catalog.corpusCount(e, i, v)));
        }
      }
    }
    List<String[]> exclusions = e.exclusions().stream().map(x -> row(x, null)).toList();
    table(
        sb,
        catalog == null
            ? "Indicators"
            : "Indicators (corpus: how many other rules of the pack test the same "
                + "field, operator and value; 'in' counts as '==' per value; a Python rule counts as eventName == each eventName "
                + "of its ExpectedResult: true tests)",
        indicators);
    table(sb, "Exclusions (matches of these are suppressed)", exclusions);
    if (catalog != null) {
      Map<String, List<CatalogEntry>> shared = catalog.sharedExclusions(e);
      sb.append("\nExclusions shared with other rules of the pack\n");
      if (shared.isEmpty()) {
        sb.append("  (none)\n");
      }
      shared.forEach(
          (x, others) ->
              sb.append("  ")
                  .append(t(x))
                  .append("  ")
                  .append(others.size())
                  .append(": ")
                  .append(
                      t(
                          others.stream()
                              .map(CatalogEntry::id)
                              .distinct()
                              .collect(Collectors.joining(", "))))
                  .append('\n'));
      sameAction(sb, e, catalog);
    }

    sb.append("\nOutput fields\n");
    if (rule.alertContext().isEmpty()) {
      sb.append("  (no AlertContext)\n");
    }
    for (AlertContextField f : rule.alertContext()) {
      sb.append("  ")
          .append(t(f.keyName()))
          .append(f.keyName().equals(f.value().toString()) ? "" : " = " + t(f.value().toString()))
          .append('\n');
    }
    if (!rule.summaryAttributes().isEmpty()) {
      sb.append("  summary attributes: ")
          .append(t(String.join(", ", rule.summaryAttributes())))
          .append('\n');
    }
    sb.append("\nAlert\n");
    sb.append("  title       ")
        .append(t(rule.alertTitle() != null ? rule.alertTitle().text() : rule.name()))
        .append('\n');
    sb.append("  dedup key   ")
        .append(
            rule.groupBy().isEmpty()
                ? "the title"
                : t(
                    rule.groupBy().stream()
                        .map(Object::toString)
                        .collect(Collectors.joining(" : "))))
        .append('\n');
    sb.append("  dedup period ")
        .append(rule.dedupPeriodMinutes())
        .append(" min, threshold ")
        .append(rule.threshold())
        .append(rule.createAlert() ? "" : ", signal only (CreateAlert: false)")
        .append('\n');
    sb.append("  tests       ").append(rule.tests().size()).append('\n');
    return sb.toString();
  }

  private static String[] row(Indicator i, Integer corpus) {
    String values = i.values().isEmpty() ? "(no value)" : String.join(", ", i.values());
    return corpus == null
        ? new String[] {i.field(), i.operator(), values}
        : new String[] {i.field(), i.operator(), values, "corpus " + corpus};
  }

  private static void table(StringBuilder sb, String title, List<String[]> rows) {
    sb.append('\n').append(title).append('\n');
    // Escaped before the widths are measured, so that columns line up as shown.
    rows =
        rows.stream()
            .map(r -> java.util.Arrays.stream(r).map(ExplainCommand::t).toArray(String[]::new))
            .toList();
    if (rows.isEmpty()) {
      sb.append("  (none)\n");
      return;
    }
    int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    int w1 = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
    int w2 = rows.stream().mapToInt(r -> r.length > 3 ? r[2].length() : 0).max().orElse(0);
    for (String[] r : rows) {
      sb.append("  ")
          .append(pad(r[0], w0))
          .append("  ")
          .append(pad(r[1], w1))
          .append("  ")
          .append(r.length > 3 ? pad(r[2], w2) + "  " + r[3] : r[2])
          .append('\n');
    }
  }

  /**
   * The metadata lines a rule and a catalog entry share: Enabled, Log types, Tags, Reports,
   * Reference, then the description's own lines; content escaped.
   */
  private static void metadata(
      StringBuilder sb,
      boolean enabled,
      List<String> logTypes,
      List<String> tags,
      Map<String, List<String>> reports,
      String reference,
      String description) {
    sb.append("Enabled     ").append(enabled).append('\n');
    sb.append("Log types   ").append(t(String.join(", ", logTypes))).append('\n');
    if (!tags.isEmpty()) {
      sb.append("Tags        ").append(t(String.join(", ", tags))).append('\n');
    }
    reports.forEach(
        (k, v) ->
            sb.append("Reports     ")
                .append(t(k))
                .append(": ")
                .append(t(String.join(", ", v)))
                .append('\n'));
    if (!reference.isEmpty()) {
      sb.append("Reference   ").append(t(reference)).append('\n');
    }
    if (!description.isBlank()) {
      sb.append('\n');
      description.strip().lines().forEach(line -> sb.append(t(line)).append('\n'));
    }
  }

  private static String t(String content) {
    return TerminalText.escape(content);
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }
}
