package dev.margay.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * What is built from a rule set (an engine, with what loading said), kept per JVM by the rule set's
 * hash, so that repeated builds of the same rules are served once: Flink subtasks and restart
 * attempts in one TaskManager, Kafka Streams topologies, any caller that rebuilds from a {@code
 * RuleBundle}. Loading 10,000 rules takes seconds on a cold JVM; a built {@link RuleEngine} is
 * immutable and thread-safe, so sharing it changes no result.
 *
 * <p>This is the one process-wide cache in Margay. Entries are keyed by the rule set's hash (use
 * {@code RuleBundle.sha256()}, which covers every file's name and bytes) and the kind of value
 * built, so different adapters do not share values of different types. At most {@link #MAX_ENTRIES}
 * are kept, least recently used evicted first; an evicted value stays valid for whoever holds it.
 *
 * <p>Thread-safe. Concurrent callers for one key wait for a single build (callers for other keys do
 * not wait for it). A build that throws is not kept: every caller waiting for it gets the
 * exception, and the next call builds again. Waiting is not interruptible: an interrupt is kept for
 * the caller's thread to see afterwards.
 */
public final class EngineCache {
  /** Values kept at most. */
  public static final int MAX_ENTRIES = 8;

  private record Key(String hash, Class<?> kind) {}

  private static final Map<Key, FutureTask<Object>> ENTRIES =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, FutureTask<Object>> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  private EngineCache() {}

  /**
   * The value of kind {@code kind} built for the rule set of hash {@code hash}: the one already
   * built in this JVM, or {@code build}'s result, built once.
   *
   * @param hash the rule set's hash, such as {@code RuleBundle.sha256()}
   * @param kind what {@code build} returns; part of the key
   * @param build builds the value (it should load and build from the rules that {@code hash}
   *     names); may throw, and is then not kept
   * @throws NullPointerException if an argument is null, or {@code build} returns null
   */
  public static <V> V get(String hash, Class<V> kind, Supplier<? extends V> build) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(build, "build");
    Key key = new Key(hash, kind);
    FutureTask<Object> task;
    boolean building = false;
    synchronized (ENTRIES) {
      task = ENTRIES.get(key);
      if (task == null) {
        task = new FutureTask<>(() -> Objects.requireNonNull(build.get(), "built value"));
        ENTRIES.put(key, task);
        building = true;
      }
    }
    if (building) {
      // Outside the lock: builds of other rule sets go on meanwhile.
      task.run();
    }
    try {
      return kind.cast(await(task));
    } catch (ExecutionException e) {
      synchronized (ENTRIES) {
        ENTRIES.remove(key, task);
      }
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Whether a value for this hash and kind is kept now (built or being built). */
  public static boolean contains(String hash, Class<?> kind) {
    synchronized (ENTRIES) {
      return ENTRIES.containsKey(new Key(hash, kind));
    }
  }

  private static Object await(FutureTask<Object> task) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
