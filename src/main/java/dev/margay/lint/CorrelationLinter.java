package dev.margay.lint;

import dev.margay.rule.CorrelationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lints for correlation rules. A member names the RuleID whose signals it consumes; a RuleID that
 * no loaded file defines (rule, Python rule, scheduled rule or correlation rule in the same set) is
 * a warning: the rule may live elsewhere in the Panther deployment, but locally that member never
 * gets a signal. Stateless.
 */
public final class CorrelationLinter {
  /** Code of the unknown-member warning. */
  public static final String UNKNOWN_MEMBER_RULE = "unknown-member-rule";

  private CorrelationLinter() {}

  /**
   * The warnings of one correlation rule.
   *
   * @param knownRuleIds every RuleID defined by the files loaded with it (including files Margay
   *     does not run)
   */
  public static List<Diagnostic> lint(CorrelationRule rule, Set<String> knownRuleIds) {
    List<Diagnostic> out = new ArrayList<>();
    for (CorrelationRule.Member m : rule.members()) {
      if (!knownRuleIds.contains(m.ruleId())) {
        out.add(
            new Diagnostic(
                m.location(),
                Diagnostic.Level.WARNING,
                UNKNOWN_MEMBER_RULE,
                "member '"
                    + m.id()
                    + "' consumes signals of RuleID '"
                    + m.ruleId()
                    + "', which no loaded file defines; locally it never "
                    + "gets a signal"));
      }
    }
    return out;
  }
}
