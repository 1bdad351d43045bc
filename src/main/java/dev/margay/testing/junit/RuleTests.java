package dev.margay.testing.junit;

import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleLoadException;
import dev.margay.loader.RuleLoader;
import dev.margay.loader.SkippedFile;
import dev.margay.rule.SourceLocation;
import dev.margay.testing.TestOutcome;
import dev.margay.testing.TestReplay;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * JUnit 5 dynamic tests from rule files: one container per file, one test per {@code Tests:} entry,
 * named {@code file/test name} and linked to the entry's line. Needs {@code junit-jupiter-api} on
 * the test classpath (an optional dependency of Margay).
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> rules() {
 *   return RuleTests.from(Path.of("rules"));
 * }
 * }</pre>
 *
 * A file that does not load yields one failing test listing its problems; an entry with {@code
 * Mocks} is reported as aborted (skipped), never as passed. Files are routed by {@code
 * AnalysisType} as {@link RuleLoader#loadAll} routes them: a correlation rule's entries replay its
 * {@code RuleOutputs} ({@link dev.margay.testing.CorrelationReplay}); a Python rule, a policy or
 * any other kind Margay does not run yields one aborted test naming its kind; YAML that is not a
 * Panther analysis file yields nothing.
 */
public final class RuleTests {
  private RuleTests() {}

  /**
   * Dynamic tests for every rule file under the given files and directories (walked as {@link
   * RuleLoader#ruleFiles} walks them).
   *
   * @throws IllegalArgumentException if the paths hold no YAML detection or correlation rule at all
   *     (a mistyped path must not pass as an empty suite); the message names the paths
   * @throws java.io.UncheckedIOException if a path does not exist or cannot be read
   */
  public static Stream<DynamicNode> from(Path... paths) {
    List<DynamicNode> nodes = new ArrayList<>();
    dev.margay.files.FileWalker.Walk walk = RuleLoader.walk(Arrays.asList(paths));
    for (dev.margay.files.FileWalker.Problem problem : walk.problems()) {
      // An entry of a rule folder that cannot be read fails, rather than shrinking the suite
      // unseen.
      URI source = problem.path().toAbsolutePath().toUri();
      nodes.add(
          DynamicTest.dynamicTest(
              problem.path().getFileName() + "/read",
              source,
              () -> Assertions.fail("cannot read " + problem)));
    }
    boolean runnable = !walk.problems().isEmpty();
    for (Path file : walk.files()) {
      LoadResult result = RuleLoader.create().loadAll(List.of(file));
      runnable |=
          !result.rules().isEmpty()
              || !result.correlationRules().isEmpty()
              || !result.failures().isEmpty();
      DynamicNode node = container(file, result);
      if (node != null) {
        nodes.add(node);
      }
    }
    if (!runnable) {
      throw new IllegalArgumentException(
          "no YAML detection (a .yml/.yaml rule file with Detection:) under "
              + String.join(", ", Arrays.stream(paths).map(Path::toString).toList())
              + (nodes.isEmpty() ? "" : "; only files Margay does not run (" + nodes.size() + ")"));
    }
    return nodes.stream();
  }

  private static DynamicNode container(Path file, LoadResult result) {
    String name = file.getFileName().toString();
    URI source = file.toAbsolutePath().toUri();
    if (!result.failures().isEmpty()) {
      RuleLoadException e = result.failures().get(0);
      return DynamicContainer.dynamicContainer(
          name,
          source,
          Stream.of(
              DynamicTest.dynamicTest(
                  name + "/load",
                  source,
                  () -> Assertions.fail("rule file does not load:\n" + e.toDisplayString()))));
    }
    if (!result.skipped().isEmpty()) {
      SkippedFile skipped = result.skipped().get(0);
      return DynamicContainer.dynamicContainer(
          name,
          source,
          Stream.of(
              DynamicTest.dynamicTest(
                  name + "/not-run",
                  source,
                  () ->
                      Assumptions.abort(
                          "a "
                              + skipped.kind().singular()
                              + " (AnalysisType: "
                              + skipped.kind().analysisType()
                              + "): Margay runs YAML detections only"))));
    }
    List<TestOutcome> outcomes;
    if (!result.correlationRules().isEmpty()) {
      // A correlation rule's Tests replay its RuleOutputs (a local approximation of Panther's
      // backend).
      outcomes = dev.margay.testing.CorrelationReplay.replay(result.correlationRules().get(0));
    } else if (!result.rules().isEmpty()) {
      outcomes = TestReplay.replay(result.rules().get(0));
    } else {
      return null;
    }
    List<DynamicNode> tests = new ArrayList<>();
    for (TestOutcome outcome : outcomes) {
      tests.add(
          DynamicTest.dynamicTest(
              outcome.displayName(), lineUri(file, outcome.location()), () -> check(outcome)));
    }
    return DynamicContainer.dynamicContainer(name, source, tests.stream());
  }

  private static void check(TestOutcome outcome) {
    switch (outcome.status()) {
      case SKIPPED:
        Assumptions.abort(outcome.describe());
        break;
      case FAILED:
        Assertions.fail(outcome.describe());
        break;
      default:
        break;
    }
  }

  /** JUnit's file source form: {@code file:///path?line=N}. */
  private static URI lineUri(Path file, SourceLocation location) {
    return URI.create(file.toAbsolutePath().toUri() + "?line=" + location.line());
  }
}
