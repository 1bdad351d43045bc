package dev.margay.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.rule.CorrelationRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Correlation rule files: the whole schema with its defaults, and every mistake of
 * panther-correlation.md section 10 rejected with its line and column.
 */
class CorrelationRuleLoaderTest {
  private static final String SEQUENCE =
      """
      AnalysisType: correlation_rule
      RuleID: Test.Sequence
      Enabled: true
      Severity: High
      Detection:
        - Sequence:
            - ID: created
              RuleID: Rule.Create
              MinMatchCount: 2
            - ID: deleted
              RuleID: Rule.Delete
              Absence: true
          Transitions:
            - ID: created then deleted
              From: created
              To: deleted
              WithinTimeFrameMinutes: 720
              Match:
                - On: p_alert_context.user
          LookbackWindowMinutes: 2160
          EventEvaluationOrder: Chronological
          Schedule:
            RateMinutes: 1440
            TimeoutMinutes: 5
      Tests:
        - Name: ints
          ExpectedResult: true
          RuleOutputs:
            - ID: created
              Matches:
                p_alert_context.user:
                  alice: [0, 640]
        - Name: iso
          ExpectedResult: false
          RuleOutputs:
            - ID: deleted
              Matches:
                p_alert_context.user:
                  "bob": ["2024-06-01T10:00:01Z"]
      """;

  private static CorrelationRule load(Path dir, String text) throws IOException {
    Path file = dir.resolve("rule.yml");
    Files.writeString(file, text);
    return RuleLoader.create().loadCorrelation(file);
  }

  private static List<String> problems(Path dir, String text) throws IOException {
    Path file = dir.resolve("rule.yml");
    Files.writeString(file, text);
    LoadResult result = RuleLoader.create().loadAll(List.of(file));
    assertThat(result.correlationRules()).isEmpty();
    assertThat(result.failures()).hasSize(1);
    return result.failures().get(0).problems().stream()
        .map(
            p ->
                p.location().line()
                    + ":"
                    + p.location().column()
                    + " "
                    + p.code().id()
                    + " "
                    + p.message())
        .toList();
  }

