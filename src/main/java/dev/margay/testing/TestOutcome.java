package dev.margay.testing;

import dev.margay.rule.SourceLocation;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of replaying one {@code Tests:} entry.
 *
 * @param ruleId the rule's id
 * @param testName the entry's {@code Name}
 * @param expected the entry's {@code ExpectedResult}
 * @param actual whether the rule matched; empty when the entry was skipped
 * @param status passed, failed or skipped
 * @param detail why it failed or was skipped; for a passed {@code true} test, the match's title and
 *     dedup key
 * @param location where the entry starts ({@code file:line})
 */
public record TestOutcome(
    String ruleId,
    String testName,
    boolean expected,
    Optional<Boolean> actual,
    Status status,
    String detail,
    SourceLocation location) {

  /** Outcome kinds. A skipped test is never counted as passed. */
  public enum Status {
    PASSED,
    FAILED,
    SKIPPED
  }

  public TestOutcome {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(testName, "testName");
    Objects.requireNonNull(actual, "actual");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(location, "location");
  }

  public boolean passed() {
    return status == Status.PASSED;
  }

  /** {@code file/test name}: how test runners name this entry. */
  public String displayName() {
    return fileName() + "/" + testName;
  }

  private String fileName() {
    String file = location.file();
    int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
    return file.substring(slash + 1);
  }

  /**
   * One line: {@code file/test: expected true, got false} (or the skip/failure reason), then {@code
   * (file:line)}.
   */
  public String describe() {
    String what;
    switch (status) {
      case PASSED:
        what = "passed";
        break;
      case SKIPPED:
        what = "skipped: " + detail;
        break;
      default:
        what =
            actual.isPresent() && actual.get() != expected
                ? "expected " + expected + ", got " + actual.get()
                : detail;
    }
    return displayName() + ": " + what + " (" + location.fileAndLine() + ")";
  }
}
