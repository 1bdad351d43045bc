package dev.margay.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Flink program is compiled and run on the bench file with the corpus rules: it prints
 * {@code scan --alerts}' alerts line for line, then {@code alerts: N}.
 */
class FlinkExampleTest {
  @Test
  void readmeFlinkProgramPrintsScansAlerts(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int marker = readme.indexOf("<!-- flink-example");
    int end = readme.indexOf("<!-- /flink-example -->");
    assertThat(marker).isPositive();
    assertThat(end).isGreaterThan(marker);
    int start = readme.indexOf("```java\n", marker) + "```java\n".length();
    String source = readme.substring(start, readme.lastIndexOf("```", end));
    Path file = dir.resolve("FlinkAlerts.java");
    Files.writeString(file, source);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(
            compiler.run(
                null,
                null,
                null,
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                dir.toString(),
                file.toString()))
        .as("javac exit status")
        .isZero();

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

    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Method main = loader.loadClass("FlinkAlerts").getMethod("main", String[].class);
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[] {bench, corpus});
    } finally {
      System.setOut(original);
    }
    // Only the program's own lines (a logging backend on the test classpath may write to stdout
    // too).
    List<String> printed =
        Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
            .filter(l -> l.startsWith("{\"ruleId\"") || l.startsWith("alerts: "))
            .toList();
    List<String> expected =
        Arrays.stream(scan.toString().split("\n")).filter(l -> !l.isEmpty()).toList();
    assertThat(expected).hasSize(45);
    assertThat(printed.subList(0, printed.size() - 1)).containsExactlyElementsOf(expected);
    assertThat(printed.get(printed.size() - 1)).isEqualTo("alerts: 45");
  }
}
