package dev.margay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library scan example is compiled and run, so it cannot drift from the API. */
class ReadmeScanExampleTest {
  @Test
  void readmeScanExample_compilesAndRuns_printingTheMatchesInFileOrder(@TempDir Path dir)
      throws Exception {
    TestingReadme.compile(dir, "ScanExample", TestingReadme.block("readme-scan-example", "java"));
    String printed = TestingReadme.runMain(dir, "ScanExample");
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
