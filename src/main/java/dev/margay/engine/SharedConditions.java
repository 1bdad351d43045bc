package dev.margay.engine;

import dev.margay.condition.Condition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct top-level conditions of an engine's rules, each planned once and given an id. Rules
 * share many of them ({@code errorCode is_null}, {@code awsRegion == ...}, {@code eventSource == ...}),
 * so an {@link Evaluation} decides each at most once per event, and a rule is checked as an array of
 * ids against a small table of verdicts instead of by walking its own matcher objects: with thousands
 * of rules that walk, not the tests themselves, is what costs (cache misses). Filled while compiling,
 * read-only afterwards.
 */
final class SharedConditions {
  private record Key(Condition condition, Planner.Mode mode) {}

  private final Map<Key, Integer> ids = new HashMap<>();
  private final List<Matcher> matchers = new ArrayList<>();

  /** The id of {@code condition} in {@code mode}, planning it the first time it is seen. */
  int id(Condition condition, Planner.Mode mode, Evaluation.Slots paths) {
    return ids.computeIfAbsent(new Key(condition, mode), k -> {
      matchers.add(Planner.plan(condition, mode, paths));
      return matchers.size() - 1;
    });
  }

  int size() {
    return matchers.size();
  }

  Matcher[] toArray() {
    return matchers.toArray(new Matcher[0]);
  }
}
