package dev.margay.catalog;

import dev.margay.condition.Always;
import dev.margay.condition.Check;
import dev.margay.condition.Compare;
import dev.margay.condition.CompareFields;
import dev.margay.condition.Comparison;
import dev.margay.condition.Condition;
import dev.margay.condition.ConditionWalker;
import dev.margay.condition.Literal;
import dev.margay.condition.Membership;
import dev.margay.condition.None;
import dev.margay.condition.Quantified;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML detection's leaves as a catalog lists them: {@code indicators} (leaves the detection
 * matches) and {@code exclusions} (leaves under a negation: what the rule suppresses), and its
 * {@code actions}, the {@code eventName} values it matches with {@code Equals} or {@code IsIn}
 * outside any negation.
 */
record Logic(List<Indicator> indicators, List<Indicator> exclusions, Set<String> actions) {
  /** The field a CloudTrail action is named by. */
  static final String ACTION_FIELD = "eventName";

  static Logic of(Condition... conditions) {
    List<Indicator> indicators = new ArrayList<>();
    List<Indicator> exclusions = new ArrayList<>();
    Set<String> actions = new TreeSet<>();
    Collector collector = new Collector(false, indicators, exclusions, actions);
    for (Condition c : conditions) {
      if (c != null) {
        c.accept(collector);
      }
    }
    return new Logic(
        List.copyOf(indicators),
        List.copyOf(exclusions),
        java.util.Collections.unmodifiableSet(actions));
  }

  /** Sorts the leaves under an even number of negations into indicators, the rest exclusions. */
  private record Collector(
      boolean negated, List<Indicator> indicators, List<Indicator> exclusions, Set<String> actions)
      implements ConditionWalker {

    private Void add(Indicator indicator) {
      (negated ? exclusions : indicators).add(indicator);
      return null;
    }

    @Override
    public Void visitNone(None none) {
      Collector flipped = new Collector(!negated, indicators, exclusions, actions);
      none.children().forEach(x -> x.accept(flipped));
      return null;
    }

    @Override
    public Void visitAlways(Always always) {
      return add(new Indicator("", always.toString(), List.of()));
    }

    @Override
    public Void visitCompare(Compare compare) {
      if (!negated
          && compare.comparison() == Comparison.EQUALS
          && compare.field().toString().equals(ACTION_FIELD)) {
        actions.add(compare.value().text());
      }
      return add(
          new Indicator(
              compare.field().toString(),
              compare.comparison().word(),
              List.of(compare.value().toString()),
              List.of(compare.value().text())));
    }

    @Override
    public Void visitMembership(Membership m) {
      List<String> values = m.values().stream().map(Literal::text).sorted().toList();
      if (!negated && !m.negated() && m.field().toString().equals(ACTION_FIELD)) {
        actions.addAll(values);
      }
      return add(new Indicator(m.field().toString(), m.negated() ? "not in" : "in", values));
    }

    @Override
    public Void visitCheck(Check check) {
      return add(new Indicator(check.field().toString(), check.kind().word(), List.of()));
    }

    @Override
    public Void visitCompareFields(CompareFields cf) {
      return add(
          new Indicator(
              cf.left().toString(), cf.comparison().word(), List.of("field " + cf.right())));
    }

    @Override
    public Void visitQuantified(Quantified q) {
      return add(
          new Indicator(
              q.field().toString(),
              q.quantifier().word(),
              q.expressions().stream().map(Object::toString).toList()));
    }
  }
}
