package dev.margay.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.TestingReadme;
import dev.margay.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Flink program is compiled and run on the bench file with the corpus rules: it prints
 * {@code scan --alerts}' alerts line for line, then {@code alerts: N}.
 */
class FlinkExampleTest {
  @Test
  void readmeFlinkProgramPrintsScansAlerts(@TempDir Path dir) throws Exception {
    TestingReadme.compile(dir, "FlinkAlerts", TestingReadme.block("flink-example", "java"));

    String bench = FlinkPipelineTest.BENCH.toString();
    String corpus = FlinkPipelineTest.CORPUS.toString();
    StringWriter scan = new StringWriter();
    assertThat(
            Main.run(
                new PrintWriter(scan),
                new PrintWriter(new StringWriter()),
                "scan",
                "--alerts",
                "--rules",
                corpus,
                bench))
        .isZero();

    String output = TestingReadme.runMain(dir, "FlinkAlerts", bench, corpus);
    // Only the program's own lines (a logging backend on the test classpath may write to stdout
    // too).
    List<String> printed =
        Arrays.stream(output.split("\n"))
            .filter(l -> l.startsWith("{\"ruleId\"") || l.startsWith("alerts: "))
            .toList();
    List<String> expected =
        Arrays.stream(scan.toString().split("\n")).filter(l -> !l.isEmpty()).toList();
    assertThat(expected).hasSize(45);
    assertThat(printed.subList(0, printed.size() - 1)).containsExactlyElementsOf(expected);
    assertThat(printed.get(printed.size() - 1)).isEqualTo("alerts: 45");
  }
}
