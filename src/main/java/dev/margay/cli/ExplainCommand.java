package dev.margay.cli;

import dev.margay.condition.All;
import dev.margay.condition.Any;
import dev.margay.condition.Check;
import dev.margay.condition.Compare;
import dev.margay.condition.CompareFields;
import dev.margay.condition.Condition;
import dev.margay.condition.Field;
import dev.margay.condition.Literal;
import dev.margay.condition.Membership;
import dev.margay.condition.None;
import dev.margay.condition.Quantified;
import dev.margay.loader.RuleLoadException;
import dev.margay.loader.RuleLoader;
import dev.margay.rule.AlertContextField;
import dev.margay.rule.Rule;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code margay explain RULE_FILE}: a rule as a detection catalog shows it. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Prints a rule the way a detection catalog shows it.",
        "Shows its metadata, the logic in compact syntax, the indicators (field, operator, values),",
        "the exclusions (the negated parts), the output fields and the dedup key.",
        "Example: margay explain rules/aws_ec2_security_group_modified.yml"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "1:the file does not load", "2:usage error (also: a directory given)",
        "3:the file could not be read"})
final class ExplainCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RULE_FILE", description = "One rule file.")
  Path file;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (Files.isDirectory(file)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "explain takes one rule file, and "
          + file + " is a directory (margay validate or margay test take directories)");
    }
    if (!Files.isRegularFile(file)) {
      err.println("margay: cannot read " + t(file.toString()));
      return ExitCodes.UNREADABLE_INPUT;
    }
    Rule rule;
    try {
      rule = RuleLoader.create().load(file);
    } catch (RuleLoadException e) {
      err.println(ProblemText.display(e));
      return ExitCodes.FAILURES;
    }
    out.print(explain(rule));
    return ExitCodes.OK;
  }

  /**
   * The explanation. Everything taken from the rule (names, values, descriptions, conditions) is escaped
   * for the terminal ({@link TerminalText}), so rule text cannot redraw or hide lines (an exclusion made
   * invisible); only the description keeps its own line breaks.
   */
  static String explain(Rule rule) {
    StringBuilder sb = new StringBuilder();
    sb.append(t(rule.name())).append('\n');
    sb.append("RuleID      ").append(t(rule.id())).append('\n');
    sb.append("Severity    ").append(rule.severity()).append(rule.dynamicSeverities().isEmpty() ? ""
        : " (dynamic: " + rule.dynamicSeverities().stream()
            .map(d -> d.changeTo().map(Object::toString).orElse("DEFAULT") + " when " + t(d.conditions().toString()))
            .collect(Collectors.joining("; ")) + ")").append('\n');
    sb.append("Enabled     ").append(rule.enabled()).append('\n');
    sb.append("Log types   ").append(t(String.join(", ", rule.logTypes()))).append('\n');
    if (!rule.tags().isEmpty()) {
      sb.append("Tags        ").append(t(String.join(", ", rule.tags()))).append('\n');
    }
    rule.reports().forEach((k, v) -> sb.append("Reports     ").append(t(k)).append(": ").append(t(String.join(", ", v)))
        .append('\n'));
    if (!rule.reference().isEmpty()) {
      sb.append("Reference   ").append(t(rule.reference())).append('\n');
    }
    if (!rule.description().isBlank()) {
      sb.append('\n');
      rule.description().strip().lines().forEach(line -> sb.append(t(line)).append('\n'));
    }
    sb.append("\nLogic\n");
    if (rule.inlineFilters() != null) {
      sb.append("  filters: ").append(t(rule.inlineFilters().toString())).append('\n');
    }
    List<Condition> items = rule.detection() instanceof All all ? all.children() : List.of(rule.detection());
    items.forEach(c -> sb.append("  ").append(t(c.toString())).append('\n'));

    List<String[]> indicators = new ArrayList<>();
    List<String[]> exclusions = new ArrayList<>();
    for (Condition c : items) {
      collect(c, false, indicators, exclusions);
    }
    table(sb, "Indicators", indicators);
    table(sb, "Exclusions (matches of these are suppressed)", exclusions);

    sb.append("\nOutput fields\n");
    if (rule.alertContext().isEmpty()) {
      sb.append("  (no AlertContext)\n");
    }
    for (AlertContextField f : rule.alertContext()) {
      sb.append("  ").append(t(f.keyName())).append(f.keyName().equals(f.value().toString()) ? "" : " = " + t(f.value().toString()))
          .append('\n');
    }
    if (!rule.summaryAttributes().isEmpty()) {
      sb.append("  summary attributes: ").append(t(String.join(", ", rule.summaryAttributes()))).append('\n');
    }
    sb.append("\nAlert\n");
    sb.append("  title       ").append(t(rule.alertTitle() != null ? rule.alertTitle().text() : rule.name())).append('\n');
    sb.append("  dedup key   ").append(rule.groupBy().isEmpty() ? "the title"
        : t(rule.groupBy().stream().map(Object::toString).collect(Collectors.joining(" : ")))).append('\n');
    sb.append("  dedup period ").append(rule.dedupPeriodMinutes()).append(" min, threshold ").append(rule.threshold())
        .append(rule.createAlert() ? "" : ", signal only (CreateAlert: false)").append('\n');
    sb.append("  tests       ").append(rule.tests().size()).append('\n');
    return sb.toString();
  }

  /** Positive leaves become indicators; leaves under a negation become exclusions. */
  private static void collect(Condition c, boolean negated, List<String[]> indicators, List<String[]> exclusions) {
    List<String[]> into = negated ? exclusions : indicators;
    if (c instanceof All all) {
      all.children().forEach(x -> collect(x, negated, indicators, exclusions));
    } else if (c instanceof Any any) {
      any.children().forEach(x -> collect(x, negated, indicators, exclusions));
    } else if (c instanceof None none) {
      none.children().forEach(x -> collect(x, !negated, indicators, exclusions));
    } else if (c instanceof Compare compare) {
      into.add(new String[] {field(compare.field()), compare.comparison().word(), compare.value().toString()});
    } else if (c instanceof Membership m) {
      into.add(new String[] {field(m.field()), m.negated() ? "not in" : "in",
          m.values().stream().map(Literal::text).sorted().collect(Collectors.joining(", "))});
    } else if (c instanceof Check check) {
      into.add(new String[] {field(check.field()), check.kind().word(), "(no value)"});
    } else if (c instanceof CompareFields cf) {
      into.add(new String[] {field(cf.left()), cf.comparison().word(), "field " + field(cf.right())});
    } else if (c instanceof Quantified q) {
      into.add(new String[] {field(q.field()), q.quantifier().word(),
          q.expressions().stream().map(Object::toString).collect(Collectors.joining(", "))});
    } else {
      into.add(new String[] {"", c.toString(), ""});
    }
  }

  private static String field(Field f) {
    return f.toString();
  }

  private static void table(StringBuilder sb, String title, List<String[]> rows) {
    sb.append('\n').append(title).append('\n');
    // Escaped before the widths are measured, so that columns line up as shown.
    rows = rows.stream().map(r -> new String[] {t(r[0]), t(r[1]), t(r[2])}).toList();
    if (rows.isEmpty()) {
      sb.append("  (none)\n");
      return;
    }
    int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    int w1 = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
    for (String[] r : rows) {
      sb.append("  ").append(pad(r[0], w0)).append("  ").append(pad(r[1], w1)).append("  ").append(r[2]).append('\n');
    }
  }

  private static String t(String content) {
    return TerminalText.escape(content);
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }
}
