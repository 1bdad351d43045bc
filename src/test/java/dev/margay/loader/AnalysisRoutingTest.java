package dev.margay.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.rule.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Panther repository holds many kinds of analysis file: {@code loadAll} reads each file's {@code
 * AnalysisType} first, runs YAML detections and skips every other kind by name, never as a failure.
 */
public class AnalysisRoutingTest {
  static final String DETECTION =
      TestingRule.header("Yaml.Rule", "High")
          + "Tags: [Team A]\nDetection: ['eventName == \"X\"']\nTests:\n"
          + "  - Name: hit\n    ExpectedResult: true\n    Log: {eventName: X}\n"
          + "  - Name: miss\n    ExpectedResult: false\n    Log: {eventName: Y}\n";

  /** One file of every kind, a CI workflow under .github, a test scenario without AnalysisType. */
  public static Path repository(Path dir) throws IOException {
    write(dir.resolve("rules/yaml_rule.yml"), DETECTION);
    write(
        dir.resolve("rules/python_rule.yml"),
        TestingRule.rule("Py.Rule")
            .python("python_rule.py")
            .severity("Medium")
            .with("Tags: [Team A]\nTests:\n  - Name: t\n    ExpectedResult: true\n")
            .with("    Log: {eventName: X}\n")
            .yaml());
    write(
        dir.resolve("rules/derived.yml"),
        "AnalysisType: rule\nBaseDetection: Py.Rule\nRuleID: Derived.Rule\n");
    write(
        dir.resolve("rules/scheduled.yml"),
        "AnalysisType: scheduled_rule\nFilename: s.py\nRuleID: Sched.Rule\n"
            + "Enabled: true\nScheduledQueries: [Q]\nSeverity: Low\n");
    write(
        dir.resolve("correlation_rules/c.yml"),
        "AnalysisType: correlation_rule\nRuleID: Corr.Rule\nEnabled: true\n"
            + "Severity: High\nDetection:\n  - Sequence:\n      - ID: a\n        RuleID: Py.Rule\n"
            + "    Schedule: {RateMinutes: 60, TimeoutMinutes: 5}\n");
    write(
        dir.resolve("policies/p.yaml"),
        "AnalysisType: policy\nFilename: p.py\nPolicyID: Some.Policy\nEnabled: true\n"
            + "ResourceTypes: [AWS.S3.Bucket]\nSeverity: Critical\n");
    write(
        dir.resolve("queries/sq.yml"),
        "AnalysisType: scheduled_query\nQueryName: Q\nQuery: select 1\n");
    write(
        dir.resolve("queries/saved.yml"),
        "AnalysisType: saved_query\nQueryName: Saved\nQuery: select 1\n");
    write(
        dir.resolve("data_models/dm.yml"),
        "AnalysisType: datamodel\nDataModelID: DM\nLogTypes: [AWS.CloudTrail]\n"
            + "Mappings:\n  - Name: actor\n    Path: userIdentity.arn\n");
    write(
        dir.resolve("global_helpers/g.yml"),
        "AnalysisType: global\nGlobalID: panther_base_helpers\nFilename: g.py\n");
    write(
        dir.resolve("packs/pack.yml"),
        "AnalysisType: pack\nPackID: PK\nPackDefinition:\n  IDs: [Py.Rule]\n");
    write(
        dir.resolve("lookup_tables/lt.yml"),
        "AnalysisType: lookup_table # always lookup_table\nLookupName: LT\n");
    write(
        dir.resolve(".github/workflows/ci.yml"),
        "name: CI\non: [push]\njobs: {test: {runs-on: ubuntu-latest}}\n");
    write(dir.resolve(".pre-commit-config.yaml"), "repos: []\n");
    write(dir.resolve("test_scenarios/login.yml"), "logs:\n  - {eventName: ConsoleLogin}\n");
    write(
        dir.resolve("deploy/templates/job.yaml"),
        "metadata:\n  name: {{ .Values.name }}\n  labels: [{{- toYaml .Values.labels | nindent 4 }}\n");
    return dir;
  }

  public static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void everyKindIsRecognized_onlyTheYamlDetectionAndTheCorrelationRuleLoad_nothingFails(
      @TempDir Path dir) throws IOException {
    LoadResult result = RuleLoader.create().loadAll(List.of(repository(dir)));
    assertThat(result.failures()).isEmpty();
    assertThat(result.rules()).extracting(r -> r.id()).containsExactly("Yaml.Rule");
    assertThat(result.correlationRules()).extracting(r -> r.id()).containsExactly("Corr.Rule");
    assertThat(result.skipped())
        .extracting(SkippedFile::kind)
        .containsExactlyInAnyOrder(
            AnalysisKind.PYTHON_RULE,
            AnalysisKind.DERIVED_RULE,
            AnalysisKind.SCHEDULED_RULE,
            AnalysisKind.POLICY,
            AnalysisKind.SCHEDULED_QUERY,
            AnalysisKind.SAVED_QUERY,
            AnalysisKind.DATA_MODEL,
            AnalysisKind.GLOBAL,
            AnalysisKind.PACK,
            AnalysisKind.LOOKUP_TABLE);
    assertThat(result.ignored())
        .containsExactly(
            dir.resolve("deploy/templates/job.yaml"), dir.resolve("test_scenarios/login.yml"));
    // Hidden directories and files are not read at all.
    assertThat(result.files())
        .noneMatch(p -> p.toString().contains(".github") || p.toString().contains(".pre-commit"));
  }

