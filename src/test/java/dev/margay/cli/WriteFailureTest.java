package dev.margay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reproduction 11 for {@code test}, {@code validate} and {@code explain}: the real CLI in its own
 * JVM (as {@code ./margay} runs it, through {@link Main#main}) writing to {@code /dev/full} fails
 * with exit 3 and says so on stderr; with its reader gone (a closed pipe, as {@code | head -n 1}
 * leaves it) it ends quietly with exit 0.
 */
class WriteFailureTest {
  private static final String SEED_RULE =
      "src/test/resources/rules/aws_ec2_security_group_modified.yml";
  private static final String RULES = "src/test/resources/rules";

  private static List<String> command(String args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args.split(" ")));
    return cmd;
  }

  private record Result(int code, String err) {}

  private static Result finish(Process p) throws Exception {
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the command ends").isTrue();
    return new Result(
        p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "test " + RULES,
        "test --format junit " + RULES,
        "test --format json " + RULES,
        "validate " + RULES,
        "validate --format json " + RULES,
        "validate --format sarif " + RULES,
        "explain " + SEED_RULE,
        "--help",
        "--version",
        "scan --help"
      })
  void toAFullDisk_exitsWith3_andSaysWhatFailed(String args) throws Exception {
    assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs /dev/full (Linux)");
    Process p = new ProcessBuilder(command(args)).redirectOutput(new File("/dev/full")).start();
    Result r = finish(p);
    assertThat(r.code()).as(r.err()).isEqualTo(3);
    assertThat(r.err())
        .contains("margay: cannot write stdout: No space left on device")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(r.err().split("cannot write", -1)).as("said once: " + r.err()).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"test " + RULES, "validate --format sarif " + RULES, "explain " + SEED_RULE})
  void toAClosedPipe_endsQuietlyWithExit0(String args) throws Exception {
    Process p = new ProcessBuilder(command(args)).start();
    p.getInputStream().close(); // the reader is gone before the command writes anything
    Result r = finish(p);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err())
        .doesNotContain("cannot write")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }
}
