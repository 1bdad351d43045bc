package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.All;
import dev.margay.condition.Always;
import dev.margay.condition.Any;
import dev.margay.condition.Check;
import dev.margay.condition.Cidr;
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
    JsonValues.Prepared lit = new JsonValues.Prepared(compare.value());
    String s = lit.string;
    Predicate<JsonNode> single;
    Predicate<JsonNode> element = null;
    switch (op) {
      case EQUALS:
        single = lit::matches;
        break;
      case I_EQUALS:
        single = lit::matchesIgnoreCase;
        break;
      case STARTS_WITH:
        single = v -> v.isTextual() && v.textValue().startsWith(s);
        break;
      case I_STARTS_WITH:
        single = v -> v.isTextual() && v.textValue().regionMatches(true, 0, s, 0, s.length());
        break;
      case ENDS_WITH:
        single = v -> v.isTextual() && v.textValue().endsWith(s);
        break;
      case I_ENDS_WITH:
        single = v -> v.isTextual() && JsonValues.endsWithIgnoreCase(v.textValue(), s);
        break;
      case CONTAINS:
        single =
            v ->
                v.isTextual()
                    ? v.textValue().contains(s)
                    : v.isArray() && anyElement(v, lit::matches);
        element = lit::matches;
        break;
      case I_CONTAINS:
        single =
            v ->
                v.isTextual()
                    ? JsonValues.containsIgnoreCase(v.textValue(), s)
                    : v.isArray() && anyElement(v, lit::matchesIgnoreCase);
        element = lit::matchesIgnoreCase;
        break;
      case GREATER_THAN:
        single = v -> v.isNumber() && lit.compareNumber(v) > 0;
        break;
      case GREATER_THAN_OR_EQUALS:
        single = v -> v.isNumber() && lit.compareNumber(v) >= 0;
        break;
      case LESS_THAN:
        single =
            v ->
                v.isNumber()
                    && lit.compareNumber(v) < 0
                    && lit.compareNumber(v) != JsonValues.INCOMPARABLE;
        break;
      case LESS_THAN_OR_EQUALS:
        single =
            v ->
                v.isNumber()
                    && lit.compareNumber(v) <= 0
                    && lit.compareNumber(v) != JsonValues.INCOMPARABLE;
        break;
      case IN_CIDR:
        {
          Cidr cidr = Cidr.parse(s);
          single =
              v -> {
                if (!v.isTextual()) {
                  return false;
                }
                byte[] address = IpAddress.parse(v.textValue());
                return address != null && cidr.contains(address);
              };
          break;
        }
      default:
        throw new AssertionError("unhandled comparison " + op);
    }
    return valueMatcher(
        compare.field(),
        single,
        element == null ? single : element,
        compare.comparison().isNegated(),
        false);
  }

  private static boolean anyElement(JsonNode array, Predicate<JsonNode> test) {
    for (JsonNode e : array) {
      if (test.test(e)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Matcher visitMembership(Membership membership) {
    List<Literal> values = membership.values();
    Predicate<JsonNode> test;
    switch (values.get(0).kind()) {
      case STRING:
        {
          Set<String> set = new HashSet<>();
          values.forEach(v -> set.add(v.text()));
          if (plain(membership.field())) {
            return new StringIn(
                new Lookup(membership.field(), paths), Set.copyOf(set), membership.negated());
          }
          test = v -> v.isTextual() && set.contains(v.textValue());
          break;
        }
      case BOOLEAN:
        {
          boolean hasTrue = values.contains(Literal.of(true));
          boolean hasFalse = values.contains(Literal.of(false));
          test = v -> v.isBoolean() && (v.booleanValue() ? hasTrue : hasFalse);
          break;
        }
      default:
        {
          // Hashed by numeric value: a list of thousands costs one lookup, whatever the event's
          // number.
          NumberSet set = new NumberSet(values);
          test = set::contains;
        }
    }
    return valueMatcher(membership.field(), test, test, membership.negated(), false);
  }

  @Override
  public Matcher visitCheck(Check check) {
    Check.Kind kind = check.kind();
    switch (kind) {
      case IS_NULL:
      case DOES_NOT_EXIST:
        return plain(check.field())
            ? new Missing(new Lookup(check.field(), paths), false)
            : valueMatcher(check.field(), v -> true, v -> true, true, true);
      case IS_NOT_NULL:
      case EXISTS:
        return plain(check.field())
            ? new Missing(new Lookup(check.field(), paths), true)
            : valueMatcher(check.field(), v -> true, v -> true, false, true);
      case IS_NULL_OR_EMPTY:
        return valueMatcher(check.field(), Planner::notEmpty, v -> true, true, true);
      case IS_NOT_NULL_OR_EMPTY:
        return valueMatcher(check.field(), Planner::notEmpty, v -> true, false, true);
      case IS_IP_ADDRESS:
        return ipMatcher(check.field(), a -> true);
      case IS_IPV4_ADDRESS:
        return ipMatcher(check.field(), a -> a.length == 4);
      case IS_IPV6_ADDRESS:
        return ipMatcher(check.field(), a -> a.length == 16);
      case IS_IP_ADDRESS_PUBLIC:
        return ipMatcher(check.field(), IpAddress::isGlobal);
      case IS_IP_ADDRESS_PRIVATE:
        return ipMatcher(check.field(), IpAddress::isPrivate);
      default:
        throw new AssertionError("unhandled check " + kind);
    }
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
    BiTest test = pairTest(op);
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

  @FunctionalInterface
  private interface BiTest {
    boolean test(JsonNode left, JsonNode right);
  }

  private static boolean anyPair(
      JsonNode l, boolean lMany, JsonNode r, boolean rMany, BiTest test) {
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

  private static BiTest pairTest(Comparison op) {
    switch (op) {
      case EQUALS:
        return JsonValues::equal;
      case I_EQUALS:
        return (l, r) ->
            l.isTextual() && r.isTextual()
                ? l.textValue().equalsIgnoreCase(r.textValue())
                : JsonValues.equal(l, r);
      case STARTS_WITH:
        return (l, r) -> l.isTextual() && r.isTextual() && l.textValue().startsWith(r.textValue());
      case I_STARTS_WITH:
        return (l, r) ->
            l.isTextual()
                && r.isTextual()
                && l.textValue().regionMatches(true, 0, r.textValue(), 0, r.textValue().length());
      case ENDS_WITH:
        return (l, r) -> l.isTextual() && r.isTextual() && l.textValue().endsWith(r.textValue());
      case I_ENDS_WITH:
        return (l, r) ->
            l.isTextual()
                && r.isTextual()
                && JsonValues.endsWithIgnoreCase(l.textValue(), r.textValue());
      case CONTAINS:
        return (l, r) ->
            l.isTextual()
                ? r.isTextual() && l.textValue().contains(r.textValue())
                : l.isArray() && anyElement(l, e -> JsonValues.equal(e, r));
      case I_CONTAINS:
        return (l, r) ->
            l.isTextual()
                ? r.isTextual() && JsonValues.containsIgnoreCase(l.textValue(), r.textValue())
                : l.isArray()
                    && anyElement(
                        l,
                        e ->
                            e.isTextual() && r.isTextual()
                                ? e.textValue().equalsIgnoreCase(r.textValue())
                                : JsonValues.equal(e, r));
      case GREATER_THAN:
        return (l, r) -> numeric(l, r) && JsonValues.compareNumbers(l, r) > 0;
      case GREATER_THAN_OR_EQUALS:
        return (l, r) -> numeric(l, r) && JsonValues.compareNumbers(l, r) >= 0;
      case LESS_THAN:
        return (l, r) ->
            numeric(l, r)
                && ordered(JsonValues.compareNumbers(l, r))
                && JsonValues.compareNumbers(l, r) < 0;
      case LESS_THAN_OR_EQUALS:
        return (l, r) ->
            numeric(l, r)
                && ordered(JsonValues.compareNumbers(l, r))
                && JsonValues.compareNumbers(l, r) <= 0;
      case IN_CIDR:
        return (l, r) -> {
          if (!l.isTextual() || !r.isTextual()) {
            return false;
          }
          byte[] address = IpAddress.parse(l.textValue());
          if (address == null) {
            return false;
          }
          try {
            return Cidr.parse(r.textValue()).contains(address);
          } catch (IllegalArgumentException e) {
            return false; // the right-hand field is not a CIDR: no match
          }
        };
      default:
        throw new AssertionError("unhandled comparison " + op);
    }
  }

  private static boolean numeric(JsonNode l, JsonNode r) {
    return l.isNumber() && r.isNumber();
  }

  private static boolean ordered(int comparison) {
    return comparison != JsonValues.INCOMPARABLE;
  }

  @Override
  public Matcher visitQuantified(Quantified quantified) {
    Lookup lookup = new Lookup(quantified.field(), paths);
    Matcher each = visitAll(new All(quantified.expressions()));
    Quantified.Quantifier q = quantified.quantifier();
    return (ev, scope) -> {
      JsonNode list = lookup.find(ev, scope);
      if (list == null || !list.isArray()) {
        // No list at all (absent, null, a scalar or an object): there are no elements to satisfy.
        return q == Quantified.Quantifier.NO_ELEMENT;
      }
      int count = 0;
      for (JsonNode element : list) {
        boolean ok = each.test(ev, element);
        switch (q) {
          case ANY_ELEMENT:
            if (ok) {
              return true;
            }
            break;
          case ALL_ELEMENTS:
            if (!ok) {
              return false;
            }
            break;
          case NO_ELEMENT:
            if (ok) {
              return false;
            }
            break;
          default:
            if (ok && ++count > 1) {
              return false;
            }
        }
      }
      switch (q) {
        case ANY_ELEMENT:
          return false;
        case ONLY_ONE_ELEMENT:
          return count == 1;
        default:
          return true;
      }
    };
  }
}
