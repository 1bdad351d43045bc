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
import java.util.stream.Stream;

/**
 * Load time and retained heap per rule of rule folders read from disk: the conformance corpus, and
 * the corpus replicated once per tenant (each copy with its own RuleID and a {@code p_tenant ==
 * "tNNNNN"} condition added to its Detection, its Tests kept) up to N rules. Each set and loader
 * (with tests, {@code create()}; without, {@code withoutTests()} as {@code scan} loads) is measured
 * in a fresh JVM started for it, so every first load is a cold one: its wall time, the CPU time of
 * the whole process until then (JVM start, class loading, JIT and GC threads, every loading
 * thread), then the median of 3 more loads (wall and process CPU), and the heap kept by the loaded
 * rules (heap after a GC with the {@link LoadResult} reachable, minus without; no engine built).
 * Prints a Markdown table and the load average.
 *
 * <p>Run: {@code mvn -B -Pbench test-compile exec:exec -Dbench.main=dev.margay.bench.LoadCost
 * -Djmh.args="10000"} (arguments: the multi-tenant sizes; {@code tests=false} or {@code tests=true}
 * measures one loader only). {@code -Djmh.args="--write DIR 10000"} only writes the multi-tenant
 * folder to {@code DIR} and keeps it.
 */
public final class LoadCost {
  private LoadCost() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--write")) {
      // The same multi-tenant folder, kept, for timing the CLI on it (README "Loading").
      int size = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
      System.out.println(multiTenant(Path.of(args[1]), size) + ": " + size + " rule files");
      return;
    }
    if (args.length > 0 && args[0].equals("--one")) {
      one(Path.of(args[1]), Boolean.parseBoolean(args[2]), args[3]);
      return;
    }
    List<Boolean> modes = new ArrayList<>(List.of(false, true));
    List<Integer> sizes = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("tests=")) {
        modes = List.of(Boolean.parseBoolean(a.substring("tests=".length())));
      } else {
        sizes.add(Integer.parseInt(a));
      }
    }
    if (sizes.isEmpty()) {
      sizes.add(10_000);
    }
    Path root = Files.createTempDirectory("margay-loadcost");
    try {
      List<String[]> sets = new ArrayList<>();
      sets.add(new String[] {BenchData.CONFORMANCE.toString(), "109 corpus rules"});
      for (int size : sizes) {
        sets.add(
            new String[] {
              multiTenant(root.resolve("tenants-" + size), size).toString(),
              String.format("%,d tenant rules", size)
            });
      }
      System.out.println("load average before: " + loadAverage());
      System.out.println(
          "| rule set | loader | first load (cold JVM): wall (process CPU) "
              + "| then, median of 3: wall (process CPU) | retained per rule |");
      System.out.println("| --- | --- | ---: | ---: | ---: |");
      for (String[] set : sets) {
        for (boolean tests : modes) {
          Process p =
              new ProcessBuilder(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-cp",
                      System.getProperty("java.class.path"),
                      LoadCost.class.getName(),
                      "--one",
                      set[0],
                      String.valueOf(tests),
                      set[1])
                  .redirectErrorStream(true)
                  .start();
          String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          if (p.waitFor() != 0) {
            throw new IllegalStateException(out);
          }
          System.out.print(out);
        }
      }
      System.out.println("load average after: " + loadAverage());
    } finally {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return String.format(
          "%.2f",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** One set and loader in this (fresh) JVM: one row of the table. */
  private static void one(Path folder, boolean tests, String name) throws Exception {
    RuleLoader loader = tests ? RuleLoader.create() : RuleLoader.create().withoutTests();
    long startMillis = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    long t0 = System.nanoTime();
    LoadResult first = loader.loadAll(List.of(folder));
    long cold = System.nanoTime() - t0;
    long coldCpu = processCpuNanos();
    long sinceStart = System.currentTimeMillis() - startMillis;
    if (!first.failures().isEmpty()) {
      throw new IllegalStateException(name + ": " + first.failures().get(0).getMessage());
    }
    int n = first.rules().size();
    first = null;
    long[] nanos = new long[3];
    long[] cpu = new long[3];
    for (int i = 0; i < nanos.length; i++) {
      long c = processCpuNanos();
      long t = System.nanoTime();
      loader.loadAll(List.of(folder));
      nanos[i] = System.nanoTime() - t;
      cpu[i] = processCpuNanos() - c;
    }
    java.util.Arrays.sort(nanos);
    java.util.Arrays.sort(cpu);
    long before = usedAfterGc();
    LoadResult kept = loader.loadAll(List.of(folder));
    long after = usedAfterGc();
    System.out.printf(
        "| %s | %s | %s (%s; JVM start to loaded: %s) | %s (%s) | %,d B |%n",
        name,
        tests ? "`create()` (tests as JSON bytes)" : "`withoutTests()` (as `scan`)",
        time(cold),
        time(coldCpu),
        time(sinceStart * 1_000_000),
        time(nanos[1]),
        time(cpu[1]),
        (after - before) / n);
    if (kept.rules().size() != n) {
      throw new IllegalStateException();
    }
  }

  private static String time(long nanos) {
    return nanos >= 1_000_000_000
        ? String.format("%.1f s", nanos / 1e9)
        : String.format("%,d ms", nanos / 1_000_000);
  }

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
        if (BenchData.canCopyPerTenant(text)) {
          corpus.add(text);
        }
      }
    }
    for (int i = 0; i < size; i++) {
      String tenant = String.format("t%05d", i / corpus.size());
      String text = corpus.get(i % corpus.size());
      text = BenchData.tenantCopy(text, tenant, "p_tenant", tenant);
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
