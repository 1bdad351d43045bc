package dev.margay.testing.junit;

import dev.margay.loader.RuleLoadException;
import dev.margay.loader.RuleLoader;
import dev.margay.rule.Rule;
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
 * named {@code file/test name} and linked to the entry's line. Needs {@code junit-jupiter-api} on the
 * test classpath (an optional dependency of Margay).
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> rules() {
 *   return RuleTests.from(Path.of("rules"));
 * }
 * }</pre>
 *
 * A file that does not load yields one failing test listing its problems; an entry with {@code Mocks}
 * is reported as aborted (skipped), never as passed.
 */
public final class RuleTests {
  private RuleTests() {}

  /** Dynamic tests for every rule file under the given files and directories. */
  public static Stream<DynamicNode> from(Path... paths) {
    List<DynamicNode> nodes = new ArrayList<>();
    dev.margay.files.FileWalker.Walk walk = RuleLoader.walk(Arrays.asList(paths));
    for (dev.margay.files.FileWalker.Problem problem : walk.problems()) {
      // An entry of a rule folder that cannot be read fails, rather than shrinking the suite unseen.
      URI source = problem.path().toAbsolutePath().toUri();
      nodes.add(DynamicTest.dynamicTest(problem.path().getFileName() + "/read", source,
          () -> Assertions.fail("cannot read " + problem)));
    }
    for (Path file : walk.files()) {
      nodes.add(container(file));
    }
    return nodes.stream();
  }

  private static DynamicNode container(Path file) {
    String name = file.getFileName().toString();
    URI source = file.toAbsolutePath().toUri();
    Rule rule;
    try {
      rule = RuleLoader.create().load(file);
    } catch (RuleLoadException e) {
      return DynamicContainer.dynamicContainer(name, source, Stream.of(DynamicTest.dynamicTest(name + "/load",
          source, () -> Assertions.fail("rule file does not load:\n" + e.toDisplayString()))));
    }
    List<DynamicNode> tests = new ArrayList<>();
    for (TestOutcome outcome : TestReplay.replay(rule)) {
      tests.add(DynamicTest.dynamicTest(outcome.displayName(), lineUri(file, outcome.location()), () -> check(outcome)));
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
