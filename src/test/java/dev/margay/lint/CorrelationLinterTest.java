package dev.margay.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.loader.RuleLoader;
import dev.margay.rule.CorrelationRule;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A correlation member whose RuleID no loaded file defines never gets a signal locally. */
class CorrelationLinterTest {
  private static final CorrelationRule RULE =
      RuleLoader.create()
          .loadCorrelation(
              Path.of("src/test/resources/correlation/rules/iam_admin_user_created.yml"));

  @Test
  void membersWhoseRulesAreLoaded_giveNoWarning() {
    assertThat(
            CorrelationLinter.lint(
                RULE, Set.of("Test.IAM.CreateUser", "Test.IAM.AttachAdminPolicy", "Other")))
        .isEmpty();
  }

  @Test
  void eachMemberWithAnUnknownRuleId_isOneWarning_atTheMember() {
    List<Diagnostic> warnings = CorrelationLinter.lint(RULE, Set.of("Test.IAM.CreateUser"));
    assertThat(warnings).hasSize(1);
    Diagnostic w = warnings.get(0);
    assertThat(w.level()).isEqualTo(Diagnostic.Level.WARNING);
    assertThat(w.code()).isEqualTo(CorrelationLinter.UNKNOWN_MEMBER_RULE);
    assertThat(w.toString())
        .isEqualTo(
            "src/test/resources/correlation/rules/iam_admin_user_created.yml:11:9: warning: "
                + "member 'admin' consumes signals of RuleID 'Test.IAM.AttachAdminPolicy', which no "
                + "loaded file defines; locally it never gets a signal [unknown-member-rule]");
    assertThat(CorrelationLinter.lint(RULE, Set.of())).hasSize(2);
  }
}
