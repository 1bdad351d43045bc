package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.Any;
import dev.margay.condition.Compare;
import dev.margay.condition.Comparison;
import dev.margay.condition.Condition;
import dev.margay.condition.FieldPath;
import dev.margay.condition.Literal;
import dev.margay.condition.Membership;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dispatches an event to the rules that could match it. Each rule whose detection requires, at its
 * top level, a field to equal one of some strings ({@code Equals}, {@code IsIn}, or an {@code Any}
 * of those on one field) or to start with one of some prefixes ({@code StartsWith}) is filed under
 * those values; {@code eventName} is preferred, then {@code eventSource}, then the most selective
 * other field. Rules without such a requirement are checked on every event. Lookups resolve the
 * field exactly as conditions do (exact key, then case-insensitive) and compare case-sensitively,
 * as those conditions do, so skipping a rule never changes a result; and a rule reached through an
 * exact-value entry skips the requirement that put it there, which is known to hold. Immutable and
 * thread-safe.
 */
final class RuleIndex {
  static final String EVENT_NAME = "eventName";
  static final String EVENT_SOURCE = "eventSource";
  private static final int[] NONE = new int[0];

  /** Prefix keys are cut to this many characters at most. */
  private static final int MAX_PREFIX_KEY = 8;

  /** What a rule requires of one field: one of {@code values}, exactly or as a prefix. */
  record Requirement(FieldPath field, Set<String> values, boolean prefix, Condition conjunct) {
    String fieldName() {
      return field.toKeyPath().orElse(field.toString());
    }
  }

  /**
   * The rules filed under one value of an exact index. A large bucket (many rules requiring one
   * {@code eventName}) is split again by the field most of its rules also require: an event then
   * checks the sub-bucket of its value for that field, plus the bucket's other rules.
   */
  private static final class Bucket {
    final int[] rest; // entry offsets, sorted; the whole bucket when it is not split
    final Evaluation.Slot subSlot; // null: not split
    final Map<String, int[]> sub;

    Bucket(int[] rest, Evaluation.Slot subSlot, Map<String, int[]> sub) {
      this.rest = rest;
      this.subSlot = subSlot;
      this.sub = sub;
    }
  }

  /** The rules filed under one field. */
  private static final class FieldIndex {
    final Evaluation.Slot slot;
    final boolean prefix;
    final int keyLength; // for prefix indexes: every key has this length
    final Map<String, int[]> byValue; // prefix indexes: rules by prefix key
    final Map<String, Bucket> buckets; // exact indexes: rules by value
    final String[] prefixKeys;
    final int[][] prefixRules;
    final int[] prefixTable; // open addressing by the key's hash: key number + 1, 0 when free

    FieldIndex(
        Evaluation.Slot slot,
        boolean prefix,
        int keyLength,
        Map<String, int[]> byValue,
        Map<String, Bucket> buckets) {
      this.slot = slot;
      this.prefix = prefix;
      this.keyLength = keyLength;
      this.byValue = byValue;
      this.buckets = buckets;
      this.prefixKeys = byValue.keySet().toArray(new String[0]);
      this.prefixRules = new int[prefixKeys.length][];
      this.prefixTable = new int[Integer.highestOneBit(Math.max(1, prefixKeys.length) * 4)];
      for (int i = 0; i < prefixKeys.length; i++) {
        prefixRules[i] = byValue.get(prefixKeys[i]);
        int h = prefixKeys[i].hashCode();
        int at = (h ^ (h >>> 16)) & (prefixTable.length - 1);
        while (prefixTable[at] != 0) {
          at = (at + 1) & (prefixTable.length - 1);
        }
        prefixTable[at] = i + 1;
      }
    }

    /**
     * Adds the event's candidate lists to {@code lists} from {@code k} on; returns the new count.
     */
    int candidates(Evaluation ev, int[][] lists, int k) {
      JsonNode value = ev.find(slot, ev.root);
      if (value == null || !value.isTextual()) {
        return k;
      }
      String text = value.textValue();
      if (!prefix) {
        Bucket bucket = buckets.get(text);
        if (bucket == null) {
          return k;
        }
        lists[k++] = bucket.rest;
        if (bucket.subSlot != null) {
          JsonNode second = ev.find(bucket.subSlot, ev.root);
          int[] found =
              second != null && second.isTextual() ? bucket.sub.get(second.textValue()) : null;
          if (found != null) {
            lists[k++] = found;
          }
        }
        return k;
      }
      int[] found = prefixCandidates(text);
      if (found.length > 0) {
        lists[k++] = found;
      }
      return k;
    }

