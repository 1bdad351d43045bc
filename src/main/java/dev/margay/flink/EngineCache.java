package dev.margay.flink;

import dev.margay.engine.RuleEngine;
import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleBundle;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Engines by rule-set hash, shared by the subtasks (and restart attempts) of one JVM: loading 109
 * rules takes about half a second per subtask start, building them tens of milliseconds
 * (streaming.md §6), and a built engine is immutable and thread-safe. This is the one process-wide
 * cache in Margay, kept because a Flink TaskManager runs many subtasks of the same job; it holds at
 * most {@link #MAX} rule sets (least recently used evicted), and an entry is a pure function of its
 * key, so sharing changes no result.
 */
final class EngineCache {
  static final int MAX = 4;

  /** An engine with what loading its rules said. */
  record Loaded(RuleEngine engine, LoadResult result) {}

  private static final Map<String, Loaded> CACHE =
      new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Loaded> eldest) {
          return size() > MAX;
        }
      };

  private EngineCache() {}

  /**
   * The engine of {@code rules}, built once per JVM (concurrent callers for the same set wait for
   * one build).
   */
  static Loaded get(RuleBundle rules) {
    String key = rules.sha256();
    synchronized (CACHE) {
      Loaded l = CACHE.get(key);
      if (l == null) {
        LoadResult result = rules.load();
        l = new Loaded(RuleEngine.builder().addRules(result.rules()).build(), result);
        CACHE.put(key, l);
      }
      return l;
    }
  }
}
