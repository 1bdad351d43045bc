// Over 300 lines: one command: its options, the replay and its three output formats.
package dev.margay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.loader.LoadResult;
import dev.margay.loader.Problem;
import dev.margay.loader.RuleLoadException;
import dev.margay.loader.SkippedFile;
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
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replays the Tests: of rule files.",
      "Loads every .yml/.yaml rule file under the paths (through the same loader as scan and",
      "validate) and replays its Tests. Text output lists passes and skips, then failures, then one",
      "line per kind of file Margay does not run (Python rules, policies, ...: skipped by",
      "AnalysisType), then 'N passed, M failed, K skipped'. A file that does not load, and a rule short",
      "of --minimum-tests, each count as one failure; finding no YAML detection to run is an error.",
      "When the rules loaded with warnings (see validate), one note on stderr gives their count and the first.",
      "Example: margay test --format junit rules/ > results.xml"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every test passed",
      "1:a test failed, a file did not load, or nothing to run",
      "2:usage error",
      "3:a path could not be read"
    })
final class TestCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Rule files or directories.")
  List<Path> paths;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default), json or junit (JUnit XML).")
  String format;

  @Option(names = "--only-failing", description = "Text output: print failures only.")
  boolean onlyFailing;

  @Option(
      names = "--minimum-tests",
      paramLabel = "N",
      defaultValue = "0",
      description = "Each rule needs N tests; with N >= 2, at least one true and one false.")
  int minimumTests;

  @Option(
      names = "--strict",
      description =
          "Files Margay does not run (Python rules, policies, ...) and test "
              + "entries it skips (Mocks) count as failures: for repositories meant to be all YAML detections.")
  boolean strict;

  @Mixin RuleSelection selection;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * One reported item: a replayed entry, or a failure that is not an entry (a load failure, too few
   * tests). {@code problems} are a load failure's, shown with their source lines in text output;
   * empty otherwise.
   */
  record Result(
      String file,
      String suite,
      String name,
      TestOutcome.Status status,
      String message,
      int line,
      List<Problem> problems) {
    Result(
        String file,
        String suite,
        String name,
        TestOutcome.Status status,
        String message,
        int line) {
      this(file, suite, name, status, message, line, List.of());
    }

    /**
     * The text output's line(s) for a failure or a skip, with rule content escaped for the
     * terminal.
     */
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
    List<Rule> selected = Rules.select(loaded.rules(), selection);
    List<SkippedFile> skippedFiles = Rules.selectSkipped(loaded, selection);
    List<Result> results = new ArrayList<>();
    for (RuleLoadException failure : loaded.failures()) {
      Problem first = failure.problems().get(0);
      results.add(
          new Result(
              failure.file(),
              fileName(failure.file()),
              "load",
              TestOutcome.Status.FAILED,
              failure.toDisplayString(),
              first.location().line(),
              failure.problems()));
    }
    for (Rule rule : selected) {
      String coverage = coverageProblem(rule);
      if (coverage != null) {
        results.add(
            new Result(
                rule.source().file(),
                fileName(rule.source().file()),
                "minimum-tests",
                TestOutcome.Status.FAILED,
                fileName(rule.source().file()) + ": " + coverage,
                rule.source().line()));
      }
      for (TestOutcome o : TestReplay.replay(rule)) {
        TestOutcome.Status status =
            strict && o.status() == TestOutcome.Status.SKIPPED
                ? TestOutcome.Status.FAILED
                : o.status();
        results.add(
            new Result(
                o.location().file(),
                fileName(o.location().file()),
                o.testName(),
                status,
                (status != o.status() ? "(--strict) " : "") + o.describe(),
                o.location().line()));
      }
    }
    if (strict) {
      for (SkippedFile f : skippedFiles) {
        String file = f.file().toString();
        results.add(
            new Result(
                file,
                fileName(file),
                "not-run",
                TestOutcome.Status.FAILED,
                TerminalText.escape(f.location().toString()) + ": " + Rules.notRun(f),
                f.location().line()));
      }
    }
    int correlationTests = 0;
    for (CorrelationRule rule : loaded.correlationRules()) {
      if (!selection.accepts(rule)) {
        continue;
      }
      String coverage =
          coverageProblem(
              rule.id(), rule.tests().stream().map(CorrelationTest::expectedResult).toList());
      if (coverage != null) {
        results.add(
            new Result(
                rule.source().file(),
                fileName(rule.source().file()),
                "minimum-tests",
                TestOutcome.Status.FAILED,
                fileName(rule.source().file()) + ": " + coverage,
                rule.source().line()));
      }
      for (TestOutcome o : CorrelationReplay.replay(rule)) {
        correlationTests++;
        results.add(
            new Result(
                o.location().file(),
                fileName(o.location().file()),
                o.testName(),
                o.status(),
                o.describe(),
                o.location().line()));
      }
    }
    long passed = results.stream().filter(r -> r.status() == TestOutcome.Status.PASSED).count();
    long failed = results.stream().filter(r -> r.status() == TestOutcome.Status.FAILED).count();
    long skipped =
        results.stream().filter(r -> r.status() == TestOutcome.Status.SKIPPED).count()
            + (strict ? 0 : skippedFiles.size());
    String summary = passed + " passed, " + failed + " failed, " + skipped + " skipped";
    List<String> notes = new ArrayList<>(Rules.skipSummary(skippedFiles, strict));
    if (correlationTests > 0) {
      notes.add(
          "note: "
              + correlationTests
              + " correlation rule test(s) replayed from RuleOutputs: "
              + CorrelationReplay.LABEL);
    }
    String ignored = Rules.ignoredNote(loaded.ignored());
    if (ignored != null) {
      notes.add(ignored);
    }
    String hidden = Rules.hiddenNote(loaded);
    if (hidden != null) {
      notes.add(hidden);
    }
    switch (format) {
      case "json":
        out.println(json(results, passed, failed, skipped, skippedFiles));
        break;
      case "junit":
        {
          // Files not run are skipped test cases too, so a CI dashboard counts what the summary
          // line counts.
          List<Result> cases = new ArrayList<>(results);
          if (!strict) {
            for (SkippedFile f : skippedFiles) {
              String file = f.file().toString();
              cases.add(
                  new Result(
                      file,
                      fileName(file),
                      "not-run",
                      TestOutcome.Status.SKIPPED,
                      "a "
                          + f.kind().singular()
                          + " (AnalysisType: "
                          + f.kind().analysisType()
                          + "): Margay runs YAML detections only",
                      f.location().line()));
            }
          }
          out.print(JUnitXml.render(cases));
          break;
        }
      default:
        text(out, results, notes, summary);
    }
    if (!format.equals("text")) {
      notes.forEach(err::println);
      err.println(summary);
    }
    String warnings = warningNote(selected, paths);
    if (warnings != null) {
      err.println(warnings);
    }
    if (selected.isEmpty()
        && loaded.correlationRules().stream().noneMatch(selection::accepts)
        && loaded.failures().isEmpty()) {
      err.println(
          "margay test: no YAML detection to run in "
              + TerminalText.escape(describe(paths))
              + (selection.isEmpty() ? "" : " matching the selection")
              + (loaded.files().isEmpty() ? " (no .yml or .yaml file found)" : ""));
      return ExitCodes.FAILURES;
    }
    return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURES;
  }

  /**
   * One stderr line when the selected rules loaded with warnings (an unknown {@code ChangeTo}, a
   * {@code Key:} with a dot): test does not list them, and a user who only runs test would
   * otherwise never see them. Null when there are none. Only the loader's findings: the lints that
   * need the test events are validate's.
   */
  static String warningNote(List<Rule> rules, List<Path> paths) {
    List<dev.margay.rule.RuleWarning> all =
        rules.stream().flatMap(r -> r.warnings().stream()).toList();
    if (all.isEmpty()) {
      return null;
    }
    dev.margay.rule.RuleWarning first = all.get(0);
    return "note: "
        + all.size()
        + " load warning(s), e.g. "
        + TerminalText.escape(first.location() + ": " + first.message())
        + " ["
        + first.code()
        + "]; run margay validate "
        + TerminalText.escape(String.join(" ", paths.stream().map(Path::toString).toList()))
        + " to see them all";
  }

  static String describe(List<Path> paths) {
    return String.join(", ", paths.stream().map(Path::toString).toList());
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
      return "rule "
          + ruleId
          + " has "
          + count
          + " test(s), fewer than --minimum-tests "
          + minimumTests;
    }
    if (minimumTests >= 2 && (!expected.contains(true) || !expected.contains(false))) {
      return "rule " + ruleId + " needs at least one ExpectedResult: true and one false test";
    }
    return null;
  }

  private void text(PrintWriter out, List<Result> results, List<String> notes, String summary) {
    if (!onlyFailing) {
      for (Result r : results) {
        if (r.status() == TestOutcome.Status.PASSED) {
          // Test names are rule content: escaped, so that no name can draw a line of its own.
          out.println(
              "ok   " + TerminalText.escape(r.suite()) + "/" + TerminalText.escape(r.name()));
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
    notes.forEach(out::println);
    out.println(summary);
  }

  private static String json(
      List<Result> results, long passed, long failed, long skipped, List<SkippedFile> files) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("passed", passed).put("failed", failed).put("skipped", skipped);
    ObjectNode kinds = root.putObject("skippedFiles");
    for (SkippedFile f : files) {
      String kind = f.kind().name().toLowerCase(java.util.Locale.ROOT);
      kinds.put(kind, kinds.path(kind).asInt() + 1);
    }
    ArrayNode items = root.putArray("results");
    for (Result r : results) {
      ObjectNode o = items.addObject();
      o.put("file", r.file())
          .put("line", r.line())
          .put("test", r.suite() + "/" + r.name())
          .put("status", r.status().name().toLowerCase(java.util.Locale.ROOT))
          .put("message", r.message());
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
