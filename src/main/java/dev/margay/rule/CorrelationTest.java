package dev.margay.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One {@code Tests:} entry of a correlation rule: its name, the expected result and the signals its
 * {@code RuleOutputs} describe. Each item of {@code RuleOutputs[].Matches[field][value]} is one
 * signal of that member carrying {@code field = value} at that time: an ISO-8601 timestamp, or an
 * integer read as minutes on a common axis (minute 0 = the epoch). Immutable.
 */
public record CorrelationTest(
    String name, boolean expectedResult, List<Signal> signals, SourceLocation location) {

  /**
   * One signal of a test.
   *
   * @param memberId the {@code RuleOutputs[].ID}: a member's {@code ID}
   * @param field the field path under {@code Matches}
   * @param value the field's value, as text
   * @param timeMillis the signal's time in epoch milliseconds
   */
  public record Signal(String memberId, String field, String value, long timeMillis) {
    public Signal {
      Objects.requireNonNull(memberId, "memberId");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(value, "value");
    }
  }

  public CorrelationTest {
    Objects.requireNonNull(name, "name");
    signals = List.copyOf(new ArrayList<>(signals));
    Objects.requireNonNull(location, "location");
  }
}
