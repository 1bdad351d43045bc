package dev.margay.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the executable jar ({@code ./margay}). */
@Command(name = "margay", mixinStandardHelpOptions = true, version = "margay 0.1.0",
    description = "Runs Panther-style YAML detection rules on JSON events.",
    subcommands = {ScanCommand.class, TestCommand.class, ValidateCommand.class, ExplainCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:test failures or validation problems (or rule files that do not load)",
        "2:usage error", "3:input that could not be read"})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a command is required: scan, test, validate or explain");
  }

  /** Runs the command line and returns its exit code (no {@code System.exit}), for tests and embedding. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof Rules.Unreadable) {
        commandLine.getErr().println("margay: " + e.getMessage());
        return ExitCodes.UNREADABLE_INPUT;
      }
      // A bug must not look like a clean run: report it briefly and exit with a distinct code.
      commandLine.getErr().println("margay: internal error: " + e);
      return ExitCodes.FAILURES;
    });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(out, err, args));
  }
}
