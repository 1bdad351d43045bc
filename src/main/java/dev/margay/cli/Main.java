package dev.margay.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the executable jar ({@code ./margay}). */
@Command(
    name = "margay",
    mixinStandardHelpOptions = true,
    versionProvider = MargayVersion.class,
    description = "Runs Panther-style YAML detection rules on JSON events.",
    subcommands = {
      ScanCommand.class,
      TestCommand.class,
      ValidateCommand.class,
      ExplainCommand.class,
      CoverageCommand.class,
      CatalogCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:test failures or validation problems (or rule files that do not load)",
      "2:usage error",
      "3:input that could not be read"
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "a command is required: scan, test, validate, explain, coverage or catalog");
  }

  /**
   * Runs the command line and returns its exit code (no {@code System.exit}), for tests and
   * embedding.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
    // --version answers on every subcommand, with the one version string.
    cli.getSubcommands()
        .values()
        .forEach(
            sub -> sub.getCommandSpec().versionProvider(cli.getCommandSpec().versionProvider()));
    cli.setParameterExceptionHandler(Main::usageError);
    boolean[] reported = {false}; // a failed output is reported once, however often it fails again
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof OutputFailedException failed) {
            reported[0] = true;
            return outputFailed(failed, commandLine.getErr());
          }
          if (e instanceof Rules.Unreadable) {
            commandLine.getErr().println("margay: " + TerminalText.escape(e.getMessage()));
            return ExitCodes.UNREADABLE_INPUT;
          }
          // A bug must not look like a clean run: report it briefly and exit with a distinct code.
          commandLine
              .getErr()
              .println("margay: internal error: " + TerminalText.escape(e.toString()));
          return ExitCodes.FAILURES;
        });
    // --help and --version are printed by picocli itself, outside the execution exception handler
    // (which
    // would print a stack trace for a failed write): catch that here.
    cli.setExecutionStrategy(
        parseResult -> {
          try {
            return new CommandLine.RunLast().execute(parseResult);
          } catch (OutputFailedException e) {
            reported[0] = true;
            return outputFailed(e, err);
          }
        });
    int code = cli.execute(args);
    try {
      out.flush();
    } catch (OutputFailedException e) {
      // Once only: the buffer below still holds what failed, so flushing it fails again.
      if (!reported[0]) {
        code = outputFailed(e, err);
      }
    }
    err.flush();
    return code;
  }

  /**
   * Every usage error the same way, whatever the command: {@code margay test: unknown option
   * '--only-faling' (did you mean '--only-failing'?)}, then where to look; exit 2. Unknown commands
   * and options get the closest name, as unknown values of {@code --format} or {@code --severity}
   * do.
   */
  static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    String message = e.getMessage();
    List<String> unmatched = command.getUnmatchedArguments();
    if (!unmatched.isEmpty()) {
      String arg = unmatched.get(0);
      if (arg.startsWith("-")) {
        String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        List<String> names = new ArrayList<>();
        command.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
        message = "unknown option '" + option + "'" + Rules.didYouMean(option, names);
      } else if (!command.getSubcommands().isEmpty()) {
        message =
            "unknown command '"
                + arg
                + "'"
                + Rules.didYouMean(arg, List.copyOf(command.getSubcommands().keySet()))
                + "; commands: "
                + String.join(", ", command.getSubcommands().keySet());
      }
    }
    err.println(name + ": " + TerminalText.escape(message));
    err.println("Try '" + name + " --help' for the options.");
    return ExitCodes.USAGE;
  }

  /**
   * A reader that went away ({@code | head -n 1}) ends the command quietly with exit 0; any other
   * write failure (a full disk) is an error: nothing written can be trusted, exit 3.
   */
  static int outputFailed(OutputFailedException e, PrintWriter err) {
    if (e.readerClosed()) {
      return ExitCodes.OK;
    }
    err.println("margay: cannot write " + TerminalText.escape(e.getMessage()));
    return ExitCodes.UNREADABLE_INPUT;
  }

  public static void main(String[] args) {
    // Not System.out: PrintStream swallows write errors, so a full disk or a closed pipe would go
    // unseen.
    PrintWriter out =
        new PrintWriter(
            new OutputStreamWriter(
                new CheckedOutputStream(
                    new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                    "stdout"),
                StandardCharsets.UTF_8));
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(out, err, args));
  }
}
