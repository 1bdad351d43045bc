package dev.margay.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleLoader;
import dev.margay.rule.CorrelationRule;
import dev.margay.rule.CorrelationRule.Member;
import dev.margay.rule.CorrelationRule.Transition;
import dev.margay.rule.CorrelationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The local replay of correlation rules' {@code Tests} against panther-analysis's backend-checked
 * expectations (../shared/panther-analysis): every test passes, and each part of the reading
 * (joins, absence, windows, counts) is needed: turning it off makes that many of those tests fail
 * (measured: 16, 13, 3 and 2 of 91), so the replay is no constant.
 */
class CorrelationReplayTest {
  private static final Path PA = Path.of("../shared/panther-analysis");

  private static List<CorrelationRule> all() throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(PA.resolve("rules"))) {
      files =
          new ArrayList<>(
              walk.filter(p -> p.toString().endsWith(".yml"))
                  .filter(
                      p -> {
                        try {
                          return Files.readString(p).contains("AnalysisType: correlation_rule");
                        } catch (java.io.IOException e) {
                          throw new java.io.UncheckedIOException(e);
                        }
                      })
                  .toList());
    }
    files.add(PA.resolve("correlation_rules"));
    LoadResult loaded = RuleLoader.create().loadAll(files);
    assertThat(loaded.failures()).isEmpty();
    return loaded.correlationRules();
  }

  private static long failures(List<CorrelationRule> rules) {
    long n = CorrelationReplay.replayAll(rules).stream().filter(o -> !o.passed()).count();
    System.out.println(
        "[correlation] ablation ("
            + StackWalker.getInstance()
                .walk(s -> s.skip(1).findFirst())
                .orElseThrow()
                .getMethodName()
            + "): "
            + n
            + " of 91 tests fail");
    return n;
  }

  @Test
  void all91BackendCheckedTestsPass() throws Exception {
    List<CorrelationRule> rules = all();
    assertThat(rules).hasSize(31);
    List<TestOutcome> outcomes = CorrelationReplay.replayAll(rules);
    assertThat(outcomes).hasSize(91);
    assertThat(outcomes).allSatisfy(o -> assertThat(o.passed()).as(o.describe()).isTrue());
    assertThat(rules.stream().filter(r -> r.form() == CorrelationRule.Form.SEQUENCE)).hasSize(2);
  }

  private static List<CorrelationRule> map(
      List<CorrelationRule> rules, UnaryOperator<CorrelationRule> f) {
    return rules.stream().map(f).toList();
  }

  private static CorrelationRule with(
      CorrelationRule r,
      List<Member> members,
      Map<String, List<CorrelationRule.CriterionEntry>> criteria,
      List<Transition> transitions,
      int lookback) {
    return new CorrelationRule(
        r.id(),
        r.displayName(),
        r.enabled(),
        r.severity(),
        r.form(),
        members,
        criteria,
        transitions,
        r.detectionMinMatchCount(),
        lookback,
        r.eventEvaluationOrder(),
        r.schedule(),
        r.description(),
        r.runbook(),
        r.reference(),
        r.tags(),
        r.reports(),
        r.summaryAttributes(),
        r.outputIds(),
        r.createAlert(),
        r.onlyUseBaseRiskScore(),
        r.status(),
        r.createdBy(),
        r.baseVersion(),
        r.tests(),
        r.source());
  }

  @Test
  void ignoringJoinValues_failsTests() throws Exception {
    List<CorrelationRule> rules =
        map(
            all(),
            r ->
                with(
                    r,
                    r.members(),
                    Map.of(),
                    r.transitions().stream()
                        .map(
                            t ->
                                new Transition(
                                    t.id(),
                                    t.from(),
                                    t.to(),
                                    t.withinTimeFrameMinutes(),
                                    null,
                                    null))
                        .toList(),
                    r.lookbackWindowMinutes()));
    assertThat(failures(rules)).isEqualTo(16);
  }

  @Test
  void ignoringAbsence_failsTests() throws Exception {
    List<CorrelationRule> rules =
        map(
            all(),
            r ->
                with(
                    r,
                    r.members().stream()
                        .map(
                            m ->
                                new Member(
                                    m.id(),
                                    m.ruleId(),
                                    m.minMatchCount(),
                                    m.maxMatchCount(),
                                    false,
                                    m.location()))
                        .toList(),
                    r.matchCriteria(),
                    r.transitions(),
                    r.lookbackWindowMinutes()));
    assertThat(failures(rules)).isEqualTo(13);
  }

  @Test
  void ignoringWindows_failsTests() throws Exception {
    List<CorrelationRule> rules =
        map(
            all(),
            r ->
                with(
                    r,
                    r.members(),
                    r.matchCriteria(),
                    r.transitions().stream()
                        .map(
                            t ->
                                new Transition(
                                    t.id(),
                                    t.from(),
                                    t.to(),
                                    100_000_000,
                                    t.fromField(),
                                    t.toField()))
                        .toList(),
                    100_000_000));
    assertThat(failures(rules)).isEqualTo(3);
  }

  @Test
  void ignoringMinMatchCount_failsTests() throws Exception {
    List<CorrelationRule> rules =
        map(
            all(),
            r ->
                with(
                    r,
                    r.members().stream()
                        .map(
                            m -> new Member(m.id(), m.ruleId(), 1, null, m.absence(), m.location()))
                        .toList(),
                    r.matchCriteria(),
                    r.transitions(),
                    r.lookbackWindowMinutes()));
    assertThat(failures(rules)).isEqualTo(2);
  }

  @Test
  void theWindowEndsAtTheLatestSignal_andIncludesBothEnds() throws Exception {
    CorrelationRule openai =
        all().stream()
            .filter(r -> r.id().equals("OpenAI.BruteForce.Login.Success.Group"))
            .findFirst()
            .orElseThrow();
    var logic = dev.margay.engine.CorrelationLogic.compile(openai);
    List<CorrelationTest.Signal> signals = new ArrayList<>();
    for (int t : new int[] {0, 2, 4, 6, 8}) {
      signals.add(
          new CorrelationTest.Signal(
              "Multiple Failed Logins", "p_any_emails", "u@x.com", t * 60_000L));
    }
    // Success at 1800: the first failure is exactly at the window's start (included); at 1801 it is
    // out.
    List<CorrelationTest.Signal> at1800 = new ArrayList<>(signals);
    at1800.add(
        new CorrelationTest.Signal("Successful Login", "p_any_emails", "u@x.com", 1800 * 60_000L));
    assertThat(CorrelationReplay.evaluate(logic, at1800)).contains("u@x.com");
    List<CorrelationTest.Signal> at1801 = new ArrayList<>(signals);
    at1801.add(
        new CorrelationTest.Signal("Successful Login", "p_any_emails", "u@x.com", 1801 * 60_000L));
    assertThat(CorrelationReplay.evaluate(logic, at1801)).isEmpty();
    // A signal whose field is not the member's join field joins nothing.
    List<CorrelationTest.Signal> otherField = new ArrayList<>(signals);
    otherField.add(
        new CorrelationTest.Signal("Successful Login", "p_any_usernames", "u@x.com", 10 * 60_000L));
    assertThat(CorrelationReplay.evaluate(logic, otherField)).isEmpty();
  }

  @Test
  void passedOutcomesSayTheyAreALocalApproximation() throws Exception {
    TestOutcome first = CorrelationReplay.replay(all().get(0)).get(0);
    assertThat(first.detail()).contains(CorrelationReplay.LABEL);
  }
}
