package dev.margay.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.rule.Rule;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.event.ruler.Machine;

/**
 * One op = one real CloudTrail event (the bench file, cycled). Margay end to end (safe projected
 * parse, index, evaluate, build the matches), the naive engine (whole-tree parse, every rule, no
 * index), AWS Event Ruler on the rules it can express, and Margay on exactly that subset. Setup
 * checks that Margay, naive and Ruler find identical matches on every event.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineBenchmark {
  @Param({"1", "109", "1000", "10000"})
  public String rules;

  private byte[][] events;
  private String[] eventStrings;
  private int next;
  private RuleEngine margay;
  private RuleEngine naive;
  private RuleEngine margaySubset;
  private Machine ruler;

  @Setup
  public void setUp() throws Exception {
    List<byte[]> data = BenchData.events();
    events = data.toArray(new byte[0][]);
    eventStrings =
        data.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toArray(String[]::new);
    List<Rule> ruleSet = BenchData.rules(rules, data);
    margay = RuleEngine.builder().addRules(ruleSet).build();
    naive = RuleEngine.builder().addRules(ruleSet).indexed(false).projection(false).build();
    Map<String, String> patterns = BenchData.rulerPatterns(ruleSet);
    List<Rule> subset = ruleSet.stream().filter(r -> patterns.containsKey(r.id())).toList();
    margaySubset = RuleEngine.builder().addRules(subset).build();
    ruler = Machine.builder().build(); // the defaults: what the deprecated new Machine() gave
    for (Map.Entry<String, String> e : patterns.entrySet()) {
      ruler.addRule(e.getKey(), e.getValue());
    }
    long matches = 0;
    for (int i = 0; i < events.length; i++) {
      List<Match> a = margay.evaluate(events[i]);
      List<Match> b = naive.evaluate(events[i]);
      if (!a.equals(b)) {
        throw new IllegalStateException("indexed and naive differ on event " + i);
      }
      Set<String> expected = new HashSet<>();
      margaySubset.evaluate(events[i]).forEach(m -> expected.add(m.ruleId()));
      Set<String> actual = new HashSet<>(ruler.rulesForJSONEvent(eventStrings[i]));
      if (!expected.equals(actual)) {
        throw new IllegalStateException(
            "Event Ruler and Margay differ on event "
                + i
                + ": margay "
                + expected
                + ", ruler "
                + actual);
      }
      matches += a.size();
    }
    // The match rate decides which yardstick a set serves (R2 wants at most about one per event).
    System.out.printf(
        "%n[setup] %s rules: %d events, %d matches (%.3f per event); Event Ruler expresses %d of %d"
            + " rules; %d dispatched by index%n",
        rules,
        events.length,
        matches,
        (double) matches / events.length,
        patterns.size(),
        ruleSet.size(),
        margay.indexedRuleCount());
  }

  private int nextIndex() {
    int i = next;
    next = i + 1 == events.length ? 0 : i + 1;
    return i;
  }

  /** End to end: bytes in, matches out (projected parse, index, match building). */
  @Benchmark
  public List<Match> margay() {
    return margay.evaluate(events[nextIndex()]);
  }

  private static final dev.margay.event.Ingestion INGESTION =
      new dev.margay.event.Ingestion(
          "bench.jsonl", java.time.Instant.parse("2026-01-01T00:00:00Z"), "0123456789abcdef");

  /**
   * As {@link #margay()}, with Panther's standard fields as {@code scan} adds them (no {@code
   * --raw}): the fields the rules read are computed, nothing when they read none.
   */
  @Benchmark
  public List<Match> margayIngested() {
    byte[] event = events[nextIndex()];
    dev.margay.event.Event parsed = margay.parse(event, 0, event.length);
    return margay.readsStandardFields()
        ? margay.evaluate(parsed, INGESTION)
        : margay.evaluate(parsed);
  }

  /** Whole-tree parse and every rule in turn: what a plain loop over rules costs. */
  @Benchmark
  public List<Match> naive() {
    return naive.evaluate(events[nextIndex()]);
  }

  @Benchmark
  public List<Match> margayRulerSubset() {
    return margaySubset.evaluate(events[nextIndex()]);
  }

  @Benchmark
  public List<String> eventRuler() throws Exception {
    return ruler.rulesForJSONEvent(eventStrings[nextIndex()]);
  }

  /** Baselines independent of the rules: what merely reading the events costs. */
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @State(Scope.Thread)
  @Fork(1)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  public static class Parsing {
    private byte[][] events;
    private int next;
    private final ObjectMapper mapper = new ObjectMapper();

    @Setup
    public void setUp() throws Exception {
      events = BenchData.events().toArray(new byte[0][]);
    }

    private int nextIndex() {
      int i = next;
      next = i + 1 == events.length ? 0 : i + 1;
      return i;
    }

    /** The floor: Jackson building the whole tree. */
    @Benchmark
    public Object readTree() throws Exception {
      return mapper.readTree(events[nextIndex()]);
    }

    /** Jackson tokenizing only. */
    @Benchmark
    public int tokenScan() throws Exception {
      int tokens = 0;
      try (com.fasterxml.jackson.core.JsonParser p =
          mapper.getFactory().createParser(events[nextIndex()])) {
        while (p.nextToken() != null) {
          tokens++;
        }
      }
      return tokens;
    }

    /** Margay's safe parse alone (limits, duplicate-key detection, trailing-content check). */
    @Benchmark
    public Object margayParse() {
      return dev.margay.event.EventParser.defaults().parse(events[nextIndex()]);
    }
  }
}