  @Test
  void skippedFilesKeepWhatSelectionNeeds(@TempDir Path dir) throws IOException {
    LoadResult result = RuleLoader.create().loadAll(List.of(repository(dir)));
    SkippedFile python =
        result.skipped().stream()
            .filter(f -> f.kind() == AnalysisKind.PYTHON_RULE)
            .findFirst()
            .orElseThrow();
    assertThat(python.id()).isEqualTo("Py.Rule");
    assertThat(python.tags()).containsExactly("Team A");
    assertThat(python.severity()).contains(Severity.MEDIUM);
    SkippedFile policy =
        result.skipped().stream()
            .filter(f -> f.kind() == AnalysisKind.POLICY)
            .findFirst()
            .orElseThrow();
    assertThat(policy.id()).isEqualTo("Some.Policy");
    assertThat(policy.severity()).contains(Severity.CRITICAL);
    SkippedFile pack =
        result.skipped().stream()
            .filter(f -> f.kind() == AnalysisKind.PACK)
            .findFirst()
            .orElseThrow();
    assertThat(pack.id()).isEqualTo("PK");
    assertThat(pack.tags()).isEmpty();
    assertThat(pack.severity()).isEqualTo(Optional.empty());
  }

  @Test
  void aFileThatLooksLikeARuleButLacksAnalysisType_isAnError_notIgnored(@TempDir Path dir)
      throws IOException {
    write(dir.resolve("r.yml"), DETECTION.replace("AnalysisType: rule\n", ""));
    LoadResult result = RuleLoader.create().loadAll(List.of(dir));
    assertThat(result.ignored()).isEmpty();
    assertThat(result.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.getMessage()).contains("missing required key AnalysisType"));
  }

  @Test
  void brokenYamlThatNamesARuleKey_isAnError_notIgnored(@TempDir Path dir) throws IOException {
    write(dir.resolve("r.yml"), "RuleID: x\nDetection: [\n");
    LoadResult result = RuleLoader.create().loadAll(List.of(dir));
    assertThat(result.ignored()).isEmpty();
    assertThat(result.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.problems().get(0).code()).isEqualTo(ProblemCode.YAML_SYNTAX));
  }

  @Test
  void anEmptyOrCommentOnlyFile_staysAnError(@TempDir Path dir) throws IOException {
    write(dir.resolve("empty.yml"), "");
    write(dir.resolve("comments.yml"), "# a rule will go here\n");
    LoadResult result = RuleLoader.create().loadAll(List.of(dir));
    assertThat(result.ignored()).isEmpty();
    assertThat(result.failures())
        .hasSize(2)
        .allSatisfy(f -> assertThat(f.problems().get(0).code()).isEqualTo(ProblemCode.EMPTY));
  }

  @Test
  void aDetectionRepeatingThePythonRulesRuleId_isADuplicate_whicheverComesFirst(@TempDir Path dir)
      throws IOException {
    write(
        dir.resolve("a_detection.yml"), DETECTION.replace("RuleID: Yaml.Rule", "RuleID: Py.Rule"));
    write(
        dir.resolve("b_python.yml"),
        "AnalysisType: rule\nFilename: p.py\nRuleID: Py.Rule\nEnabled: true\n");
    LoadResult result = RuleLoader.create().loadAll(List.of(dir));
    assertThat(result.rules()).isEmpty();
    assertThat(result.skipped()).hasSize(1);
    assertThat(result.failures())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.problems().get(0).toString())
                    .isEqualTo(
                        dir.resolve("a_detection.yml")
                            + ":1:1: duplicate RuleID 'Py.Rule' (also the RuleID of a Python rule at "
                            + dir.resolve("b_python.yml")
                            + ":2)"));
  }

  @Test
  void anUnknownAnalysisType_isAnError_withTheAllowedValues(@TempDir Path dir) throws IOException {
    write(dir.resolve("r.yml"), DETECTION.replace("AnalysisType: rule", "AnalysisType: polcy"));
    LoadResult result = RuleLoader.create().loadAll(List.of(dir));
    assertThat(result.failures())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.problems().get(0).toString())
                    .isEqualTo(
                        dir.resolve("r.yml")
                            + ":1:15: unknown AnalysisType 'polcy' (did you mean 'policy'?); allowed: rule, "
                            + "scheduled_rule, correlation_rule, policy, scheduled_query, saved_query, datamodel, global, pack, lookup_table"));
  }

  @Test
  void loadingOneFileDirectly_stillSaysWhatItIs(@TempDir Path dir) throws IOException {
    Path policy = repository(dir).resolve("policies/p.yaml");
    assertThatThrownBy(() -> RuleLoader.create().load(policy))
        .isInstanceOfSatisfying(
            RuleLoadException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::code)
                    .contains(ProblemCode.UNSUPPORTED));
    assertThatThrownBy(() -> RuleLoader.create().load(policy))
        .hasMessageContaining("this is a policy (AnalysisType: policy)");
  }

  @Test
  void aHiddenDirectoryGivenExplicitly_isRead(@TempDir Path dir) throws IOException {
    write(dir.resolve(".rules/r.yml"), DETECTION);
    assertThat(RuleLoader.create().loadAll(List.of(dir)).files()).isEmpty();
    assertThat(RuleLoader.create().loadAll(List.of(dir.resolve(".rules"))).rules()).hasSize(1);
  }
}
