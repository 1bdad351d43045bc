package dev.margay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;

/**
 * README code blocks as tests use them: the block after a marker comment, compiled against the test
 * class path, and a compiled program's {@code main} run with its standard output captured.
 */
public final class TestingReadme {
  private TestingReadme() {}

  /**
   * The first {@code ```lang} block after {@code <!-- marker}; fails the test when the marker is
   * missing.
   */
  public static String block(String marker, String lang) throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int at = readme.indexOf("<!-- " + marker);
    assertThat(at).as("the README's marker <!-- %s", marker).isNotNegative();
    String fence = "```" + lang + "\n";
    int start = readme.indexOf(fence, at) + fence.length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  /** Compiles {@code source} as {@code className.java} into {@code dir}; fails on any error. */
  public static void compile(Path dir, String className, String source) throws IOException {
    Path file = dir.resolve(className + ".java");
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
    assertThat(status).as("javac exit status for %s", className).isZero();
  }

  /** Runs {@code className.main(args)} from classes compiled into {@code dir}; its stdout. */
  public static String runMain(Path dir, String className, String... args) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, TestingReadme.class.getClassLoader())) {
      Method main = loader.loadClass(className).getMethod("main", String[].class);
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) args);
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
