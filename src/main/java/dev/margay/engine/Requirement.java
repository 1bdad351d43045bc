package dev.margay.engine;

import dev.margay.condition.Any;
import dev.margay.condition.Compare;
import dev.margay.condition.Comparison;
import dev.margay.condition.Condition;
import dev.margay.condition.FieldPath;
import dev.margay.condition.Literal;
import dev.margay.condition.Membership;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a rule requires of one field: one of {@code values}, exactly or as a prefix, stated by one
 * of its detection's top-level conjuncts ({@code Equals}, {@code IsIn}, {@code StartsWith} with
 * strings, or an {@code Any} of those on one field). The requirement analysis of {@link RuleIndex};
 * immutable.
 *
 * @param conjunct the conjunct that states it, which a rule reached through an exact-value index
 *     entry need not evaluate
 */
record Requirement(FieldPath field, Set<String> values, boolean prefix, Condition conjunct) {

  String fieldName() {
    return field.toKeyPath().orElse(field.toString());
  }

  /** Every requirement the detection's top-level conjuncts state. */
  static List<Requirement> all(Condition detection) {
    List<Requirement> out = new ArrayList<>();
    for (Condition c : detection.conjuncts()) {
      Requirement r = requirementOf(c);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The requirement to file the rule under: on eventName, else eventSource, else the exact
   * requirement with the fewest values, else a prefix requirement; null if the detection has none.
   */
  static Requirement best(Condition detection) {
    Requirement best = null;
    for (Requirement r : all(detection)) {
      if (best == null
          || rank(r) < rank(best)
          || (rank(r) == rank(best) && r.values().size() < best.values().size())) {
        best = r;
      }
    }
    return best;
  }

  private static int rank(Requirement r) {
    if (r.prefix()) {
      return 3;
    }
    String name = r.fieldName();
    return name.equals(RuleIndex.EVENT_NAME) ? 0 : name.equals(RuleIndex.EVENT_SOURCE) ? 1 : 2;
  }

  private static Requirement requirementOf(Condition c) {
    if (c instanceof Compare compare
        && compare.value() instanceof Literal.Str value
        && (compare.comparison() == Comparison.EQUALS
            || compare.comparison() == Comparison.STARTS_WITH)) {
      FieldPath field = plainPath(compare.field());
      return field == null
          ? null
          : new Requirement(
              field, Set.of(value.value()), compare.comparison() == Comparison.STARTS_WITH, c);
    }
    if (c instanceof Membership m
        && !m.negated()
        && m.values().get(0).kind() == Literal.Kind.STRING) {
      FieldPath field = plainPath(m.field());
      if (field == null) {
        return null;
      }
      Set<String> values = new HashSet<>();
      m.values().forEach(v -> values.add(v.text()));
      return new Requirement(field, Set.copyOf(values), false, c);
    }
    if (c instanceof Any any && !any.children().isEmpty()) {
      // Every branch must constrain the same field the same way; the rule then needs one of the
      // union.
      Requirement first = null;
      Set<String> union = new HashSet<>();
      for (Condition branch : any.children()) {
        Requirement r = requirementOf(branch);
        if (r == null
            || (first != null
                && (!first.field().equals(r.field()) || first.prefix() != r.prefix()))) {
          return null;
        }
        first = first == null ? r : first;
        union.addAll(r.values());
      }
      return new Requirement(first.field(), Set.copyOf(union), first.prefix(), c);
    }
    return null;
  }

  /** A path of names only (no index, no [*], not an enrichment): what the index can look up. */
  private static FieldPath plainPath(dev.margay.condition.Field field) {
    if (!(field instanceof FieldPath path)) {
      return null;
    }
    for (FieldPath.Segment s : path.segments()) {
      if (!(s instanceof FieldPath.Name)) {
        return null;
      }
    }
    return path;
  }
}