  @Test
  void sequence_readsEveryKey_andOnStaysAStringKey(@TempDir Path dir) throws IOException {
    CorrelationRule rule = load(dir, SEQUENCE);
    assertThat(rule.form()).isEqualTo(CorrelationRule.Form.SEQUENCE);
    assertThat(rule.members())
        .extracting(
            CorrelationRule.Member::id,
            CorrelationRule.Member::minMatchCount,
            CorrelationRule.Member::absence)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("created", 2, false),
            org.assertj.core.groups.Tuple.tuple("deleted", 1, true));
    assertThat(rule.transitions())
        .containsExactly(
            new CorrelationRule.Transition(
                "created then deleted",
                "created",
                "deleted",
                720,
                "p_alert_context.user",
                "p_alert_context.user"));
    assertThat(rule.lookbackWindowMinutes()).isEqualTo(2160);
    assertThat(rule.schedule()).isEqualTo(new CorrelationRule.Schedule(1440, null, 5));
    assertThat(rule.createAlert()).isTrue();
    assertThat(rule.tests().get(0).signals())
        .extracting(s -> s.timeMillis())
        .containsExactly(0L, 640 * 60_000L);
    assertThat(rule.tests().get(1).signals().get(0).timeMillis())
        .isEqualTo(java.time.Instant.parse("2024-06-01T10:00:01Z").toEpochMilli());
  }

  @Test
  void group_defaults(@TempDir Path dir) throws IOException {
    CorrelationRule rule =
        load(
            dir,
            """
        AnalysisType: correlation_rule
        RuleID: Test.Group
        Enabled: false
        Severity: Low
        Detection:
          - Group:
              - RuleID: Rule.A
              - ID: b
                RuleID: Rule.B
            Schedule:
              TimeoutMinutes: 1
        """);
    assertThat(rule.lookbackWindowMinutes()).isEqualTo(15);
    assertThat(rule.members().get(0).id())
        .as("a member without ID is known by its RuleID")
        .isEqualTo("Rule.A");
    assertThat(rule.matchCriteria()).isEmpty();
    assertThat(rule.name()).isEqualTo("Test.Group");
  }

  @Test
  void bothGroupAndSequence(@TempDir Path dir) throws IOException {
    assertThat(
            problems(dir, SEQUENCE.replace("    Transitions:", "    Group: []\n    Transitions:")))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("6:5 bad-expression")
                    .contains("either a Group or a Sequence"));
  }

  @Test
  void missingSchedule_andScheduleWithoutTimeout(@TempDir Path dir) throws IOException {
    assertThat(
            problems(
                dir,
                SEQUENCE.replace(
                    "    Schedule:\n      RateMinutes: 1440\n      TimeoutMinutes: 5\n", "")))
        .anySatisfy(p -> assertThat(p).startsWith("6:5 missing-key missing required key Schedule"));
    assertThat(problems(dir, SEQUENCE.replace("      TimeoutMinutes: 5\n", "")))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("23:7 missing-key Schedule: missing required key TimeoutMinutes"));
  }

  @Test
  void matchWithZeroOrTwoItems(@TempDir Path dir) throws IOException {
    assertThat(
            problems(
                dir,
                SEQUENCE
                    .replace("          - On: p_alert_context.user\n", "          []\n")
                    .replace("        Match:\n          []", "        Match: []")))
        .anySatisfy(
            p -> assertThat(p).startsWith("18:16 bad-value Match: expected exactly one item"));
    assertThat(
            problems(
                dir,
                SEQUENCE.replace(
                    "          - On: p_alert_context.user\n",
                    "          - On: p_alert_context.user\n          - On: x\n")))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("19:11 bad-value Match: expected exactly one item")
                    .contains("found 2"));
  }

  @Test
  void unknownMemberKey_badOrder_criterionWithoutGroupId(@TempDir Path dir) throws IOException {
    assertThat(problems(dir, SEQUENCE.replace("        MinMatchCount: 2", "        Count: 2")))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("9:9 unknown-key unknown key 'Count' in a correlation member"));
    assertThat(problems(dir, SEQUENCE.replace("Chronological", "Random")))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("21:27 bad-value EventEvaluationOrder: expected Chronological"));
    assertThat(
            problems(
                dir,
                """
        AnalysisType: correlation_rule
        RuleID: Test.Group
        Enabled: true
        Severity: Low
        Detection:
          - Group:
              - ID: a
                RuleID: Rule.A
            MatchCriteria:
              user:
                - Match: p_alert_context.user
            Schedule:
              TimeoutMinutes: 1
        """))
        .anySatisfy(
            p -> assertThat(p).startsWith("11:11 missing-key a MatchCriteria entry needs GroupID"));
  }

  @Test
  void referencesToMembersThatDoNotExist(@TempDir Path dir) throws IOException {
    assertThat(problems(dir, SEQUENCE.replace("        To: deleted", "        To: delted")))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "16:13 bad-value To: no member has ID 'delted' (did you mean 'deleted'?)"));
    assertThat(
            problems(
                dir,
                SEQUENCE.replace(
                    "      - ID: deleted\n        Matches",
                    "      - ID: removed\n        Matches")))
        .anySatisfy(
            p -> assertThat(p).startsWith("36:13 bad-value ID: no member has ID 'removed'"));
  }

  @Test
  void ruleOnlyKeysAreUnknown_andBadTimesAreLocated(@TempDir Path dir) throws IOException {
    assertThat(
            problems(
                dir,
                SEQUENCE.replace("Severity: High\n", "Severity: High\nDedupPeriodMinutes: 60\n")))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "5:1 unknown-key unknown key 'DedupPeriodMinutes' in a correlation rule"));
    assertThat(problems(dir, SEQUENCE.replace("[\"2024-06-01T10:00:01Z\"]", "[\"yesterday\"]")))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("39:21 bad-value a signal time: expected an ISO-8601 timestamp"));
  }

  @Test
  void duplicateRuleIdsAcrossRulesAndCorrelationRules(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.yml"), SEQUENCE);
    Files.writeString(dir.resolve("b.yml"), SEQUENCE);
    LoadResult result = RuleLoader.create().loadAll(List.of(dir));
    assertThat(result.correlationRules()).hasSize(1);
    assertThat(result.failures().get(0).problems().get(0).code())
        .isEqualTo(ProblemCode.DUPLICATE_RULE_ID);
  }

  @Test
  void aDetectionListOfTwoItemsIsUnsupported(@TempDir Path dir) throws IOException {
    String two =
        SEQUENCE.replace(
            "Tests:",
            "  - Group:\n      - RuleID: X\n    Schedule:\n      TimeoutMinutes: 1\nTests:");
    assertThatThrownBy(() -> load(dir, two))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageContaining(
            "6:3: Detection: expected exactly one Group or Sequence item, found 2");
  }
}
