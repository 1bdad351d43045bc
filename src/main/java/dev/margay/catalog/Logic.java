package dev.margay.catalog;

import dev.margay.condition.All;
import dev.margay.condition.Any;
import dev.margay.condition.Check;
import dev.margay.condition.Compare;
import dev.margay.condition.CompareFields;
import dev.margay.condition.Comparison;
import dev.margay.condition.Condition;
import dev.margay.condition.Literal;
import dev.margay.condition.Membership;
import dev.margay.condition.None;
import dev.margay.condition.OnlyOne;
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
    for (Condition c : conditions) {
      if (c != null) {
        collect(c, false, indicators, exclusions, actions);
      }
    }
    return new Logic(
        List.copyOf(indicators),
        List.copyOf(exclusions),
        java.util.Collections.unmodifiableSet(actions));
  }

  private static void collect(
      Condition c,
      boolean negated,
      List<Indicator> indicators,
      List<Indicator> exclusions,
      Set<String> actions) {
    List<Indicator> into = negated ? exclusions : indicators;
    if (c instanceof All all) {
      all.children().forEach(x -> collect(x, negated, indicators, exclusions, actions));
    } else if (c instanceof Any any) {
      any.children().forEach(x -> collect(x, negated, indicators, exclusions, actions));
    } else if (c instanceof OnlyOne one) {
      one.children().forEach(x -> collect(x, negated, indicators, exclusions, actions));
    } else if (c instanceof None none) {
      none.children().forEach(x -> collect(x, !negated, indicators, exclusions, actions));
    } else if (c instanceof Compare compare) {
      into.add(
          new Indicator(
              compare.field().toString(),
              compare.comparison().word(),
              List.of(compare.value().toString()),
              List.of(compare.value().text())));
      if (!negated
          && compare.comparison() == Comparison.EQUALS
          && compare.field().toString().equals(ACTION_FIELD)) {
        actions.add(compare.value().text());
      }
    } else if (c instanceof Membership m) {
      List<String> values = m.values().stream().map(Literal::text).sorted().toList();
      into.add(new Indicator(m.field().toString(), m.negated() ? "not in" : "in", values));
      if (!negated && !m.negated() && m.field().toString().equals(ACTION_FIELD)) {
        actions.addAll(values);
      }
    } else if (c instanceof Check check) {
      into.add(new Indicator(check.field().toString(), check.kind().word(), List.of()));
    } else if (c instanceof CompareFields cf) {
      into.add(
          new Indicator(
              cf.left().toString(), cf.comparison().word(), List.of("field " + cf.right())));
    } else if (c instanceof Quantified q) {
      into.add(
          new Indicator(
              q.field().toString(),
              q.quantifier().word(),
              q.expressions().stream().map(Object::toString).toList()));
    } else {
      into.add(new Indicator("", c.toString(), List.of()));
    }
  }
}
