package dev.margay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.loader.LoadResult;
import dev.margay.loader.Problem;
import dev.margay.loader.RuleLoadException;
import dev.margay.rule.CorrelationRule;
import dev.margay.rule.CorrelationTest;
import dev.margay.rule.Rule;
import dev.margay.rule.RuleTest;
import dev.margay.testing.CorrelationReplay;
import dev.margay.testing.TestOutcome;
import dev.margay.testing.TestReplay;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code margay test PATH...}: replays every rule file's {@code Tests:}. */
@Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Replays the Tests: of rule files.",
        "Loads every .yml/.yaml rule file under the paths (through the same loader as scan and",
        "validate) and replays its Tests. Text output lists passes and skips, then failures, then",
        "'N passed, M failed' (', K skipped' when entries use Mocks). A file that does not load, and a rule",
        "short of --minimum-tests, each count as one failure.",
        "Example: margay test --format junit rules/ > results.xml"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every test passed", "1:a test failed or a file did not load", "2:usage error",
        "3:a path could not be read"})
final class TestCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Rule files or directories.")
  List<Path> paths;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default), json or junit (JUnit XML).")
  String format;

  @Option(names = "--only-failing", description = "Text output: print failures only.")
  boolean onlyFailing;

  @Option(names = "--minimum-tests", paramLabel = "N", defaultValue = "0",
      description = "Each rule needs N tests; with N >= 2, at least one true and one false.")
  int minimumTests;

  @Mixin
  RuleSelection selection;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /**
   * One reported item: a replayed entry, or a failure that is not an entry (a load failure, too few tests).
   * {@code problems} are a load failure's, shown with their source lines in text output; empty otherwise.
   */
  record Result(String file, String suite, String name, TestOutcome.Status status, String message, int line,
      List<Problem> problems) {
    Result(String file, String suite, String name, TestOutcome.Status status, String message, int line) {
      this(file, suite, name, status, message, line, List.of());
    }

    /** The text output's line(s) for a failure or a skip, with rule content escaped for the terminal. */
    String terminalMessage() {
      return problems.isEmpty() ? TerminalText.escape(message) : ProblemText.display(problems);
    }
  }

  @Override
  public Integer call() throws Rules.Unreadable {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Rules.checkFormat(spec, format, "text", "json", "junit");
    selection.check(spec.commandLine());
    LoadResult loaded = Rules.load(paths);
    List<Result> results = new ArrayList<>();
    for (RuleLoadException failure : loaded.failures()) {
      Problem first = failure.problems().get(0);
      results.add(new Result(failure.file(), fileName(failure.file()), "load", TestOutcome.Status.FAILED,
          failure.toDisplayString(), first.location().line(), failure.problems()));
    }
    for (Rule rule : Rules.select(loaded.rules(), selection)) {
      String coverage = coverageProblem(rule);
      if (coverage != null) {
        results.add(new Result(rule.source().file(), fileName(rule.source().file()), "minimum-tests",
            TestOutcome.Status.FAILED, fileName(rule.source().file()) + ": " + coverage, rule.source().line()));
      }
      for (TestOutcome o : TestReplay.replay(rule)) {
        results.add(new Result(o.location().file(), fileName(o.location().file()), o.testName(), o.status(),
            o.describe(), o.location().line()));
      }
    }
    for (CorrelationRule rule : loaded.correlationRules()) {
      if (!selection.accepts(rule)) {
        continue;
      }
      String coverage = coverageProblem(rule.id(), rule.tests().stream().map(CorrelationTest::expectedResult).toList());
      if (coverage != null) {
        results.add(new Result(rule.source().file(), fileName(rule.source().file()), "minimum-tests",
            TestOutcome.Status.FAILED, fileName(rule.source().file()) + ": " + coverage, rule.source().line()));
      }
      for (TestOutcome o : CorrelationReplay.replay(rule)) {
        results.add(new Result(o.location().file(), fileName(o.location().file()), o.testName(), o.status(),
            o.describe(), o.location().line()));
      }
    }
    long passed = results.stream().filter(r -> r.status() == TestOutcome.Status.PASSED).count();
    long failed = results.stream().filter(r -> r.status() == TestOutcome.Status.FAILED).count();
    long skipped = results.stream().filter(r -> r.status() == TestOutcome.Status.SKIPPED).count();
    String summary = passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "");
    switch (format) {
      case "json":
        out.println(json(results, passed, failed, skipped));
        break;
      case "junit":
        out.print(JUnitXml.render(results));
        break;
      default:
        text(out, results, summary);
    }
    if (!format.equals("text")) {
      err.println(summary);
    }
    return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURES;
  }

  /** panther_analysis_tool's --minimum-tests: N tests, and with N >= 2 one true and one false. */
  private String coverageProblem(Rule rule) {
    return coverageProblem(rule.id(), rule.tests().stream().map(RuleTest::expectedResult).toList());
  }

  private String coverageProblem(String ruleId, List<Boolean> expected) {
    if (minimumTests <= 0) {
      return null;
    }
    int count = expected.size();
    if (count < minimumTests) {
      return "rule " + ruleId + " has " + count + " test(s), fewer than --minimum-tests " + minimumTests;
    }
    if (minimumTests >= 2 && (!expected.contains(true) || !expected.contains(false))) {
      return "rule " + ruleId + " needs at least one ExpectedResult: true and one false test";
    }
    return null;
  }

  private void text(PrintWriter out, List<Result> results, String summary) {
    if (!onlyFailing) {
      for (Result r : results) {
        if (r.status() == TestOutcome.Status.PASSED) {
          // Test names are rule content: escaped, so that no name can draw a line of its own.
          out.println("ok   " + TerminalText.escape(r.suite()) + "/" + TerminalText.escape(r.name()));
        } else if (r.status() == TestOutcome.Status.SKIPPED) {
          out.println("skip " + r.terminalMessage());
        }
      }
    }
    for (Result r : results) {
      if (r.status() == TestOutcome.Status.FAILED) {
        out.println(r.terminalMessage());
      }
    }
    out.println(summary);
  }

  private static String json(List<Result> results, long passed, long failed, long skipped) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("passed", passed).put("failed", failed).put("skipped", skipped);
    ArrayNode items = root.putArray("results");
    for (Result r : results) {
      ObjectNode o = items.addObject();
      o.put("file", r.file()).put("line", r.line()).put("test", r.suite() + "/" + r.name())
          .put("status", r.status().name().toLowerCase(java.util.Locale.ROOT)).put("message", r.message());
    }
    return root.toString();
  }

  static String fileName(String path) {
    return Path.of(path).getFileName().toString();
  }

  /** Groups results by file, keeping order, for JUnit suites. */
  static Map<String, List<Result>> byFile(List<Result> results) {
    Map<String, List<Result>> out = new LinkedHashMap<>();
    for (Result r : results) {
      out.computeIfAbsent(r.file(), k -> new ArrayList<>()).add(r);
    }
    return out;
  }
}
