package dev.margay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margay.engine.RuleEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The issue-16 yardsticks from one command: runs the JMH benchmarks they need (writing JMH's JSON
 * results, {@code -rf json}), then reads those JSON files back and prints R1, R2 and R3 with error
 * bars.
 *
 * <ul>
 *   <li>R1 = {@code margay} at 1,000 generated rules / {@code Parsing.readTree} (goal ≥ 1.5);
 *   <li>R2 = {@code margay} at a realistic 10,000-rule set / at 1 rule (goal ≥ 0.9), on both
 *       realistic sets: {@code tenants-10000} (the corpus once per tenant) and {@code 10000-rare};
 *   <li>R3 = {@code margay} / {@code eventRuler} at 1,000 generated rules (goal ≥ 2.5).
 * </ul>
 *
 * Error bars: JMH gives each score a 99.9 % confidence interval [lo, hi]; a ratio a/b is reported
 * with the range [a.lo / b.hi, a.hi / b.lo] (unbounded above when b.lo ≤ 0). A goal is "met" when
 * the whole range is at or above it, "not met" when the whole range is below it, otherwise
 * "undecided" (more iterations, or a quieter machine, narrow the range).
 *
 * <p>Run: {@code mvn -B -Pbench test-compile exec:exec -Dbench.main=dev.margay.bench.Yardsticks
 * -Djmh.args="-f 1 -wi 2 -i 3"} (any JMH options; the benchmarks and parameters are chosen here).
 * {@code -Djmh.args="--from target/yardsticks-a.json target/yardsticks-b.json"} only reports on
 * JSON files from an earlier run.
 */
public final class Yardsticks {
  private Yardsticks() {}

  private static final String ENGINE = EngineBenchmark.class.getName();

  public static void main(String[] args) throws Exception {
    List<Path> results = new ArrayList<>();
    if (args.length > 0 && args[0].equals("--from")) {
      for (int i = 1; i < args.length; i++) {
        results.add(Path.of(args[i]));
      }
    } else {
      CommandLineOptions command = new CommandLineOptions(args);
      Files.createDirectories(Path.of("target"));
      // Two runs, because JMH applies a parameter's values to every benchmark of a run: the
      // baselines at 1,000 rules (readTree has no rule parameter), then margay on every set.
      Path baselines = Path.of("target/yardsticks-a.json");
      Path margay = Path.of("target/yardsticks-b.json");
      run(
          command,
          baselines,
          List.of(
              ENGINE + ".Parsing.readTree$",
              ENGINE + ".eventRuler$",
              ENGINE + ".margayRulerSubset$"),
          "1000");
      run(
          command,
          margay,
          List.of(ENGINE + ".margay$"),
          "1",
          "1000",
          "10000-rare",
          "tenants-10000");
      results.add(baselines);
      results.add(margay);
    }
    System.out.println(report(read(results), matchRates()));
  }

  private static void run(
      CommandLineOptions command, Path out, List<String> includes, String... rules)
      throws Exception {
    OptionsBuilder options = new OptionsBuilder();
    options.parent(command);
    includes.forEach(options::include);
    Options built =
        options
            .param("rules", rules)
            .resultFormat(ResultFormatType.JSON)
            .result(out.toString())
            .build();
    new Runner(built).run();
  }

  /** A JMH score: mean and the bounds of its 99.9 % confidence interval, in events/s. */
  record Score(double mean, double lo, double hi, double bytesPerOp) {
    String show() {
      if (hi == lo) {
        return String.format(Locale.ROOT, "%,.1fk (no interval: under 3 iterations)", mean / 1e3);
      }
      return String.format(Locale.ROOT, "%,.1fk ± %,.1fk", mean / 1e3, (hi - mean) / 1e3);
    }
  }

  /** Scores by "benchmark[rules]" (the simple method name, nested class kept) from JMH JSON. */
  static Map<String, Score> read(List<Path> files) throws Exception {
    Map<String, Score> out = new LinkedHashMap<>();
    ObjectMapper mapper = new ObjectMapper();
    for (Path file : files) {
      for (JsonNode run : mapper.readTree(file.toFile())) {
        String name = run.path("benchmark").asText().substring(ENGINE.length() + 1);
        JsonNode rules = run.path("params").path("rules");
        if (!rules.isMissingNode() && !name.startsWith("Parsing.")) {
          name += "[" + rules.asText() + "]";
        }
        JsonNode metric = run.path("primaryMetric");
        JsonNode ci = metric.path("scoreConfidence");
        double mean = metric.path("score").asDouble();
        // Under 3 iterations JMH gives no interval (NaN): then the range is the point.
        double lo = ci.path(0).isNumber() ? ci.path(0).asDouble() : mean;
        double hi = ci.path(1).isNumber() ? ci.path(1).asDouble() : mean;
        // Present with -prof gc: bytes allocated per op (per event); older JMH names it with a
        // leading "·".
        JsonNode alloc = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        for (Map.Entry<String, JsonNode> m : run.path("secondaryMetrics").properties()) {
          if (m.getKey().endsWith("gc.alloc.rate.norm")) {
            alloc = m.getValue().path("score");
          }
        }
        out.put(
            name,
            new Score(
                mean,
                Double.isNaN(lo) ? mean : lo,
                Double.isNaN(hi) ? mean : hi,
                alloc.isNumber() ? alloc.asDouble() : Double.NaN));
      }
    }
    return out;
  }

