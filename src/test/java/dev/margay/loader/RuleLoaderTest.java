package dev.margay.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.condition.All;
import dev.margay.condition.Compare;
import dev.margay.condition.Comparison;
import dev.margay.condition.ConditionParser;
import dev.margay.condition.FieldPath;
import dev.margay.condition.Literal;
import dev.margay.rule.Rule;
import dev.margay.rule.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleLoaderTest {
  private static final String HEADER = TestingRule.header("\"T.R\"", "Info");

  private static List<String> problems(String yaml) {
    try {
      RuleLoader.create().load(yaml, "r.yml");
    } catch (RuleLoadException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    throw new AssertionError("expected the rule not to load");
  }

  @Test
  void threeMistakes_giveThreeProblems_eachWithPositionAndWhatWasAllowed() {
    Path file = Path.of("src/test/resources/invalid/three_mistakes.yml");
    assertThatThrownBy(() -> RuleLoader.create().load(file))
        .isInstanceOfSatisfying(
            RuleLoadException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::toString)
                    .containsExactly(
                        file
                            + ":7:1: unknown key 'Sevrity' in a rule (did you mean 'Severity'?); allowed keys: AnalysisType, "
                            + "RuleID, DisplayName, Enabled, LogTypes, Severity, Detection, Filename, Description, Runbook, "
                            + "Reference, DedupPeriodMinutes, Threshold, Tags, Reports, SummaryAttributes, OutputIds, "
                            + "CreateAlert, OnlyUseBaseRiskScore, InlineFilters, AlertTitle, AlertContext, GroupBy, "
                            + "DynamicSeverities, Tests, Status, CreatedBy, BaseVersion, ScheduledQueries",
                        file + ":3:14: DisplayName: expected a string, found a list",
                        file
                            + ":10:16: unknown condition 'Equal' (did you mean 'Equals'?); allowed conditions: Equals, "
                            + "DoesNotEqual, IEquals, StartsWith, DoesNotStartWith, IStartsWith, EndsWith, DoesNotEndWith, "
                            + "IEndsWith, Contains, DoesNotContain, IContains, IsGreaterThan, IsGreaterThanOrEquals, "
                            + "IsGreaterThanOrEqual, IsLessThan, IsLessThanOrEquals, IsLessThanOrEqual, IsIPAddressInCIDR, IsIn, "
                            + "IsNotIn, IsNull, IsNotNull, Exists, DoesNotExist, IsNullOrEmpty, IsNotNullOrEmpty, IsIPAddress, "
                            + "IsIPv4Address, IsIPv6Address, IsIPAddressPublic, IsIPAddressPrivate, AnyElement, AllElements, "
                            + "NoElement, OnlyOneElement, AlwaysTrue, AlwaysFalse"));
  }

  @Test
  void problemDisplay_showsTheLineAndACaret() {
    assertThatThrownBy(
            () ->
                RuleLoader.create()
                    .load(HEADER + "Detection:\n  - eventName equal \"x\"\n", "r.yml"))
        .isInstanceOfSatisfying(
            RuleLoadException.class,
            e ->
                assertThat(e.toDisplayString())
                    .isEqualTo(
                        "r.yml:7:15: bad condition: expected an operator after field 'eventName' (==, !=, >, >=, <, <=, in, not in, "
                            + "contains, starts_with, is_null, ...), found 'equal'\n"
                            + "      - eventName equal \"x\"\n"
                            + "                  ^"));
  }

  @Test
  void pythonRule_isRejected_sayingOnlyYamlDetectionsRun() {
    Path file = Path.of("src/test/resources/invalid/python_rule.yml");
    assertThatThrownBy(() -> RuleLoader.create().load(file))
        .hasMessage(
            file
                + ":3:1: this is a Python rule (Filename: example.py); Margay runs only YAML detections: give the logic as Detection:");
  }

  @Test
  void unquotedYes_staysAString_asInYaml12() {
    Rule rule =
        RuleLoader.create()
            .load(
                HEADER + "Detection:\n  - KeyPath: a\n    Condition: Equals\n    Value: Yes\n",
                "r.yml");
    assertThat(rule.detection())
        .isEqualTo(
            new All(
                List.of(
                    new Compare(
                        FieldPath.parseKeyPath("a"), Comparison.EQUALS, Literal.of("Yes")))));
  }

  @Test
  void compactAndYamlForms_compileToTheSameAst() {
    Rule yaml =
        RuleLoader.create()
            .load(
                HEADER
                    + "Detection:\n  - KeyPath: eventName\n    Condition: IsIn\n"
                    + "    Values: [A, B]\n  - None:\n    - Any:\n      - KeyPath: errorCode\n        Condition: IsNotNull\n",
                "y.yml");
    Rule compact =
        RuleLoader.create()
            .load(
                HEADER
                    + "Detection:\n  - eventName in [\"A\", \"B\"]\n"
                    + "  - not any_of(errorCode is_not_null)\n",
                "c.yml");
    assertThat(compact.detection()).isEqualTo(yaml.detection());
    assertThat(ConditionParser.parse(yaml.detection().toString())).isEqualTo(yaml.detection());
  }

  @Test
  void defaults_followPanther() {
    Rule rule = RuleLoader.create().load(HEADER + "Detection: [\"true\"]\n", "r.yml");
    assertThat(rule.dedupPeriodMinutes()).isEqualTo(60);
    assertThat(rule.threshold()).isEqualTo(1);
    assertThat(rule.createAlert()).isTrue();
    assertThat(rule.severity()).isEqualTo(Severity.INFO);
  }

  @Test
  void duplicateKeys_areReportedWithBothPositions() {
    assertThat(problems(HEADER + "Severity: High\nDetection: [\"true\"]\n"))
        .containsExactly("r.yml:6:1: duplicate key 'Severity' (first at line 5, column 1)");
  }

  @Test
  void globalTags_areRejected() {
    assertThat(problems(HEADER + "Detection: !!python/object:os.system [\"true\"]\n"))
        .containsExactly(
            "r.yml:6:12: unsupported YAML tag tag:yaml.org,2002:python/object:os.system; only plain strings, "
                + "numbers, booleans, null, lists and mappings are allowed");
  }

  @Test
  void localTags_areRejected() {
    assertThat(problems(HEADER + "Detection: [\"true\"]\nDescription: !secret x\n"))
        .containsExactly(
            "r.yml:7:14: unsupported YAML tag !secret; only plain strings, numbers, booleans, null, lists "
                + "and mappings are allowed");
  }

  @Test
  void missingRequiredKeys_areAllReported() {
    assertThat(problems("AnalysisType: rule\nRuleID: x\n"))
        .containsExactly(
            "r.yml:1:1: missing required key Enabled",
            "r.yml:1:1: missing required key LogTypes",
            "r.yml:1:1: missing required key Severity",
            "r.yml:1:1: missing required key Detection (a list of match expressions)");
  }

  @Test
  void containsWithValues_isInvalid() {
    assertThat(
            problems(
                HEADER
                    + "Detection:\n  - KeyPath: a\n    Condition: Contains\n    Values: [x, y]\n"))
        .containsExactly(
            "r.yml:9:5: Contains takes Value (one string, number or boolean); Values is for IsIn, IsNotIn "
                + "and multi-key comparisons");
  }

  @Test
  void multiKeyWithThreeKeys_isInvalid() {
    assertThat(
            problems(
                HEADER
                    + "Detection:\n  - Condition: Equals\n    Values: [{Key: a}, {Key: b}, {Key: c}]\n"))
        .containsExactly(
            "r.yml:8:13: Equals without a key compares two fields: Values must be exactly two key "
                + "specifiers ({KeyPath: a}, {KeyPath: b}); found 3 item(s)");
  }

  @Test
  void unknownChangeTo_loadsAsTheBaseSeverity_withAWarning() {
    // Panther's runtime falls back to the base severity on an unknown one (panther-historical's
    // README).
    Rule rule =
        RuleLoader.create()
            .load(
                HEADER
                    + "Detection: [\"true\"]\nDynamicSeverities:\n  - ChangeTo: Hight\n"
                    + "    Conditions: [\"true\"]\n",
                "r.yml");
    assertThat(rule.dynamicSeverities())
        .singleElement()
        .satisfies(d -> assertThat(d.changeTo()).isEmpty());
    assertThat(rule.warnings())
        .extracting(w -> w.location() + ": " + w.message())
        .containsExactly(
            "r.yml:8:15: ChangeTo: "
                + "unknown severity 'Hight' (did you mean 'High'?); Panther keeps the base severity (Info) for it; allowed: Info, Low, "
                + "Medium, High, Critical, DEFAULT");
  }

  @Test
  void invalidUtf8_isReportedWithItsLine() {
    byte[] bytes = (HEADER + "Description: \"x\u00e9\"\n").getBytes(StandardCharsets.UTF_8);
    bytes[bytes.length - 3] = (byte) 0xff;
    assertThatThrownBy(() -> RuleLoader.create().load(bytes, "r.yml"))
        .hasMessage("r.yml:6:16: not valid UTF-8: byte 0xc3 at offset 104");
  }

  @Test
  void duplicateRuleIdsAcrossFiles_failTheLaterFile() {
    LoadResult result =
        RuleLoader.create()
            .loadAll(
                List.of(
                    Path.of("src/test/resources/rules/aws_ec2_security_group_modified.yml"),
                    Path.of("src/test/resources/rules/aws_ec2_security_group_modified.yml")));
    assertThat(result.rules()).hasSize(1);
    assertThat(result.failures())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .contains("duplicate RuleID 'AWS.EC2.SecurityGroupModified'"));
  }

  @Test
  void inlineFilters_allowAllAnyAndFieldConditions_andNameTheFirstConstructBeyondThem() {
    String yaml =
        HEADER
            + "Detection: ['true']\n"
            + "InlineFilters:\n"
            + "  - 'eventName == \"X\"'\n"
            + "  - 'eventSource in [\"a\", \"b\"] or errorCode is_not_null'\n"
            + "  - 'eventName == \"X\" and not (errorCode is_not_null)'\n"
            + "  - 'any_element(resources, type == \"T\")'\n";
    assertThat(problems(yaml))
        .containsExactly(
            "r.yml:10:5: InlineFilters allow only All, Any and field conditions (key/value,"
                + " key/values, existence, IP); found None (not errorCode is_not_null)",
            "r.yml:11:5: InlineFilters allow only All, Any and field conditions (key/value,"
                + " key/values, existence, IP); found Quantified (any_element(resources, type =="
                + " \"T\"))");
  }
}
