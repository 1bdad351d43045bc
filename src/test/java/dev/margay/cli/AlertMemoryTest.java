package dev.margay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.loader.TestingRule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --alerts} in a 256 MB heap over 1,000,000 distinct dedup keys, one event a second
 * (11.6 days): with a disorder bound it closes windows as it goes and writes every alert; without
 * one it stops at its memory budget and says what to do. Never an out-of-memory stack trace. Runs
 * the CLI in its own JVM.
 */
class AlertMemoryTest {
  private static final int KEYS = 1_000_000;

  private record Result(int code, long lines, String firstLine, String lastLine, String err) {}

  private static Result scan(Path rule, String... options) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:-HeapDumpOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.margay.cli.Main",
                "scan",
                "--alerts"));
    command.addAll(List.of(options));
    command.addAll(List.of("--rules", rule.toString(), "-"));
    Process process = new ProcessBuilder(command).start();
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    CompletableFuture<Void> feed =
        CompletableFuture.runAsync(
            () -> {
              long start = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
              try (OutputStream in =
                  new java.io.BufferedOutputStream(process.getOutputStream(), 1 << 16)) {
                for (int i = 0; i < KEYS; i++) {
                  in.write(
                      ("{\"eventName\":\"X\",\"k\":\"k"
                              + i
                              + "\",\"eventTime\":\""
                              + Instant.ofEpochSecond(start + i)
                              + "\"}\n")
                          .getBytes(StandardCharsets.UTF_8));
                }
              } catch (IOException e) {
                // the scan stopped reading (it gave up past its limit): what it says is checked
                // below
              }
            });
    long lines = 0;
    String first = null;
    String last = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (first == null) {
          first = line;
        }
        last = line;
        lines++;
      }
    }
    int code = process.waitFor();
    feed.join();
    return new Result(code, lines, first, last, err.join());
  }

  private static Path rule(Path dir) throws IOException {
    Path rule = dir.resolve("r.yml");
    Files.writeString(
        rule,
        TestingRule.header("R")
            + "DedupPeriodMinutes: 60\nDetection: ['eventName == \"X\"']\nGroupBy:\n  - KeyPath: k\n");
    return rule;
  }

  @Test
  void boundedDisorder_oneMillionKeysIn256Mb_writesEveryAlert(@TempDir Path dir) throws Exception {
    Result r = scan(rule(dir), "--max-disorder", "1h");
    assertThat(r.err())
        .doesNotContain("Exception")
        .doesNotContain("OutOfMemory")
        .contains("1000000 match(es), 1000000 alert(s), 0 late match(es)");
    assertThat(r.code()).isZero();
    assertThat(r.lines()).isEqualTo(KEYS);
    assertThat(r.firstLine())
        .contains("\"dedupKey\":\"k0\"")
        .contains("\"windowStart\":\"2024-01-01T00:00:00Z\"");
    assertThat(r.lastLine()).contains("\"dedupKey\":\"k999999\"");
  }

  @Test
  void exactGrouping_oneMillionKeysIn256Mb_stopsAtItsBudget_andSaysWhatToDo(@TempDir Path dir)
      throws Exception {
    // Each distinct key costs an estimated ~340 bytes; the budget is half the heap: about 395,000
    // fit in 256 MB.
    Result r = scan(rule(dir));
    assertThat(r.err())
        .doesNotContain("Exception")
        .doesNotContain("OutOfMemory")
        .contains(
            "margay: --alerts stopped: exact alert grouping holds every match until the end of input: ")
        .contains("Rerun with --max-disorder DURATION");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.lines()).isZero();
  }

  @Test
  void boundWiderThanTheInput_holdsEveryMatchWaiting_stopsAtItsBudget_andSaysWhatToDo(
      @TempDir Path dir) throws Exception {
    Result r = scan(rule(dir), "--max-disorder", "3650d");
    assertThat(r.err())
        .doesNotContain("Exception")
        .doesNotContain("OutOfMemory")
        .contains(
            "margay: --alerts stopped: alert grouping with a disorder bound of PT87600H holds ")
        .contains("Rerun with a smaller --max-disorder");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.lines()).isZero(); // the watermark never passed a window's end
  }
}