  /** Matches per event of each rule set, as the harness's setup also prints them. */
  private static Map<String, Double> matchRates() throws Exception {
    List<byte[]> events = BenchData.events();
    Map<String, Double> out = new LinkedHashMap<>();
    for (String set : List.of("1", "1000", "10000-rare", "tenants-10000")) {
      RuleEngine engine = RuleEngine.builder().addRules(BenchData.rules(set, events)).build();
      long matches = 0;
      for (byte[] e : events) {
        matches += engine.evaluate(e).size();
      }
      out.put(set, (double) matches / events.size());
    }
    return out;
  }

  static String report(Map<String, Score> s, Map<String, Double> rates) {
    StringBuilder out = new StringBuilder();
    out.append(
        "\n| benchmark | rules | matches/event | events/s (± 99.9% error) | allocated B/event |\n");
    out.append("| --- | --- | ---: | ---: | ---: |\n");
    s.forEach(
        (name, score) -> {
          int bracket = name.indexOf('[');
          String bench = bracket < 0 ? name : name.substring(0, bracket);
          String rules = bracket < 0 ? "–" : name.substring(bracket + 1, name.length() - 1);
          Double rate = rates.get(rules);
          out.append(
              String.format(
                  Locale.ROOT,
                  "| `%s` | %s | %s | %s | %s |%n",
                  bench,
                  rules,
                  rate == null || bench.equals("eventRuler") ? "–" : fmt(rate, 3),
                  score.show(),
                  Double.isNaN(score.bytesPerOp())
                      ? "– (no -prof gc)"
                      : String.format(Locale.ROOT, "%,.0f", score.bytesPerOp())));
        });
    out.append("\n| yardstick | goal | ratio | range | verdict |\n");
    out.append("| --- | ---: | ---: | ---: | --- |\n");
    ratio(out, s, "R1 = margay at 1,000 / readTree", "margay[1000]", "Parsing.readTree", 1.5);
    ratio(
        out,
        s,
        "R2 = margay at tenants-10000 / at 1 rule",
        "margay[tenants-10000]",
        "margay[1]",
        0.9);
    ratio(out, s, "R2 = margay at 10000-rare / at 1 rule", "margay[10000-rare]", "margay[1]", 0.9);
    ratio(out, s, "R3 = margay / eventRuler at 1,000", "margay[1000]", "eventRuler[1000]", 2.5);
    ratio(
        out,
        s,
        "R3 same rules = margayRulerSubset / eventRuler at 1,000",
        "margayRulerSubset[1000]",
        "eventRuler[1000]",
        2.5);
    return out.toString();
  }

  private static void ratio(
      StringBuilder out, Map<String, Score> s, String label, String a, String b, double goal) {
    Score x = s.get(a);
    Score y = s.get(b);
    if (x == null || y == null) {
      out.append("| ").append(label).append(" | ≥ ").append(goal).append(" | not run | | |\n");
      return;
    }
    double ratio = x.mean() / y.mean();
    double lo = Math.max(0, x.lo()) / y.hi();
    double hi = y.lo() <= 0 ? Double.POSITIVE_INFINITY : x.hi() / y.lo();
    // Under 3 iterations JMH gives no interval: a point is no range, so no verdict either.
    boolean intervals = x.hi() != x.lo() && y.hi() != y.lo();
    String verdict =
        !intervals
            ? "undecided (no interval: under 3 iterations)"
            : lo >= goal ? "met" : hi < goal ? "not met" : "undecided";
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | ≥ %s | **%s** | %s–%s | %s |%n",
            label,
            goal,
            fmt(ratio, 2),
            fmt(lo, 2),
            Double.isInfinite(hi) ? "∞" : fmt(hi, 2),
            verdict));
  }

  private static String fmt(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }
}
