package dev.margay.flink;

import dev.margay.engine.RuleEngine;
import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleBundle;

/**
 * The engine of a rule set with what loading it said, from the library's one process-wide {@link
 * dev.margay.engine.EngineCache}, so that the subtasks (and restart attempts) of one TaskManager
 * load and build a rule set once: loading 109 rules takes about half a second per subtask start,
 * building them tens of milliseconds (streaming.md §6).
 */
final class EngineCache {
  /** An engine with what loading its rules said. */
  record Loaded(RuleEngine engine, LoadResult result) {}

  private EngineCache() {}

  /**
   * The engine of {@code rules}, built once per JVM (concurrent callers for the same set wait for
   * one build).
   */
  static Loaded get(RuleBundle rules) {
    return dev.margay.engine.EngineCache.get(
        rules.sha256(),
        Loaded.class,
        () -> {
          LoadResult result = rules.load();
          return new Loaded(RuleEngine.builder().addRules(result.rules()).build(), result);
        });
  }
}
