package dev.margay.engine;

import dev.margay.condition.Always;
import dev.margay.condition.Check;
import dev.margay.condition.Compare;
import dev.margay.condition.CompareFields;
import dev.margay.condition.Condition;
import dev.margay.condition.ConditionWalker;
import dev.margay.condition.FieldPath;
import dev.margay.condition.Membership;
import dev.margay.condition.Quantified;
import dev.margay.rule.DynamicSeverity;
import dev.margay.rule.OutputPath;
import dev.margay.rule.Rule;
import java.util.Collection;

/**
 * Every event path a rule reads: its conditions (detection, filters, dynamic severities; a list
 * comprehension reads its whole list), title placeholders, GroupBy, AlertContext and
 * SummaryAttributes. What a projection must keep for the rule to give the same results as on the
 * whole event.
 */
final class Paths implements ConditionWalker {
  private final Collection<FieldPath> into;

  private Paths(Collection<FieldPath> into) {
    this.into = into;
  }

  static void collect(Rule rule, Collection<FieldPath> into) {
    collectConditions(rule, into);
    collectOutputs(rule, into);
  }

  /**
   * The paths a rule's conditions read: what deciding whether it matches (and its severity) needs.
   */
  static void collectConditions(Rule rule, Collection<FieldPath> into) {
    Paths paths = new Paths(into);
    rule.detection().accept(paths);
    if (rule.inlineFilters() != null) {
      rule.inlineFilters().accept(paths);
    }
    for (DynamicSeverity d : rule.dynamicSeverities()) {
      d.conditions().accept(paths);
    }
  }

  /** The paths only a match's outputs read (title, GroupBy, AlertContext, SummaryAttributes). */
  static void collectOutputs(Rule rule, Collection<FieldPath> into) {
    OutputPath.of(rule).forEach(o -> into.add(o.path()));
  }

  @Override
  public Void visitAlways(Always always) {
    return null;
  }

  @Override
  public Void visitCompare(Compare compare) {
    into.add(compare.field().path());
    return null;
  }

  @Override
  public Void visitCompareFields(CompareFields compare) {
    into.add(compare.left().path());
    into.add(compare.right().path());
    return null;
  }

  @Override
  public Void visitMembership(Membership membership) {
    into.add(membership.field().path());
    return null;
  }

  @Override
  public Void visitCheck(Check check) {
    into.add(check.field().path());
    return null;
  }

  @Override
  public Void visitQuantified(Quantified quantified) {
    // Keys inside the expressions are relative to elements: keep the whole list. An enrichment
    // inside
    // still reads from the event root.
    into.add(quantified.field().path());
    collectEnrichments(quantified.expressions());
    return null;
  }

  private void collectEnrichments(java.util.List<Condition> conditions) {
    java.util.List<FieldPath> inner = new java.util.ArrayList<>();
    Paths nested = new Paths(inner);
    conditions.forEach(c -> c.accept(nested));
    for (FieldPath p : inner) {
      if (p.segments().get(0) instanceof FieldPath.Name n
          && n.name().equals(dev.margay.condition.Enrichment.ENRICHMENT_FIELD)) {
        into.add(p);
      }
    }
  }
}
