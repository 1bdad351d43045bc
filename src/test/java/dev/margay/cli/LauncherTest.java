package dev.margay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./margay} launcher's own exit code (README: exit codes). */
class LauncherTest {
  @Test
  void aBuildThatFails_exitsWith4_notTheUsageCode2(@TempDir Path checkout) throws Exception {
    // A copy of the launcher beside a pom Maven rejects at once: no jar, so the launcher builds,
    // and
    // the build fails.
    Files.copy(Path.of("margay"), checkout.resolve("margay"));
    Files.writeString(checkout.resolve("pom.xml"), "this is not a pom\n");
    Files.createDirectories(checkout.resolve("src/main"));

    Process p =
        new ProcessBuilder("bash", checkout.resolve("margay").toString(), "--version")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isEqualTo(4);
    assertThat(err).contains("margay: building ").endsWith("margay: build failed\n");
  }

  @Test
  void theExitCodeIsDocumented() throws IOException {
    assertThat(Files.readString(Path.of("README.md")))
        .contains("**4** (the `./margay` launcher only) the CLI jar could not be built");
  }
}
