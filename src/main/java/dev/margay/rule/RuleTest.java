package dev.margay.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margay.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a rule's {@code Tests:}: the event ({@code Log}), whether the rule should match it,
 * the names of any {@code Mocks} (which patch Python helpers and cannot apply to a YAML detection),
 * and where the entry starts. Immutable and thread-safe.
 *
 * <p>A test built by {@link #ofJson} keeps its event as compact JSON bytes (about a quarter of the
 * event's tree) and parses them on every call of {@link #log()}: a rule set of 10,000 rules keeps
 * its test events in a few kilobytes per rule, and only a replay pays for the trees.
 */
public final class RuleTest {
  // Jackson's defaults: the trees read back are the trees written (ints, longs, big integers,
  // doubles).
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final boolean expectedResult;
  private final Event log;
  private final byte[] logJson;
  private final List<String> mocks;
  private final SourceLocation location;

  /** A test of an event already built. */
  public RuleTest(
      String name, boolean expectedResult, Event log, List<String> mocks, SourceLocation location) {
    this(name, expectedResult, Objects.requireNonNull(log, "log"), null, mocks, location);
  }

  private RuleTest(
      String name,
      boolean expectedResult,
      Event log,
      byte[] logJson,
      List<String> mocks,
      SourceLocation location) {
    this.name = Objects.requireNonNull(name, "name");
    this.expectedResult = expectedResult;
    this.log = log;
    this.logJson = logJson;
    this.mocks = List.copyOf(mocks);
    this.location = Objects.requireNonNull(location, "location");
  }

  /**
   * A test whose event is kept as the compact JSON of {@code log} (a JSON object), parsed again on
   * each {@link #log()}. A tree holding a non-finite number (which JSON text cannot carry) is kept
   * as it is.
   *
   * @throws IllegalArgumentException if {@code log} is not a JSON object
   */
  public static RuleTest ofJson(
      String name,
      boolean expectedResult,
      JsonNode log,
      List<String> mocks,
      SourceLocation location) {
    if (!log.isObject()) {
      throw new IllegalArgumentException("a test event is a JSON object, not " + log.getNodeType());
    }
    if (hasNonFinite(log)) {
      return new RuleTest(name, expectedResult, Event.of(log), mocks, location);
    }
    try {
      return new RuleTest(name, expectedResult, null, JSON.writeValueAsBytes(log), mocks, location);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean hasNonFinite(JsonNode node) {
    if (node.isFloatingPointNumber()) {
      return !Double.isFinite(node.doubleValue());
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (hasNonFinite(child)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The test's {@code Name}. */
  public String name() {
    return name;
  }

  /** The test's {@code ExpectedResult}: whether the rule should match the event. */
  public boolean expectedResult() {
    return expectedResult;
  }

  /**
   * The test's event; for a test kept as JSON bytes, a new parse (about one tree's allocation) per
   * call.
   */
  public Event log() {
    if (log != null) {
      return log;
    }
    try {
      return Event.of(JSON.readTree(logJson));
    } catch (IOException e) {
      // The bytes are Jackson's own output of an object tree: reading them back cannot fail.
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the test's {@code Mocks}. */
  public List<String> mocks() {
    return mocks;
  }

  /** Where the test's entry starts. */
  public SourceLocation location() {
    return location;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RuleTest t)) {
      return false;
    }
    return name.equals(t.name)
        && expectedResult == t.expectedResult
        && mocks.equals(t.mocks)
        && location.equals(t.location)
        && log().equals(t.log());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, expectedResult, mocks, location);
  }

  @Override
  public String toString() {
    return "RuleTest[name="
        + name
        + ", expectedResult="
        + expectedResult
        + ", mocks="
        + mocks
        + ", location="
        + location
        + "]";
  }
}
