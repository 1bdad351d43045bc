package dev.margay.testing;

import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.rule.Rule;
import dev.margay.rule.RuleTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replays rules' {@code Tests:} entries the way {@code panther_analysis_tool test} does: the rule
 * runs on each {@code Log} regardless of its {@code LogTypes} and {@code Enabled}; an entry passes
 * when the match result equals {@code ExpectedResult}, and for {@code true} entries producing the
 * alert fields (title, dedup key, severity, context) must succeed as well. Entries with {@code
 * Mocks} patch Python helpers, which a YAML detection does not have, so they are skipped, never
 * passed. Stateless.
 */
public final class TestReplay {
  private TestReplay() {}

  /** Outcomes of every test of one rule, in file order. */
  public static List<TestOutcome> replay(Rule rule) {
    RuleEngine engine = RuleEngine.builder().addRule(rule).includeDisabled(true).build();
    List<TestOutcome> out = new ArrayList<>();
    for (RuleTest test : rule.tests()) {
      out.add(replay(engine, rule, test));
    }
    return out;
  }

  /** Outcomes of every test of every rule. */
  public static List<TestOutcome> replayAll(List<Rule> rules) {
    List<TestOutcome> out = new ArrayList<>();
    for (Rule rule : rules) {
      out.addAll(replay(rule));
    }
    return out;
  }

  private static TestOutcome replay(RuleEngine engine, Rule rule, RuleTest test) {
    if (!test.mocks().isEmpty()) {
      return new TestOutcome(
          rule.id(),
          test.name(),
          test.expectedResult(),
          Optional.empty(),
          TestOutcome.Status.SKIPPED,
          "uses Mocks (" + String.join(", ", test.mocks()) + "), which only apply to Python rules",
          test.location());
    }
    Optional<Match> match;
    try {
      match = engine.evaluateRule(rule.id(), test.log());
    } catch (RuntimeException e) {
      // An evaluation error is neither true nor false: it fails the test whatever was expected.
      return new TestOutcome(
          rule.id(),
          test.name(),
          test.expectedResult(),
          Optional.empty(),
          TestOutcome.Status.FAILED,
          "evaluation failed: " + e,
          test.location());
    }
    boolean actual = match.isPresent();
    if (actual != test.expectedResult()) {
      return new TestOutcome(
          rule.id(),
          test.name(),
          test.expectedResult(),
          Optional.of(actual),
          TestOutcome.Status.FAILED,
          "expected " + test.expectedResult() + ", got " + actual,
          test.location());
    }
    String detail =
        match
            .map(
                m ->
                    "title '"
                        + m.title()
                        + "', dedup '"
                        + m.dedupKey()
                        + "', severity "
                        + m.severity())
            .orElse("");
    return new TestOutcome(
        rule.id(),
        test.name(),
        test.expectedResult(),
        Optional.of(actual),
        TestOutcome.Status.PASSED,
        detail,
        test.location());
  }
}
