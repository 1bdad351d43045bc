package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.All;
import dev.margay.condition.Any;
import dev.margay.condition.Compare;
import dev.margay.condition.Comparison;
import dev.margay.condition.Condition;
import dev.margay.condition.FieldPath;
import dev.margay.condition.Literal;
import dev.margay.condition.Membership;
import dev.margay.event.EventPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dispatches an event to the rules that could match it. A rule whose whole detection requires
 * {@code eventName} (or else {@code eventSource}) to equal one of a set of strings — an {@code Equals}
 * or {@code IsIn} at the top level of its {@code Detection}, or an {@code Any} of such on one field — is
 * filed under those values; every other rule is checked on every event. The lookup resolves the field
 * exactly as conditions do (exact key, then case-insensitive) and compares values case-sensitively, as
 * {@code Equals}/{@code IsIn} do, so skipping a rule never changes a result. Immutable.
 */
final class RuleIndex {
  static final String EVENT_NAME = "eventName";
  static final String EVENT_SOURCE = "eventSource";
  private static final EventPath EVENT_NAME_PATH = EventPath.of(FieldPath.key(EVENT_NAME));
  private static final EventPath EVENT_SOURCE_PATH = EventPath.of(FieldPath.key(EVENT_SOURCE));
  private static final int[] NONE = new int[0];

  private final CompiledRule[] rules; // in engine order; positions are the ordinals below
  private final Map<String, int[]> byEventName;
  private final Map<String, int[]> byEventSource;
  private final int[] unindexed;

  /** A field and the values one of which a rule requires there. */
  record Requirement(String field, Set<String> values) {}

  RuleIndex(List<CompiledRule> ordered, boolean useIndex) {
    this.rules = ordered.toArray(new CompiledRule[0]);
    Map<String, List<Integer>> names = new HashMap<>();
    Map<String, List<Integer>> sources = new HashMap<>();
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < rules.length; i++) {
      Requirement r = useIndex ? requirement(rules[i].rule.detection()) : null;
      if (r == null) {
        rest.add(i);
      } else {
        Map<String, List<Integer>> into = r.field().equals(EVENT_NAME) ? names : sources;
        for (String v : r.values()) {
          into.computeIfAbsent(v, k -> new ArrayList<>()).add(i);
        }
      }
    }
    byEventName = freeze(names);
    byEventSource = freeze(sources);
    unindexed = rest.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Map<String, int[]> freeze(Map<String, List<Integer>> map) {
    Map<String, int[]> out = new HashMap<>(map.size() * 2);
    map.forEach((k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    return out;
  }

  /** How many rules are filed under a value (the rest run on every event). */
  int indexedCount() {
    return rules.length - unindexed.length;
  }

  /** The strongest requirement the detection puts on eventName, else on eventSource; null if none. */
  static Requirement requirement(Condition detection) {
    List<Condition> conjuncts = detection instanceof All all ? all.children() : List.of(detection);
    Set<String> names = null;
    Set<String> sources = null;
    for (Condition c : conjuncts) {
      Requirement r = requirementOf(c);
      if (r == null) {
        continue;
      }
      if (r.field().equals(EVENT_NAME)) {
        names = names == null || r.values().size() < names.size() ? r.values() : names;
      } else {
        sources = sources == null || r.values().size() < sources.size() ? r.values() : sources;
      }
    }
    if (names != null) {
      return new Requirement(EVENT_NAME, names);
    }
    return sources != null ? new Requirement(EVENT_SOURCE, sources) : null;
  }

  private static Requirement requirementOf(Condition c) {
    if (c instanceof Compare compare && compare.comparison() == Comparison.EQUALS
        && compare.value().kind() == Literal.Kind.STRING) {
      String field = discriminator(compare.field());
      return field == null ? null : new Requirement(field, Set.of((String) compare.value().value()));
    }
    if (c instanceof Membership m && !m.negated() && m.values().get(0).kind() == Literal.Kind.STRING) {
      String field = discriminator(m.field());
      if (field == null) {
        return null;
      }
      Set<String> values = new HashSet<>();
      m.values().forEach(v -> values.add((String) v.value()));
      return new Requirement(field, Set.copyOf(values));
    }
    if (c instanceof All all && !all.children().isEmpty()) {
      return requirement(all);
    }
    if (c instanceof Any any && !any.children().isEmpty()) {
      // Every branch must constrain the same field; the rule then needs one of the union.
      String field = null;
      Set<String> union = new HashSet<>();
      for (Condition branch : any.children()) {
        Requirement r = requirementOf(branch);
        if (r == null || (field != null && !field.equals(r.field()))) {
          return null;
        }
        field = r.field();
        union.addAll(r.values());
      }
      return new Requirement(field, Set.copyOf(union));
    }
    return null;
  }

  private static String discriminator(dev.margay.condition.Field field) {
    if (field instanceof FieldPath path && path.segments().size() == 1
        && path.segments().get(0) instanceof FieldPath.Name name
        && (name.name().equals(EVENT_NAME) || name.name().equals(EVENT_SOURCE))) {
      return name.name();
    }
    return null;
  }

  /** Calls {@code visitor} with every rule that could match, in engine order. Allocates nothing. */
  void candidates(JsonNode root, java.util.function.Consumer<CompiledRule> visitor) {
    int[] a = lookup(byEventName, EVENT_NAME_PATH, root);
    int[] b = lookup(byEventSource, EVENT_SOURCE_PATH, root);
    int[] c = unindexed;
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length || j < b.length || k < c.length) {
      int x = i < a.length ? a[i] : Integer.MAX_VALUE;
      int y = j < b.length ? b[j] : Integer.MAX_VALUE;
      int z = k < c.length ? c[k] : Integer.MAX_VALUE;
      int min = Math.min(x, Math.min(y, z));
      if (min == x) {
        i++;
      }
      if (min == y) {
        j++;
      }
      if (min == z) {
        k++;
      }
      visitor.accept(rules[min]);
    }
  }

  private static int[] lookup(Map<String, int[]> index, EventPath path, JsonNode root) {
    if (index.isEmpty()) {
      return NONE;
    }
    JsonNode value = path.find(root);
    if (value == null || !value.isTextual()) {
      return NONE;
    }
    int[] found = index.get(value.textValue());
    return found == null ? NONE : found;
  }
}
