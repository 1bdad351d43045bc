package dev.margay.cli;

import static dev.margay.cli.TestingCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.cli.TestingCli.Run;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** --version and usage errors behave the same on every command. */
class UsageTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "scan", "test", "validate", "explain"})
  void version_onEveryCommand(String command) {
    Run run = command.isEmpty() ? run("--version") : run(command, "--version");
    assertThat(run.code()).isZero();
    assertThat(run.out()).isEqualTo("margay " + TestingCli.pomVersion() + "\n");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "tset|margay: unknown command 'tset' (did you mean 'test'?); commands: scan, test, validate, explain, coverage, catalog|margay",
        "valdate|margay: unknown command 'valdate' (did you mean 'validate'?); commands: scan, test, validate, explain, coverage, catalog|margay",
        "nonsense|margay: unknown command 'nonsense'; commands: scan, test, validate, explain, coverage, catalog|margay",
        "test --only-faling r|margay test: unknown option '--only-faling' (did you mean '--only-failing'?)|margay test",
        "scan --rule r|margay scan: unknown option '--rule' (did you mean '--rules'?)|margay scan",
        "validate --formt=json r|margay validate: unknown option '--formt' (did you mean '--format'?)|margay validate",
        "explain --stirct r|margay explain: unknown option '--stirct'|margay explain",
        "validate --format jsn r|margay validate: unknown --format 'jsn' (did you mean 'json'?); allowed: text, json, sarif|margay validate",
        "test --format junt r|margay test: unknown --format 'junt' (did you mean 'junit'?); allowed: text, json, junit|margay test",
        "scan --input-format jsnl --rules r|margay scan: unknown --input-format 'jsnl' (did you mean 'jsonl'?); allowed: jsonl, array, records, json|margay scan",
        "test --severity Hight r|margay test: unknown --severity 'Hight' (did you mean 'High'?); allowed: Info, Low, Medium, High, Critical, each optionally with +|margay test",
      })
  void usageErrors_nameTheClosestCommandOptionOrValue_andExitWith2(
      String args, String message, String command) {
    Run run = run(args.split(" "));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(message + "\nTry '" + command + " --help' for the options.\n");
    assertThat(run.out()).isEmpty();
  }
}
