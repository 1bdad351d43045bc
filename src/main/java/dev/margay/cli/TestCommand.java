package dev.margay.cli;

import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleLoadException;
import dev.margay.loader.RuleLoader;
import dev.margay.testing.TestOutcome;
import dev.margay.testing.TestReplay;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code margay test PATH...}: replays every rule file's {@code Tests:}. */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = {"Loads every .yml/.yaml rule file under the paths and replays its Tests.",
        "Prints one line per failure, then 'N passed, M failed' (', K skipped' when entries use Mocks).",
        "A file that does not load prints its problems and counts as one failure."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every test passed", "1:a test failed or a file did not load", "2:usage error",
        "3:a path could not be read"})
final class TestCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Rule files or directories.")
  List<Path> paths;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadResult loaded;
    try {
      loaded = RuleLoader.create().loadAll(paths);
    } catch (UncheckedIOException e) {
      err.println("margay: cannot read " + e.getCause().getMessage());
      return ExitCodes.UNREADABLE_INPUT;
    }
    int failed = 0;
    for (RuleLoadException failure : loaded.failures()) {
      out.println(failure.toDisplayString());
      failed++;
    }
    List<TestOutcome> outcomes = TestReplay.replayAll(loaded.rules());
    int passed = 0;
    int skipped = 0;
    for (TestOutcome o : outcomes) {
      switch (o.status()) {
        case PASSED:
          passed++;
          break;
        case SKIPPED:
          skipped++;
          break;
        default:
          failed++;
          out.println(o.describe());
      }
    }
    out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
    return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURES;
  }
}
