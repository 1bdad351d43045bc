package dev.margay.bench;

import dev.margay.engine.RuleEngine;
import java.util.List;

/**
 * A plain loop for profilers (JFR, perf): evaluates the bench events for N seconds. Not a
 * measurement.
 */
public final class ProfileLoop {
  private ProfileLoop() {}

  public static void main(String[] args) throws Exception {
    String set = args.length > 0 ? args[0] : "1000";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    List<byte[]> events = BenchData.events();
    RuleEngine engine = RuleEngine.builder().addRules(BenchData.rules(set, events)).build();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long n = 0;
    long matches = 0;
    while (System.nanoTime() < end) {
      for (byte[] e : events) {
        matches += engine.evaluate(e).size();
      }
      n += events.size();
    }
    System.out.printf("%d events, %.0f events/s, %d matches%n", n, n / (double) seconds, matches);
  }
}
