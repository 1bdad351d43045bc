package dev.margay.bench;

import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Load time and retained heap per rule of rule folders read from disk: the conformance corpus, and
 * the corpus replicated once per tenant (each copy with its own RuleID and a {@code p_tenant ==
 * "tNNNNN"} condition added to its Detection, its Tests kept) up to 10,000 rules. The first load of
 * each set in the JVM is reported apart ("cold"), then the median of 5 more. Retained bytes: heap
 * after a GC with the {@link LoadResult} reachable, minus without; no engine is built.
 *
 * <p>Run: {@code mvn -B -Pbench test-compile exec:exec -Dbench.main=dev.margay.bench.LoadCost
 * -Djmh.args="10000"} (arguments: the multi-tenant sizes; {@code -Djmh.args="10000 tests=false"}
 * loads without tests).
 */
public final class LoadCost {
  private LoadCost() {}

  public static void main(String[] args) throws Exception {
    boolean tests = true;
    List<Integer> sizes = new ArrayList<>();
    for (String a : args) {
      if (a.equals("tests=false")) {
        tests = false;
      } else {
        sizes.add(Integer.parseInt(a));
      }
    }
    if (sizes.isEmpty()) {
      sizes.add(10_000);
    }
    RuleLoader loader = tests ? RuleLoader.create() : RuleLoader.create().withoutTests();
    Path root = Files.createTempDirectory("margay-loadcost");
    try {
      List<Path> sets = new ArrayList<>();
      for (int size : sizes) {
        sets.add(multiTenant(root.resolve("tenants-" + size), size));
      }
      // Multi-tenant sets first: their first load is the cold one the issue asks about.
      for (int i = 0; i < sizes.size(); i++) {
        report("multi-tenant " + sizes.get(i), sets.get(i), loader);
      }
      report("corpus", BenchData.CONFORMANCE, loader);
    } finally {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void report(String name, Path folder, RuleLoader loader) throws Exception {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long c0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    LoadResult first = loader.loadAll(List.of(folder));
    long cold = System.nanoTime() - t0;
    long coldCpu = threads.getCurrentThreadCpuTime() - c0;
    if (!first.failures().isEmpty()) {
      throw new IllegalStateException(name + ": " + first.failures().get(0).getMessage());
    }
    int n = first.rules().size();
    first = null;
    long[] nanos = new long[5];
    long[] cpu = new long[5];
    for (int i = 0; i < nanos.length; i++) {
      long c = threads.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      loader.loadAll(List.of(folder));
      nanos[i] = System.nanoTime() - t;
      cpu[i] = threads.getCurrentThreadCpuTime() - c;
    }
    java.util.Arrays.sort(nanos);
    java.util.Arrays.sort(cpu);
    long before = usedAfterGc();
    LoadResult kept = loader.loadAll(List.of(folder));
    long after = usedAfterGc();
    System.out.printf(
        "%-22s %,6d rules: first load %,7.0f ms (loading thread's CPU %,.0f ms), then median %,7.0f ms "
            + "(min %,.0f, max %,.0f; CPU median %,.0f ms); retained %,d bytes = %,d bytes per rule%n",
        name,
        n,
        cold / 1e6,
        coldCpu / 1e6,
        nanos[2] / 1e6,
        nanos[0] / 1e6,
        nanos[4] / 1e6,
        cpu[2] / 1e6,
        after - before,
        (after - before) / n);
    if (Boolean.getBoolean("margay.bench.hold")) {
      System.out.println("holding " + ProcessHandle.current().pid());
      Thread.sleep(30_000);
    }
    if (kept.rules().size() != n) {
      throw new IllegalStateException();
    }
  }

  private static final Pattern RULE_ID =
      Pattern.compile("(?m)^RuleID:\\s*(\"?)([^\"\\n]+)\\1\\s*$");
  private static final Pattern DETECTION = Pattern.compile("(?m)^Detection:\\s*\\n( *)- ");

  /**
   * The corpus's YAML detections copied per tenant until {@code size} files, each with a tenant
   * condition.
   */
  static Path multiTenant(Path dir, int size) throws IOException {
    Files.createDirectories(dir);
    List<String> corpus = new ArrayList<>();
    try (Stream<Path> files = Files.list(BenchData.CONFORMANCE)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
        String text = Files.readString(f);
        if (RULE_ID.matcher(text).find() && DETECTION.matcher(text).find()) {
          corpus.add(text);
        }
      }
    }
    for (int i = 0; i < size; i++) {
      String tenant = String.format("t%05d", i / corpus.size());
      String text = corpus.get(i % corpus.size());
      Matcher id = RULE_ID.matcher(text);
      id.find();
      text =
          id.replaceFirst(
              Matcher.quoteReplacement("RuleID: \"" + id.group(2) + "." + tenant + "\""));
      Matcher d = DETECTION.matcher(text);
      d.find();
      String indent = d.group(1);
      text =
          d.replaceFirst(
              Matcher.quoteReplacement(
                  "Detection:\n"
                      + indent
                      + "- KeyPath: p_tenant\n"
                      + indent
                      + "  Condition: Equals\n"
                      + indent
                      + "  Value: "
                      + tenant
                      + "\n"
                      + indent
                      + "- "));
      Files.writeString(dir.resolve(String.format("%05d.yml", i)), text, StandardCharsets.UTF_8);
    }
    return dir;
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
