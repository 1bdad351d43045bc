package dev.margay.engine;

import dev.margay.condition.All;
import dev.margay.condition.Always;
import dev.margay.condition.Any;
import dev.margay.condition.Check;
import dev.margay.condition.Compare;
import dev.margay.condition.CompareFields;
import dev.margay.condition.Comparison;
import dev.margay.condition.Condition;
import dev.margay.condition.ConditionVisitor;
import dev.margay.condition.FieldPath;
import dev.margay.condition.Literal;
import dev.margay.condition.Membership;
import dev.margay.condition.None;
import dev.margay.condition.OnlyOne;
import dev.margay.condition.Quantified;
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
    return c.accept(OF);
  }

  /**
   * The requirement one conjunct states, or null: a visitor, so that a new node type must say
   * whether it can state one.
   */
  private static final ConditionVisitor<Requirement> OF =
      new ConditionVisitor<>() {
        @Override
        public Requirement visitCompare(Compare compare) {
          if (!(compare.value() instanceof Literal.Str value)
              || (compare.comparison() != Comparison.EQUALS
                  && compare.comparison() != Comparison.STARTS_WITH)) {
            return null;
          }
          FieldPath field = plainPath(compare.field());
          return field == null
              ? null
              : new Requirement(
                  field,
                  Set.of(value.value()),
                  compare.comparison() == Comparison.STARTS_WITH,
                  compare);
        }

        @Override
        public Requirement visitMembership(Membership m) {
          if (m.negated() || m.values().get(0).kind() != Literal.Kind.STRING) {
            return null;
          }
          FieldPath field = plainPath(m.field());
          if (field == null) {
            return null;
          }
          Set<String> values = new HashSet<>();
          m.values().forEach(v -> values.add(v.text()));
          return new Requirement(field, Set.copyOf(values), false, m);
        }

        @Override
        public Requirement visitAny(Any any) {
          if (any.children().isEmpty()) {
            return null;
          }
          // Every branch must constrain the same field the same way; the rule then needs one of
          // the union.
          Requirement first = null;
          Set<String> union = new HashSet<>();
          for (Condition branch : any.children()) {
            Requirement r = branch.accept(this);
            if (r == null
                || (first != null
                    && (!first.field().equals(r.field()) || first.prefix() != r.prefix()))) {
              return null;
            }
            first = first == null ? r : first;
            union.addAll(r.values());
          }
          return new Requirement(first.field(), Set.copyOf(union), first.prefix(), any);
        }

        // A conjunction is flattened by conjuncts(); the others state no single-field values.
        @Override
        public Requirement visitAll(All all) {
          return null;
        }

        @Override
        public Requirement visitOnlyOne(OnlyOne onlyOne) {
          return null;
        }

        @Override
        public Requirement visitNone(None none) {
          return null;
        }

        @Override
        public Requirement visitAlways(Always always) {
          return null;
        }

        @Override
        public Requirement visitCompareFields(CompareFields compareFields) {
          return null;
        }

        @Override
        public Requirement visitCheck(Check check) {
          return null;
        }

        @Override
        public Requirement visitQuantified(Quantified quantified) {
          return null;
        }
      };

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
