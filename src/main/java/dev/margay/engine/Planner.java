// Over 300 lines: one visitor, each node type compiled to its matcher in one place.
package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.All;
import dev.margay.condition.Always;
import dev.margay.condition.Any;
import dev.margay.condition.Check;
import dev.margay.condition.Compare;
import dev.margay.condition.CompareFields;
import dev.margay.condition.Comparison;
import dev.margay.condition.Condition;
import dev.margay.condition.ConditionVisitor;
import dev.margay.condition.Enrichment;
import dev.margay.condition.Field;
import dev.margay.condition.IpAddress;
import dev.margay.condition.Literal;
import dev.margay.condition.Membership;
import dev.margay.condition.None;
import dev.margay.condition.OnlyOne;
import dev.margay.condition.Quantified;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a condition AST into {@link Matcher}s once, so that evaluating an event only walks the
 * tree: paths are prepared, literals typed, {@code IsIn} values hashed and CIDRs parsed here.
 *
 * <p>Semantics (README, "Semantics"): in a {@code Detection} an absent field and a JSON null behave
 * alike; positive conditions are false on them and negated ones, being exact negations, true. In
 * {@link Mode#FILTER} (InlineFilters) an <em>absent</em> field passes every condition except the
 * existence checks, which are evaluated as written.
 */
final class Planner implements ConditionVisitor<Matcher> {

  /** Where the condition is used. */
  enum Mode {
    DETECTION,
    FILTER
  }

  private final Mode mode;
  private final Evaluation.Slots paths;

  private Planner(Mode mode, Evaluation.Slots paths) {
    this.mode = mode;
    this.paths = paths;
  }

  static Matcher plan(Condition condition, Mode mode, Evaluation.Slots paths) {
    return condition.accept(new Planner(mode, paths));
  }

  private Matcher[] children(List<Condition> conditions) {
    Matcher[] out = new Matcher[conditions.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = conditions.get(i).accept(this);
    }
    return out;
  }

  @Override
  public Matcher visitAll(All all) {
    Matcher[] m = children(all.children());
    if (m.length == 1) {
      return m[0];
    }
    return (ev, scope) -> {
      for (Matcher x : m) {
        if (!x.test(ev, scope)) {
          return false;
        }
      }
      return true;
    };
  }

  @Override
  public Matcher visitAny(Any any) {
    Matcher[] m = children(any.children());
    return (ev, scope) -> {
      for (Matcher x : m) {
        if (x.test(ev, scope)) {
          return true;
        }
      }
      return false;
    };
  }

  @Override
  public Matcher visitOnlyOne(OnlyOne onlyOne) {
    Matcher[] m = children(onlyOne.children());
    return (ev, scope) -> {
      int count = 0;
      for (Matcher x : m) {
        if (x.test(ev, scope) && ++count > 1) {
          return false;
        }
      }
      return count == 1;
    };
  }

  @Override
  public Matcher visitNone(None none) {
    Matcher[] m = children(none.children());
    return (ev, scope) -> {
      for (Matcher x : m) {
        if (x.test(ev, scope)) {
          return false;
        }
      }
      return true;
    };
  }

  @Override
  public Matcher visitAlways(Always always) {
    boolean value = always.value();
    return (ev, scope) -> value;
  }

  /** Resolves a field: enrichment always against the event, paths against the scope. */
  private static final class Lookup {
    final Evaluation.Slot slot;
    final boolean fromRoot;

    Lookup(Field field, Evaluation.Slots paths) {
      slot = paths.slot(field.path());
      fromRoot = field instanceof Enrichment;
    }

    JsonNode find(Evaluation ev, JsonNode scope) {
      return ev.find(slot, fromRoot ? ev.root : scope);
    }

    boolean collection() {
      return slot.path.yieldsCollection();
    }
  }

  /**
   * The shared shape of every single-field condition: look up, treat absent/null, apply the
   * positive test to the value (any element for a {@code [*]} collection), negate if asked.
   */
  private Matcher valueMatcher(
      Field field,
      Predicate<JsonNode> single,
      Predicate<JsonNode> element,
      boolean negated,
      boolean existence) {
    Lookup lookup = new Lookup(field, paths);
    boolean collection = lookup.collection();
    boolean filter = mode == Mode.FILTER && !existence;
    return (ev, scope) -> {
      JsonNode found = lookup.find(ev, scope);
      if (found == null && filter) {
        return true;
      }
      boolean positive;
      if (found == null || found instanceof com.fasterxml.jackson.databind.node.NullNode) {
        positive = false;
      } else if (collection) {
        positive = false;
        for (JsonNode e : found) {
          if (element.test(e)) {
            positive = true;
            break;
          }
        }
      } else {
        positive = single.test(found);
      }
      return positive != negated;
    };
  }

  /**
   * {@code f == "x"}, {@code f != "x"}, {@code f in [...]}, {@code f not in [...]} with strings on
   * a single-value path in a detection: the commonest leaves, as a class of their own so that the
   * check runs without a further indirect call.
   */
  private static final class StringIn implements Matcher {
    private final Lookup lookup;
    private final Set<String> values;
    private final boolean negated;

    StringIn(Lookup lookup, Set<String> values, boolean negated) {
      this.lookup = lookup;
      this.values = values;
      this.negated = negated;
    }

    @Override
    public boolean test(Evaluation ev, JsonNode scope) {
      JsonNode found = lookup.find(ev, scope);
      boolean positive =
          found instanceof com.fasterxml.jackson.databind.node.TextNode
              && values.contains(found.textValue());
      return positive != negated;
    }
  }

  /**
   * {@code is_null}/{@code does_not_exist} (negated: {@code is_not_null}/{@code exists}) in a
   * detection.
   */
  private static final class Missing implements Matcher {
    private final Lookup lookup;
    private final boolean negated;

    Missing(Lookup lookup, boolean negated) {
      this.lookup = lookup;
      this.negated = negated;
    }

    @Override
    public boolean test(Evaluation ev, JsonNode scope) {
      JsonNode found = lookup.find(ev, scope);
      boolean missing =
          found == null || found instanceof com.fasterxml.jackson.databind.node.NullNode;
      return missing != negated;
    }
  }

  /**
   * Whether a leaf on this field can use a specialized matcher: detection mode, no [*] collection.
   */
  private boolean plain(Field field) {
    return mode == Mode.DETECTION && !field.path().hasWildcard();
  }

  @Override
  public Matcher visitCompare(Compare compare) {
    Comparison op = compare.comparison().positive();
    if (op == Comparison.EQUALS
        && compare.value() instanceof Literal.Str value
        && plain(compare.field())) {
      return new StringIn(
          new Lookup(compare.field(), paths),
          Set.of(value.value()),
          compare.comparison().isNegated());
    }
    ComparisonTests.LiteralTests tests =
        ComparisonTests.of(op).literal(new JsonValues.Prepared(compare.value()));
    return valueMatcher(
        compare.field(), tests.single(), tests.element(), compare.comparison().isNegated(), false);
  }

  @Override
  public Matcher visitMembership(Membership membership) {
    List<Literal> values = membership.values();
    Literal.Kind kind = values.get(0).kind();
    if (kind == Literal.Kind.STRING && plain(membership.field())) {
      return new StringIn(
          new Lookup(membership.field(), paths), strings(values), membership.negated());
    }
    Predicate<JsonNode> test =
        switch (kind) {
          case STRING -> {
            Set<String> set = strings(values);
            yield v -> v.isTextual() && set.contains(v.textValue());
          }
          case BOOLEAN -> {
            boolean hasTrue = values.contains(Literal.of(true));
            boolean hasFalse = values.contains(Literal.of(false));
            yield v -> v.isBoolean() && (v.booleanValue() ? hasTrue : hasFalse);
          }
          // Hashed by numeric value: a list of thousands costs one lookup, whatever the event's
          // number.
          case NUMBER -> new NumberSet(values)::contains;
        };
    return valueMatcher(membership.field(), test, test, membership.negated(), false);
  }

  private static Set<String> strings(List<Literal> values) {
    Set<String> set = new HashSet<>();
    values.forEach(v -> set.add(v.text()));
    return Set.copyOf(set);
  }

  @Override
  public Matcher visitCheck(Check check) {
    Field field = check.field();
    return switch (check.kind()) {
      case IS_NULL, DOES_NOT_EXIST ->
          plain(field)
              ? new Missing(new Lookup(field, paths), false)
              : valueMatcher(field, v -> true, v -> true, true, true);
      case IS_NOT_NULL, EXISTS ->
          plain(field)
              ? new Missing(new Lookup(field, paths), true)
              : valueMatcher(field, v -> true, v -> true, false, true);
      case IS_NULL_OR_EMPTY -> valueMatcher(field, Planner::notEmpty, v -> true, true, true);
      case IS_NOT_NULL_OR_EMPTY -> valueMatcher(field, Planner::notEmpty, v -> true, false, true);
      case IS_IP_ADDRESS -> ipMatcher(field, a -> true);
      case IS_IPV4_ADDRESS -> ipMatcher(field, a -> a.length == 4);
      case IS_IPV6_ADDRESS -> ipMatcher(field, a -> a.length == 16);
      case IS_IP_ADDRESS_PUBLIC -> ipMatcher(field, IpAddress::isGlobal);
      case IS_IP_ADDRESS_PRIVATE -> ipMatcher(field, IpAddress::isPrivate);
    };
  }

  /** {@code ""}, {@code []} and {@code {}} are empty; every other non-null value is not. */
  private static boolean notEmpty(JsonNode v) {
    if (v.isTextual()) {
      return !v.textValue().isEmpty();
    }
    return !v.isContainerNode() || v.size() > 0;
  }

  private Matcher ipMatcher(Field field, Predicate<byte[]> test) {
    Predicate<JsonNode> single =
        v -> {
          if (!v.isTextual()) {
            return false;
          }
          byte[] address = IpAddress.parse(v.textValue());
          return address != null && test.test(address);
        };
    return valueMatcher(field, single, single, false, false);
  }

  @Override
  public Matcher visitCompareFields(CompareFields compare) {
    Lookup left = new Lookup(compare.left(), paths);
    Lookup right = new Lookup(compare.right(), paths);
    Comparison op = compare.comparison().positive();
    boolean negated = compare.comparison().isNegated();
    boolean filter = mode == Mode.FILTER;
    ComparisonTests.PairTest test = ComparisonTests.of(op).pair();
    // Two collections: equality and order in linear time rather than every pair (a[*] == b[*]).
    boolean linear = left.collection() && right.collection() && CollectionPairs.handles(op);
    return (ev, scope) -> {
      JsonNode l = left.find(ev, scope);
      JsonNode r = right.find(ev, scope);
      if (filter && (l == null || r == null)) {
        return true;
      }
      boolean positive = false;
      if (l != null && !l.isNull() && r != null && !r.isNull()) {
        positive =
            linear
                ? CollectionPairs.anyPair(l, r, op)
                : anyPair(l, left.collection(), r, right.collection(), test);
      }
      return positive != negated;
    };
  }

  private static boolean anyPair(
      JsonNode l, boolean lMany, JsonNode r, boolean rMany, ComparisonTests.PairTest test) {
    if (lMany) {
      for (JsonNode e : l) {
        if (anyPair(e, false, r, rMany, test)) {
          return true;
        }
      }
      return false;
    }
    if (rMany) {
      for (JsonNode e : r) {
        if (test.test(l, e)) {
          return true;
        }
      }
      return false;
    }
    return test.test(l, r);
  }

  @Override
  public Matcher visitQuantified(Quantified quantified) {
    Lookup lookup = new Lookup(quantified.field(), paths);
    Matcher each = visitAll(new All(quantified.expressions()));
    // Each quantifier is a count of elements that satisfy (or fail) the expressions, stopped as
    // soon as the count decides; chosen here once, not per element.
    Matcher onList =
        switch (quantified.quantifier()) {
          case ANY_ELEMENT -> (ev, list) -> count(ev, list, each, true, 1) == 1;
          case ALL_ELEMENTS -> (ev, list) -> count(ev, list, each, false, 1) == 0;
          case NO_ELEMENT -> (ev, list) -> count(ev, list, each, true, 1) == 0;
          case ONLY_ONE_ELEMENT -> (ev, list) -> count(ev, list, each, true, 2) == 1;
        };
    // No list at all (absent, null, a scalar or an object): there are no elements to satisfy.
    boolean noList = quantified.quantifier() == Quantified.Quantifier.NO_ELEMENT;
    return (ev, scope) -> {
      JsonNode list = lookup.find(ev, scope);
      return list == null || !list.isArray() ? noList : onList.test(ev, list);
    };
  }

  /**
   * How many elements of {@code list} give {@code outcome}, counting no further than {@code stop}.
   */
  private static int count(Evaluation ev, JsonNode list, Matcher each, boolean outcome, int stop) {
    int n = 0;
    for (JsonNode element : list) {
      if (each.test(ev, element) == outcome && ++n == stop) {
        break;
      }
    }
    return n;
  }
}
