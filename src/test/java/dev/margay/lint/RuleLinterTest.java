package dev.margay.lint;

import static dev.margay.loader.TestingRule.FIRST_BODY_LINE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.loader.RuleLoader;
import dev.margay.loader.TestingRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RuleLinter's checks one by one (RealMistakesLintTest covers the mistakes found in real
 * repositories): each gives its code, its position and a message saying what is wrong.
 */
class RuleLinterTest {
  private static final String BOTH_TESTS =
      "Tests:\n"
          + "  - Name: hit\n    ExpectedResult: true\n"
          + "    Log: {eventName: X, user: {name: alice}, region: us-east-1}\n"
          + "  - Name: miss\n    ExpectedResult: false\n    Log: {eventName: Y}\n";

  /** Every diagnostic, ATT&CK check off (its own tests use a fixture table). */
  private static List<String> lint(TestingRule rule) {
    return RuleLinter.lint(RuleLoader.create().load(rule.yaml(), "r.yml"), null).stream()
        .map(Diagnostic::toString)
        .toList();
  }

  private static List<String> codes(TestingRule rule) {
    return RuleLinter.lint(RuleLoader.create().load(rule.yaml(), "r.yml"), null).stream()
        .map(Diagnostic::code)
        .toList();
  }

  @Test
  void aRuleWithBothKindsOfTest_andFieldsItsEventsHave_hasNoWarning() {
    assertThat(
            lint(
                TestingRule.rule("R")
                    .detection("eventName == \"X\"")
                    .with("SummaryAttributes: [user.name, region]")
                    .with("AlertTitle: 'Seen {user.name}'")
                    .with(BOTH_TESTS)))
        .isEmpty();
  }

  @Test
  void aRuleWithoutTests_isWarnedAtTheFilesStart_withOnlyOneKind_atItsTestsList() {
    // No Tests key to point at: the file's first position.
    assertThat(lint(TestingRule.rule("R").detection("eventName == \"X\"")))
        .containsExactly(
            "r.yml:1:1: warning: rule R has no tests; it should have at least one of each [tests]");
    int testsList = FIRST_BODY_LINE + 3; // Detection (2 lines), Tests:, then its first item
    assertThat(
            lint(
                TestingRule.rule("R")
                    .detection("eventName == \"X\"")
                    .with(
                        "Tests:\n  - Name: hit\n    ExpectedResult: true\n    Log: {eventName: X}")))
        .containsExactly(
            "r.yml:"
                + testsList
                + ":3: warning: rule R has no ExpectedResult: false test; it should have at least one"
                + " of each [tests]");
    assertThat(
            lint(
                TestingRule.rule("R")
                    .detection("eventName == \"X\"")
                    .with(
                        "Tests:\n  - Name: miss\n    ExpectedResult: false\n    Log: {eventName: Y}")))
        .singleElement()
        .asString()
        .contains("has no ExpectedResult: true test");
  }

  @Test
  void anOutputFieldNoTestEventHas_isAnUnknownField_namingWhereItIsRead() {
    List<String> warnings =
        lint(
            TestingRule.rule("R")
                .detection("eventName == \"X\"")
                .with("SummaryAttributes: [user.name, user.nmae]")
                .with("GroupBy:\n  - KeyPath: regoin")
                .with(BOTH_TESTS));
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0))
        .startsWith("r.yml:" + (FIRST_BODY_LINE + 2) + ":")
        .contains("SummaryAttributes")
        .contains("user.nmae")
        .endsWith("[unknown-field]");
    assertThat(warnings.get(1))
        .startsWith("r.yml:" + (FIRST_BODY_LINE + 4) + ":")
        .contains("GroupBy")
        .contains("regoin")
        .endsWith("[unknown-field]");
  }

  @Test
  void pantherStandardFields_areNeverUnknown_pantherAddsThemAtIngest() {
    assertThat(
            codes(
                TestingRule.rule("R")
                    .detection("eventName == \"X\"")
                    .with("SummaryAttributes: [p_any_ip_addresses, p_log_type]")
                    .with(BOTH_TESTS)))
        .isEmpty();
  }

  @Test
  void aTitlePlaceholderNoTestEventHas_isAnUnknownField() {
    assertThat(
            lint(
                TestingRule.rule("R")
                    .detection("eventName == \"X\"")
                    .with("AlertTitle: 'Seen {user.nmae}'")
                    .with(BOTH_TESTS)))
        .singleElement()
        .asString()
        .contains("AlertTitle")
        .contains("user.nmae")
        .endsWith("[unknown-field]");
  }

  @Test
  void theLoadersFindingsComeFirst_thenTheChecksInTheirDocumentedOrder() {
    // An unknown ChangeTo (a loader finding) and a rule without tests (a linter check).
    List<String> codes =
        codes(
            TestingRule.rule("R")
                .detection("eventName == \"X\"")
                .with(
                    "DynamicSeverities:\n  - ChangeTo: Hihg\n    Conditions:\n"
                        + "      - 'eventName == \"X\"'"));
    assertThat(codes).containsExactly(RuleLinter.UNKNOWN_SEVERITY, RuleLinter.TESTS);
  }
}
