package dev.margay.bench;

import dev.margay.engine.RuleEngine;
import dev.margay.rule.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Build time of an engine with 10,000 generated rules (median of 7 builds after 3 warm-ups) and the
 * heap it retains per compiled rule (heap after a GC with the engine reachable, minus without).
 * Run: mvn -B -Pbench test-compile exec:exec -Dbench.main=dev.margay.bench.BuildCost -Djmh.args=
 */
public final class BuildCost {
  private BuildCost() {}

  public static void main(String[] args) throws Exception {
    List<Rule> rules = BenchData.generate(10_000, BenchData.events(), false);
    for (int i = 0; i < 3; i++) {
      RuleEngine.builder().addRules(rules).build();
    }
    long[] nanos = new long[7];
    for (int i = 0; i < nanos.length; i++) {
      long t = System.nanoTime();
      RuleEngine.builder().addRules(rules).build();
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    long before = usedAfterGc();
    List<RuleEngine> keep = new ArrayList<>();
    keep.add(RuleEngine.builder().addRules(rules).build());
    long after = usedAfterGc();
    System.out.printf(
        "build of %,d rules: median %.1f ms (min %.1f, max %.1f)%n",
        rules.size(), nanos[3] / 1e6, nanos[0] / 1e6, nanos[6] / 1e6);
    System.out.printf(
        "retained by the engine: %,d bytes = %,d bytes per compiled rule (rules themselves excluded)%n",
        after - before, (after - before) / rules.size());
    System.out.println(keep.size());
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
