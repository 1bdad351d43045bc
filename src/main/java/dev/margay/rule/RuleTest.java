package dev.margay.rule;

import dev.margay.event.Event;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a rule's {@code Tests:}: the event ({@code Log}), whether the rule should match it, the
 * names of any {@code Mocks} (which patch Python helpers and cannot apply to a YAML detection), and where
 * the entry starts.
 */
public record RuleTest(String name, boolean expectedResult, Event log, List<String> mocks, SourceLocation location) {
  public RuleTest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(log, "log");
    mocks = List.copyOf(mocks);
    Objects.requireNonNull(location, "location");
  }
}
