package dev.margay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the CLI in-process through {@link Main#run} (what {@code ./margay} runs, without {@code
 * System.exit}) and keeps its exit code, stdout and stderr.
 */
public final class TestingCli {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestingCli() {}

  /** One run of the CLI: its exit code and everything it wrote, as text. */
  public record Run(int code, String out, String err) {
    /** This run, after checking that it exited 0 (stderr describes a failure). */
    public Run succeeded() {
      assertThat(code).as(err).isZero();
      return this;
    }

    /** Stdout's non-blank lines (JSON Lines output, text reports). */
    public List<String> lines() {
      return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** Stdout's non-blank lines, each parsed as one JSON value (JSON Lines output). */
    public List<JsonNode> jsonLines() {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : lines()) {
        try {
          nodes.add(JSON.readTree(line));
        } catch (IOException e) {
          throw new UncheckedIOException("not JSON: " + line, e);
        }
      }
      return nodes;
    }
  }

  /** Runs {@code margay ARGS...} (standard input: the test JVM's). */
  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * Runs {@code margay ARGS...} with {@code stdin} as standard input ({@code System.in}, swapped
   * for the run: one such run at a time).
   */
  public static synchronized Run runWithStdin(byte[] stdin, String... args) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(stdin));
    try {
      return run(args);
    } finally {
      System.setIn(saved);
    }
  }

  /** The version is written once, in pom.xml: the project's own {@code <version>}. */
  public static String pomVersion() {
    try {
      String pom = Files.readString(Path.of("pom.xml"));
      Matcher m =
          Pattern.compile("<artifactId>margay</artifactId>\\s*<version>([^<]+)</version>")
              .matcher(pom);
      assertThat(m.find()).as("pom.xml's project version").isTrue();
      return m.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
