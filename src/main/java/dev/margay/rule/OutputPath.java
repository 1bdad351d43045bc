package dev.margay.rule;

import dev.margay.condition.FieldPath;
import java.util.ArrayList;
import java.util.List;

/**
 * A path a rule's outputs read from a matching event: a SummaryAttributes entry, an AlertContext
 * value, a GroupBy field or an AlertTitle placeholder. The one list of them, for the engine (what a
 * projection keeps, which standard fields a match needs) and the linter (which fields the tests'
 * events should hold). Immutable.
 *
 * @param reader what reads it, as the linter names it: {@code SummaryAttributes}, {@code
 *     AlertContext <keyName>}, {@code GroupBy} or {@code AlertTitle}
 * @param part the part of the rule file where it was written
 * @param index the item's 0-based index in that list part, or -1 for a part that is no list ({@code
 *     AlertTitle})
 * @param path the event path read
 */
public record OutputPath(String reader, RulePart part, int index, FieldPath path) {

  /** Every output path of {@code rule}, in the order above, each entry in the order written. */
  public static List<OutputPath> of(Rule rule) {
    List<OutputPath> out = new ArrayList<>();
    for (int i = 0; i < rule.summaryAttributes().size(); i++) {
      out.add(
          new OutputPath(
              "SummaryAttributes",
              RulePart.SUMMARY_ATTRIBUTES,
              i,
              FieldPath.parseKeyPath(rule.summaryAttributes().get(i))));
    }
    for (int i = 0; i < rule.alertContext().size(); i++) {
      AlertContextField f = rule.alertContext().get(i);
      out.add(
          new OutputPath(
              "AlertContext " + f.keyName(), RulePart.ALERT_CONTEXT, i, f.value().path()));
    }
    for (int i = 0; i < rule.groupBy().size(); i++) {
      out.add(new OutputPath("GroupBy", RulePart.GROUP_BY, i, rule.groupBy().get(i).path()));
    }
    if (rule.alertTitle() != null) {
      for (FieldPath path : rule.alertTitle().placeholders()) {
        out.add(new OutputPath("AlertTitle", RulePart.ALERT_TITLE, -1, path));
      }
    }
    return List.copyOf(out);
  }

  /** Where this output is written in the rule's file: the list item, or the key itself. */
  public SourceLocation locationIn(Rule rule) {
    return index < 0 ? rule.locationOf(part) : rule.locationOf(part, index);
  }
}
