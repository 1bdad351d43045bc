package dev.margay.engine;

import dev.margay.condition.Condition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct top-level conditions of an engine's rules, each planned once and given an id. Rules
 * share many of them ({@code errorCode is_null}, {@code awsRegion == ...}, {@code eventSource ==
 * ...}), so an {@link Evaluation} decides each at most once per event, and a rule is checked as a
 * run of ids against a small table of verdicts instead of by walking its own matcher objects: with
 * thousands of rules, that walk (cache misses), not the tests themselves, is what costs.
 *
 * <p>Conditions that only ever appear as a requirement the rule index proves are never evaluated by
 * an indexed engine; they get the highest ids, past {@link #memoized}, so that the per-event
 * verdict table stays as small as the conditions actually decided. Immutable once built.
 */
final class SharedConditions {
  /** A condition as used: in a detection, or as InlineFilters. */
  record Key(Condition condition, Planner.Mode mode) {}

  private final Map<Key, Integer> ids;
  private final Matcher[] matchers;

  /** Ids below this have a slot in the per-event verdict table. */
  final int memoized;

  private SharedConditions(Map<Key, Integer> ids, Matcher[] matchers, int memoized) {
    this.ids = ids;
    this.matchers = matchers;
    this.memoized = memoized;
  }

  /**
   * The conditions of {@code rules}; {@code indexed} when the engine's index proves requirements.
   */
  static SharedConditions of(
      Collection<CompiledRule> rules, boolean indexed, Evaluation.Slots paths) {
    Map<Key, Boolean> decided = new LinkedHashMap<>(); // true: evaluated somewhere, not only proven
    for (CompiledRule rule : rules) {
      List<Key> keys = rule.conjuncts;
      for (int i = 0; i < keys.size(); i++) {
        boolean provenOnly = indexed && i == 0 && rule.provenByIndex();
        decided.merge(keys.get(i), !provenOnly, Boolean::logicalOr);
      }
    }
    Map<Key, Integer> ids = new HashMap<>(decided.size() * 2);
    List<Matcher> matchers = new ArrayList<>(decided.size());
    for (boolean pass : new boolean[] {true, false}) {
      decided.forEach(
          (key, evaluated) -> {
            if (evaluated == pass) {
              ids.put(key, matchers.size());
              matchers.add(Planner.plan(key.condition(), key.mode(), paths));
            }
          });
      if (pass) {
        ids.put(null, matchers.size()); // remembers the boundary until the constructor below
      }
    }
    int memoized = ids.remove(null);
    return new SharedConditions(ids, matchers.toArray(new Matcher[0]), memoized);
  }

  int id(Key key) {
    return ids.get(key);
  }

  Matcher[] matchers() {
    return matchers;
  }
}
