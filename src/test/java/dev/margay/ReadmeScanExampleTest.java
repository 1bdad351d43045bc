package dev.margay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library scan example is compiled and run, so it cannot drift from the API. */
class ReadmeScanExampleTest {
  @Test
  void readmeScanExample_compilesAndRuns_printingTheMatchesInFileOrder(@TempDir Path dir)
      throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int marker = readme.indexOf("<!-- readme-scan-example");
    assertThat(marker).as("the README's scan example marker").isNotNegative();
    int start = readme.indexOf("```java\n", marker) + "```java\n".length();
    String source = readme.substring(start, readme.indexOf("```", start));
    Path file = dir.resolve("ScanExample.java");
    Files.writeString(file, source);
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                dir.toString(),
                file.toString());
    assertThat(status).as("javac exit status").isZero();

    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Method main = loader.loadClass("ScanExample").getMethod("main", String[].class);
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(original);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    String events = "src/test/resources/events/mixed-clean.jsonl";
    assertThat(printed.lines())
        .first()
        .asString()
        .startsWith(events + ":1 AWS.EC2.SecurityGroupModified ");
    assertThat(printed.lines().toList()).last().isEqualTo("12 events scanned");
    // In file order: line numbers never go down.
    long previous = 0;
    for (String line : printed.lines().filter(l -> l.startsWith(events)).toList()) {
      long n = Long.parseLong(line.substring(events.length() + 1, line.indexOf(' ')));
      assertThat(n).isGreaterThanOrEqualTo(previous);
      previous = n;
    }
  }
}
