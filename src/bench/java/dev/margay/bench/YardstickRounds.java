package dev.margay.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margay.engine.RuleEngine;
import dev.margay.rule.Rule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.event.ruler.Machine;

/**
 * R1, R2 and R3 as in-run ratios on a loaded machine: the workloads {@link Yardsticks} compares run
 * in one thread of one JVM in alternating rounds (200 ms of the thread's CPU time each, the order
 * rotated every round), timed by the thread's CPU time, so that load from other processes hits both
 * sides of a ratio alike. Each round gives one value of each ratio; the report is their median and
 * the range from the lowest to the highest round. Sharing one JVM mixes the JIT's profiles of the
 * Margay engines (JMH forks one JVM per benchmark), which costs Margay rather than helps it. Not a
 * substitute for the JMH run on a quiet machine; a check that holds when the machine is not quiet.
 *
 * <p>Run: {@code mvn -B -Pbench test-compile exec:exec
 * -Dbench.main=dev.margay.bench.YardstickRounds -Djmh.args="15"} (the number of rounds, then
 * optionally the workloads to run, e.g. {@code "15 readTree margay[1000]"}).
 */
public final class YardstickRounds {
  private YardstickRounds() {}

  /** Events processed per call: the whole bench file once. */
  private interface Workload {
    long run() throws Exception;
  }

  private static long sink;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    List<byte[]> events = BenchData.events();
    byte[][] bytes = events.toArray(new byte[0][]);
    String[] strings =
        events.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toArray(String[]::new);
    ObjectMapper mapper = new ObjectMapper();
    // Only the named workloads, when named: e.g. to see what sharing the JVM costs.
    java.util.function.Predicate<String> wanted =
        args.length > 1 ? List.of(args).subList(1, args.length)::contains : name -> true;
    Map<String, Workload> work = new LinkedHashMap<>();
    work.put("readTree", () -> each(bytes, e -> mapper.readTree(e).size()));
    for (String set : List.of("1", "109", "1000", "10000-rare", "tenants-10000")) {
      if (!wanted.test("margay[" + set + "]")) {
        continue;
      }
      RuleEngine engine = RuleEngine.builder().addRules(BenchData.rules(set, events)).build();
      work.put("margay[" + set + "]", () -> each(bytes, e -> engine.evaluate(e).size()));
    }
    List<Rule> generated = BenchData.rules("1000", events);
    Machine ruler =
        Machine.builder().build(); // the defaults: what the deprecated new Machine() gave
    for (Map.Entry<String, String> p : BenchData.rulerPatterns(generated).entrySet()) {
      ruler.addRule(p.getKey(), p.getValue());
    }
    work.keySet().removeIf(wanted.negate());
    work.put(
        "eventRuler[1000]",
        () -> {
          long n = 0;
          for (String s : strings) {
            n += ruler.rulesForJSONEvent(s).size();
          }
          sink += n;
          return strings.length;
        });
    work.keySet().removeIf(wanted.negate());
    List<String> names = new ArrayList<>(work.keySet());
    // Warm-up, twice round: the compiler threads share the machine with everything else.
    for (int pass = 0; pass < 2; pass++) {
      for (String name : names) {
        timed(work.get(name), 1_000);
      }
    }
    double[][] rates = new double[rounds][names.size()];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < names.size(); k++) {
        int w = (k + r) % names.size(); // rotated: no workload always follows the same one
        rates[r][w] = timed(work.get(names.get(w)), 200);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%n%d rounds; events per CPU-second, median (lowest–highest round):%n",
            rounds));
    for (int w = 0; w < names.size(); w++) {
      double[] column = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        column[r] = rates[r][w];
      }
      out.append(String.format(Locale.ROOT, "  %-22s %s%n", names.get(w), spread(column, 0)));
    }
    out.append("\n| yardstick | goal | median of rounds | lowest–highest round |\n");
    out.append("| --- | ---: | ---: | ---: |\n");
    ratio(out, rates, names, "R1 = margay at 1,000 / readTree", "margay[1000]", "readTree", 1.5);
    ratio(
        out,
        rates,
        names,
        "R2 = margay at tenants-10000 / at 1 rule",
        "margay[tenants-10000]",
        "margay[1]",
        0.9);
    ratio(
        out,
        rates,
        names,
        "R2 = margay at 10000-rare / at 1 rule",
        "margay[10000-rare]",
        "margay[1]",
        0.9);
    // Not a yardstick: what scale costs on the corpus's own rules (the tenant set's per-event work
    // is the corpus's, among 92 times as many rules).
    ratio(
        out,
        rates,
        names,
        "margay at tenants-10000 / at 109 (corpus), not a yardstick",
        "margay[tenants-10000]",
        "margay[109]",
        Double.NaN);
    ratio(
        out,
        rates,
        names,
        "R3 = margay / eventRuler at 1,000",
        "margay[1000]",
        "eventRuler[1000]",
        2.5);
    System.out.println(out);
    if (sink == 42) {
      System.out.println(); // keeps the results live
    }
  }

  private interface PerEvent {
    int apply(byte[] event) throws Exception;
  }

  private static long each(byte[][] events, PerEvent f) throws Exception {
    long n = 0;
    for (byte[] e : events) {
      n += f.apply(e);
    }
    sink += n;
    return events.length;
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /**
   * Events per CPU-second of this thread over whole passes using at least {@code millis} of it: on
   * a machine shared with other work, wall time measures the other work's share as much as ours.
   * Collector threads' CPU is not counted, which favours the workloads that allocate more ({@code
   * readTree}, Event Ruler), so the ratios err against Margay.
   */
  private static double timed(Workload w, long millis) throws Exception {
    long start = THREADS.getCurrentThreadCpuTime();
    long end = start + millis * 1_000_000L;
    long events = 0;
    long now;
    do {
      events += w.run();
      now = THREADS.getCurrentThreadCpuTime();
    } while (now < end);
    return events / ((now - start) / 1e9);
  }

  private static void ratio(
      StringBuilder out,
      double[][] rates,
      List<String> names,
      String label,
      String a,
      String b,
      double goal) {
    int x = names.indexOf(a);
    int y = names.indexOf(b);
    if (x < 0 || y < 0) {
      return;
    }
    double[] values = new double[rates.length];
    for (int r = 0; r < rates.length; r++) {
      values[r] = rates[r][x] / rates[r][y];
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | **%.2f** | %.2f–%.2f |%n",
            label,
            Double.isNaN(goal) ? "–" : "≥ " + goal,
            median(sorted),
            sorted[0],
            sorted[sorted.length - 1]));
  }

  private static String spread(double[] values, int digits) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "%,." + digits + "f (%,." + digits + "f–%,." + digits + "f)",
        median(sorted),
        sorted[0],
        sorted[sorted.length - 1]);
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
