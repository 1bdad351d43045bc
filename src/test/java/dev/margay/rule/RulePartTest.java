package dev.margay.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.loader.RuleLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where the parts of a rule were written, asked by part rather than by a spelled-out string. */
class RulePartTest {
  private static final Path STOPPED =
      Path.of("../shared/conformance/panther-cloudtrail/aws_cloudtrail_stopped.yml");

  @Test
  void eachPart_andEachItemOfAListPart_hasTheLineItWasWrittenOn() {
    Rule rule = RuleLoader.create().load(STOPPED);
    assertThat(rule.locationOf(RulePart.SUMMARY_ATTRIBUTES, 2).line()).isEqualTo(28);
    assertThat(rule.locationOf(RulePart.DETECTION).line()).isEqualTo(32);
    assertThat(rule.locationOf(RulePart.ALERT_TITLE).line()).isEqualTo(41);
    assertThat(rule.locationOf(RulePart.GROUP_BY, 0).line()).isEqualTo(65);
    assertThat(rule.locationOfReport("MITRE ATT&CK", 0).line()).isEqualTo(16);
    assertThat(rule.locationOfReport("Stratus Red Team", 1).line()).isEqualTo(19);
  }

  @Test
  void aPartOrItemNotWritten_isTheRulesOwnLocation() {
    Rule rule = RuleLoader.create().load(STOPPED);
    assertThat(rule.locationOf(RulePart.INLINE_FILTERS)).isEqualTo(rule.source());
    assertThat(rule.locationOf(RulePart.GROUP_BY, 1)).isEqualTo(rule.source());
    assertThat(rule.locationOfReport("MITRE ATT&CK", 1)).isEqualTo(rule.source());
    assertThat(rule.locationOfReport("CAPEC", 0)).isEqualTo(rule.source());
  }

  @Test
  void itemsExistOnlyForListParts_atNonNegativeIndexes() {
    Rule rule = RuleLoader.create().load(STOPPED);
    assertThatThrownBy(() -> rule.locationOf(RulePart.ALERT_TITLE, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AlertTitle is not a list");
    assertThatThrownBy(() -> rule.locationOf(RulePart.TESTS, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("negative index -1");
  }

  @Test
  void theKeys_areThoseOfRuleLocations() {
    assertThat(RulePart.SUMMARY_ATTRIBUTES.itemKey(2)).isEqualTo("SummaryAttributes[2]");
    assertThat(RulePart.reportKey("MITRE ATT&CK", 0)).isEqualTo("Reports MITRE ATT&CK[0]");
    assertThat(RulePart.ofKey("GroupBy")).contains(RulePart.GROUP_BY);
    assertThat(RulePart.ofKey("groupby")).as("Panther's keys are case-sensitive").isEmpty();
    for (RulePart p : RulePart.values()) {
      assertThat(RulePart.ofKey(p.key())).contains(p);
    }
  }
}