    private int[] prefixCandidates(String text) {
      if (text.length() < keyLength) {
        return NONE;
      }
      // The key's String hash, computed over the first keyLength chars rather than a substring per
      // event.
      int h = 0;
      for (int i = 0; i < keyLength; i++) {
        h = 31 * h + text.charAt(i);
      }
      int mask = prefixTable.length - 1;
      for (int slot = (h ^ (h >>> 16)) & mask; prefixTable[slot] != 0; slot = (slot + 1) & mask) {
        int k = prefixTable[slot] - 1;
        if (text.startsWith(prefixKeys[k])) {
          return prefixRules[k];
        }
      }
      return NONE;
    }
  }

  private final CompiledRule[] rules; // in engine order; positions are the ordinals below

  /**
   * Every rule as one entry of one array, in ordinal order: {@code [ordinal, count << 1 | proven,
   * ids...]} (proven: the first id is the requirement an exact-value entry guarantees). Candidate
   * lists hold sorted entry offsets; a candidate is then one read that moves forward through
   * memory, not a visit to the rule's own objects.
   */
  private final int[] entries;

  private final FieldIndex[] indexes;
  private final int[] unindexed;

  RuleIndex(
      List<CompiledRule> ordered,
      boolean useIndex,
      Evaluation.Slots slots,
      SharedConditions shared) {
    this.rules = ordered.toArray(new CompiledRule[0]);
    int[] offsets = new int[rules.length];
    int total = 0;
    for (int i = 0; i < rules.length; i++) {
      offsets[i] = total;
      total += 2 + rules[i].conjuncts.size();
    }
    this.entries = new int[total];
    for (int i = 0; i < rules.length; i++) {
      CompiledRule rule = rules[i];
      int at = offsets[i];
      entries[at] = i;
      boolean proven = useIndex && rule.provenByIndex();
      entries[at + 1] = rule.conjuncts.size() << 1 | (proven ? 1 : 0);
      for (int k = 0; k < rule.conjuncts.size(); k++) {
        entries[at + 2 + k] = shared.id(rule.conjuncts.get(k));
      }
    }
    Map<String, Map<String, List<Integer>>> exact = new LinkedHashMap<>();
    Map<String, List<Integer>> prefixRules = new LinkedHashMap<>();
    Map<String, FieldPath> paths = new HashMap<>();
    List<Requirement> requirements = new ArrayList<>();
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < rules.length; i++) {
      Requirement r = useIndex ? rules[i].requirement : null;
      requirements.add(r);
      if (r == null) {
        rest.add(i);
        continue;
      }
      paths.put(r.fieldName(), r.field());
      if (r.prefix()) {
        prefixRules.computeIfAbsent(r.fieldName(), k -> new ArrayList<>()).add(i);
      } else {
        Map<String, List<Integer>> byValue =
            exact.computeIfAbsent(r.fieldName(), k -> new HashMap<>());
        for (String v : r.values()) {
          byValue.computeIfAbsent(v, k -> new ArrayList<>()).add(i);
        }
      }
    }
    List<FieldIndex> built = new ArrayList<>();
    exact.forEach(
        (field, byValue) -> {
          Map<String, Bucket> buckets = new HashMap<>(byValue.size() * 2);
          byValue.forEach(
              (value, members) -> buckets.put(value, bucket(field, members, slots, offsets)));
          built.add(new FieldIndex(slots.slot(paths.get(field)), false, 0, Map.of(), buckets));
        });
    prefixRules.forEach(
        (field, members) -> {
          int keyLength = MAX_PREFIX_KEY;
          for (int i : members) {
            for (String v : requirements.get(i).values()) {
              keyLength = Math.min(keyLength, v.length());
            }
          }
          if (keyLength == 0) {
            rest.addAll(members); // an empty prefix says nothing
            return;
          }
          Map<String, List<Integer>> byKey = new HashMap<>();
          for (int i : members) {
            Set<String> keys = new HashSet<>();
            for (String v : requirements.get(i).values()) {
              keys.add(v.substring(0, keyLength));
            }
            for (String k : keys) {
              byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
            }
          }
          built.add(
              new FieldIndex(
                  slots.slot(paths.get(field)), true, keyLength, freeze(byKey, offsets), Map.of()));
        });
    indexes = built.toArray(new FieldIndex[0]);
    unindexed = rest.stream().mapToInt(Integer::intValue).sorted().map(i -> offsets[i]).toArray();
  }

  /** Buckets of at least this many rules are split by a second field. */
  static final int SPLIT_AT = 16;

  /**
   * The bucket of {@code members} (ordinals) filed under one value of {@code field}: split by the
   * other field that most of them require exactly (at least half of them), when there are {@link
   * #SPLIT_AT} or more.
   */
  private Bucket bucket(
      String field, List<Integer> members, Evaluation.Slots slots, int[] offsets) {
    int[] all = members.stream().mapToInt(i -> offsets[i]).toArray();
    if (members.size() < SPLIT_AT) {
      return new Bucket(all, null, null);
    }
    // Each member's exact requirements on other fields (the one with the fewest values per field).
    Map<String, Integer> coverage = new HashMap<>();
    Map<String, FieldPath> fieldPaths = new HashMap<>();
    List<Map<String, Requirement>> byMember = new ArrayList<>();
    for (int i : members) {
      Map<String, Requirement> own = new HashMap<>();
      for (Requirement r : requirements(rules[i].rule.detection())) {
        if (!r.prefix() && !r.fieldName().equals(field)) {
          own.merge(r.fieldName(), r, (a, b) -> a.values().size() <= b.values().size() ? a : b);
        }
      }
      own.forEach(
          (f, r) -> {
            coverage.merge(f, 1, Integer::sum);
            fieldPaths.put(f, r.field());
          });
      byMember.add(own);
    }
    String second = null;
    for (Map.Entry<String, Integer> e : coverage.entrySet()) {
      if (second == null
          || e.getValue() > coverage.get(second)
          || (e.getValue().equals(coverage.get(second)) && e.getKey().compareTo(second) < 0)) {
        second = e.getKey();
      }
    }
    if (second == null || coverage.get(second) * 2 < members.size()) {
      return new Bucket(all, null, null);
    }
    List<Integer> rest = new ArrayList<>();
    Map<String, List<Integer>> sub = new HashMap<>();
    for (int m = 0; m < members.size(); m++) {
      Requirement r = byMember.get(m).get(second);
      if (r == null) {
        rest.add(members.get(m));
      } else {
        for (String v : r.values()) {
          sub.computeIfAbsent(v, k -> new ArrayList<>()).add(members.get(m));
        }
      }
    }
    return new Bucket(
        rest.stream().mapToInt(i -> offsets[i]).toArray(),
        slots.slot(fieldPaths.get(second)),
        freeze(sub, offsets));
  }

  /** Every requirement the detection's top-level conjuncts state. */
  static List<Requirement> requirements(Condition detection) {
    List<Condition> conjuncts = detection.conjuncts();
    List<Requirement> out = new ArrayList<>();
    for (Condition c : conjuncts) {
      Requirement r = requirementOf(c);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  /** Candidate lists as sorted entry offsets. */
  private static Map<String, int[]> freeze(Map<String, List<Integer>> map, int[] offsets) {
    Map<String, int[]> out = new HashMap<>(map.size() * 2);
    map.forEach((k, v) -> out.put(k, v.stream().mapToInt(i -> offsets[i]).toArray()));
    return out;
  }

  /** How many index buckets are split by a second field. */
  int splitBucketCount() {
    int n = 0;
    for (FieldIndex f : indexes) {
      for (Bucket b : f.buckets.values()) {
        n += b.subSlot != null ? 1 : 0;
      }
    }
    return n;
  }

  /** How many rules are filed under a value (the rest run on every event). */
  int indexedCount() {
    return rules.length - unindexed.length;
  }

  /**
   * The requirement to file the rule under: on eventName, else eventSource, else the exact
   * requirement with the fewest values, else a prefix requirement; null if the detection has none.
   */
  static Requirement requirement(Condition detection) {
    List<Condition> conjuncts = detection.conjuncts();
    Requirement best = null;
    for (Condition c : conjuncts) {
      Requirement r = requirementOf(c);
      if (r != null
          && (best == null
              || rank(r) < rank(best)
              || (rank(r) == rank(best) && r.values().size() < best.values().size()))) {
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
    return name.equals(EVENT_NAME) ? 0 : name.equals(EVENT_SOURCE) ? 1 : 2;
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

  /** Receives the rules that match. */
  interface Visitor {
    void matched(CompiledRule rule);
  }

  /** Calls {@code visitor} with every rule that matches the event, in engine order. */
  void matches(Evaluation ev, Visitor visitor) {
    // Each candidate list is checked straight through (the lists are disjoint); only the matches,
    // usually
    // few, are put back in engine order. Cheaper than merging the lists candidate by candidate.
    int[][] lists = new int[2 * indexes.length + 1][];
    int k = 0;
    for (FieldIndex index : indexes) {
      k = index.candidates(ev, lists, k);
    }
    if (unindexed.length > 0) {
      lists[k++] = unindexed;
    }
    int[] hits = null;
    int count = 0;
    for (int l = 0; l < k; l++) {
      for (int at : lists[l]) {
        if (holds(ev, at)) {
          if (hits == null) {
            hits = new int[8];
          } else if (count == hits.length) {
            hits = java.util.Arrays.copyOf(hits, count * 2);
          }
          hits[count++] = entries[at];
        }
      }
    }
    if (k > 1 && count > 1) {
      java.util.Arrays.sort(hits, 0, count);
    }
    for (int i = 0; i < count; i++) {
      visitor.matched(rules[hits[i]]);
    }
  }

  /**
   * Whether the rule at entry offset {@code at} holds; a proven requirement is only reached through
   * its entry.
   */
  private boolean holds(Evaluation ev, int at) {
    int header = entries[at + 1];
    int from = at + 2;
    return ev.allHold(entries, from + (header & 1), from + (header >>> 1));
  }
}
