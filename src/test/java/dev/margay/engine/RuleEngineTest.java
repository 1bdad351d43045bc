package dev.margay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.condition.ConditionParser;
import dev.margay.condition.FieldPath;
import dev.margay.event.Event;
import dev.margay.loader.RuleLoader;
import dev.margay.rule.AlertContextField;
import dev.margay.rule.DynamicSeverity;
import dev.margay.rule.Rule;
import dev.margay.rule.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
  private static final Path SEED =
      Path.of("src/test/resources/rules/aws_ec2_security_group_modified.yml");

  private static Rule rule(String id, String detection) {
    return Rule.builder(id)
        .logTypes("AWS.CloudTrail")
        .detection(ConditionParser.parse(detection))
        .build();
  }

  @Test
  void seedRule_matchesOnlyTheSuccessfulModification_withItsOutputs() throws IOException {
    RuleEngine engine = RuleEngine.builder().addRule(RuleLoader.create().load(SEED)).build();
    List<String> lines =
        Files.readAllLines(Path.of("src/test/resources/events/ec2_security_group_seed.jsonl"));
    assertThat(engine.evaluate(lines.get(1))).isEmpty();
    assertThat(engine.evaluate(lines.get(2))).as("errorCode excludes the event").isEmpty();
    Match match = engine.evaluate(lines.get(0)).get(0);
    assertThat(match.ruleId()).isEqualTo("AWS.EC2.SecurityGroupModified");
    assertThat(match.severity()).isEqualTo(Severity.INFO);
    assertThat(match.title()).isEqualTo("EC2 Security Group Modified");
    assertThat(match.dedupKey()).isEqualTo("123456789012");
    assertThat(match.dedupPeriodMinutes()).isEqualTo(720);
    assertThat(match.alertContext())
        .containsOnlyKeys(
            "eventName",
            "eventSource",
            "awsRegion",
            "recipientAccountId",
            "sourceIPAddress",
            "userAgent",
            "userIdentity");
    assertThat(match.alertContext().get("userIdentity").get("arn").textValue())
        .isEqualTo("arn:aws:sts::123456789012:assumed-role/tester");
    assertThat(match.summaryAttributes())
        .as("p_any_aws_arns is absent, so it is left out")
        .containsOnlyKeys("eventName", "userAgent", "sourceIpAddress", "recipientAccountId");
  }

  @Test
  void title_rendersPlaceholders_withEmptyTextForAbsentFields_andJsonForOtherValues() {
    Rule r =
        Rule.builder("T")
            .logTypes("AWS.CloudTrail")
            .detection(ConditionParser.parse("true"))
            .alertTitle("{{literal}} [{user}] from [{missing}] port {port} ids {items[*].id}")
            .build();
    Match m =
        RuleEngine.builder()
            .addRule(r)
            .build()
            .evaluate("{\"user\":\"bob\",\"port\":22,\"items\":[{\"id\":\"a\"},{\"id\":\"b\"}]}")
            .get(0);
    assertThat(m.title()).isEqualTo("{literal} [bob] from [] port 22 ids [\"a\",\"b\"]");
    assertThat(m.dedupKey()).as("without GroupBy the dedup key is the title").isEqualTo(m.title());
  }

  @Test
  void dedupKey_joinsGroupByValuesWithColons_andFallsBackToTheTitleWhenAllAreAbsent() {
    Rule r =
        Rule.builder("T")
            .displayName("Display")
            .logTypes("AWS.CloudTrail")
            .detection(ConditionParser.parse("true"))
            .groupBy(
                List.of(
                    FieldPath.parseKeyPath("a"),
                    FieldPath.parseKeyPath("b"),
                    FieldPath.parseKeyPath("c")))
            .build();
    RuleEngine engine = RuleEngine.builder().addRule(r).build();
    assertThat(engine.evaluate("{\"a\":\"x\",\"c\":3}").get(0).dedupKey()).isEqualTo("x::3");
    assertThat(engine.evaluate("{}").get(0).dedupKey()).isEqualTo("Display");
  }

  @Test
  void titleWithoutAlertTitle_isDisplayNameThenRuleId() {
    RuleEngine engine = RuleEngine.builder().addRule(rule("Only.Id", "true")).build();
    assertThat(engine.evaluate("{}").get(0).title()).isEqualTo("Only.Id");
  }

  @Test
  void longTitles_areTruncatedLikePanther() {
    Rule r =
        Rule.builder("T")
            .logTypes("AWS.CloudTrail")
            .detection(ConditionParser.parse("true"))
            .alertTitle("{x}")
            .build();
    String title =
        RuleEngine.builder()
            .addRule(r)
            .build()
            .evaluate("{\"x\":\"" + "a".repeat(1200) + "\"}")
            .get(0)
            .title();
    assertThat(title).hasSize(1000).endsWith("a... (truncated)");
  }

  @Test
  void dynamicSeverities_firstMatchingEntryWins_andDefaultKeepsTheBase() {
    Rule r =
        Rule.builder("T")
            .severity(Severity.MEDIUM)
            .logTypes("AWS.CloudTrail")
            .detection(ConditionParser.parse("true"))
            .dynamicSeverities(
                List.of(
                    new DynamicSeverity(
                        Optional.empty(), ConditionParser.parse("role == \"test\"")),
                    new DynamicSeverity(
                        Optional.of(Severity.CRITICAL),
                        ConditionParser.parse("cidr == \"0.0.0.0/0\"")),
                    new DynamicSeverity(
                        Optional.of(Severity.LOW), ConditionParser.parse("cidr exists"))))
            .build();
    RuleEngine engine = RuleEngine.builder().addRule(r).build();
    assertThat(engine.evaluate("{\"cidr\":\"0.0.0.0/0\"}").get(0).severity())
        .isEqualTo(Severity.CRITICAL);
    assertThat(engine.evaluate("{\"cidr\":\"10.0.0.0/8\"}").get(0).severity())
        .isEqualTo(Severity.LOW);
    assertThat(engine.evaluate("{\"cidr\":\"0.0.0.0/0\",\"role\":\"test\"}").get(0).severity())
        .isEqualTo(Severity.MEDIUM);
    assertThat(engine.evaluate("{}").get(0).severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void alertContext_keepsAbsentKeysAsJsonNull() {
    Rule r =
        Rule.builder("T")
            .logTypes("AWS.CloudTrail")
            .detection(ConditionParser.parse("true"))
            .alertContext(
                List.of(new AlertContextField("ip", FieldPath.parseKeyPath("sourceIPAddress"))))
            .build();
    Match m = RuleEngine.builder().addRule(r).build().evaluate("{}").get(0);
    assertThat(m.alertContext().get("ip").isNull()).isTrue();
  }

  @Test
  void rulesRunOnlyOnTheirLogTypes_withCloudTrailAsTheDefault() {
    Rule okta =
        Rule.builder("Okta")
            .logTypes("Okta.SystemLog")
            .detection(ConditionParser.parse("true"))
            .build();
    RuleEngine engine = RuleEngine.builder().addRule(rule("Ct", "true")).addRule(okta).build();
    assertThat(engine.evaluate("{}")).extracting(Match::ruleId).containsExactly("Ct");
    assertThat(engine.evaluate("{\"p_log_type\":\"Okta.SystemLog\"}"))
        .extracting(Match::ruleId)
        .containsExactly("Okta");
    RuleEngine oktaDefault =
        RuleEngine.builder().addRule(okta).defaultLogType("Okta.SystemLog").build();
    assertThat(oktaDefault.evaluate("{}")).hasSize(1);
  }

  @Test
  void disabledRules_areSkippedUnlessIncluded() {
    Rule off =
        Rule.builder("Off")
            .enabled(false)
            .logTypes("AWS.CloudTrail")
            .detection(ConditionParser.parse("true"))
            .build();
    assertThat(RuleEngine.builder().addRule(off).build().evaluate("{}")).isEmpty();
    assertThat(RuleEngine.builder().addRule(off).includeDisabled(true).build().evaluate("{}"))
        .hasSize(1);
    assertThat(RuleEngine.builder().addRule(off).build().evaluateRule("Off", Event.parse("{}")))
        .isPresent();
  }

  @Test
  void duplicateRuleIds_areRejectedWhenBuilding() {
    assertThatThrownBy(
            () ->
                RuleEngine.builder().addRule(rule("A", "true")).addRule(rule("A", "false")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate RuleID 'A'");
  }

  @Test
  void signalRules_stillMatch_withCreateAlertFalse() {
    Rule signal =
        Rule.builder("S")
            .createAlert(false)
            .logTypes("AWS.CloudTrail")
            .detection(ConditionParser.parse("true"))
            .build();
    assertThat(RuleEngine.builder().addRule(signal).build().evaluate("{}").get(0).createAlert())
        .isFalse();
  }
}
