package dev.margay.bench;

import dev.margay.engine.RuleEngine;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Evaluates the bench events on N threads sharing one engine for some seconds: how evaluation
 * scales.
 */
public final class ScalingLoop {
  private ScalingLoop() {}

  public static void main(String[] args) throws Exception {
    String set = args[0];
    int threads = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    List<byte[]> events = BenchData.events();
    RuleEngine engine = RuleEngine.builder().addRules(BenchData.rules(set, events)).build();
    AtomicLong total = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      ts[t] =
          new Thread(
              () -> {
                long n = 0;
                while (System.nanoTime() < end) {
                  for (byte[] e : events) {
                    engine.evaluate(e);
                  }
                  n += events.size();
                }
                total.addAndGet(n);
              });
      ts[t].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    System.out.printf(
        "%s rules, %d threads: %.0f events/s%n", set, threads, total.get() / (double) seconds);
  }
}
