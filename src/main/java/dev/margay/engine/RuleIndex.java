package dev.margay.engine;

import dev.margay.condition.FieldPath;
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
 *
 * <p>The requirement analysis is {@link Requirement}'s, the per-field lookups {@link FieldIndex}'s;
 * this class files the rules and dispatches events.
 */
final class RuleIndex {
  static final String EVENT_NAME = "eventName";
  static final String EVENT_SOURCE = "eventSource";

  /** Prefix keys are cut to this many characters at most. */
  private static final int MAX_PREFIX_KEY = 8;

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
          Map<String, FieldIndex.Bucket> buckets = new HashMap<>(byValue.size() * 2);
          byValue.forEach(
              (value, members) -> buckets.put(value, bucket(field, members, slots, offsets)));
          built.add(FieldIndex.exact(slots.slot(paths.get(field)), buckets));
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
              FieldIndex.prefix(slots.slot(paths.get(field)), keyLength, freeze(byKey, offsets)));
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
  private FieldIndex.Bucket bucket(
      String field, List<Integer> members, Evaluation.Slots slots, int[] offsets) {
    int[] all = members.stream().mapToInt(i -> offsets[i]).toArray();
    if (members.size() < SPLIT_AT) {
      return new FieldIndex.Bucket(all, null, null);
    }
    // Each member's exact requirements on other fields (the one with the fewest values per field).
    Map<String, Integer> coverage = new HashMap<>();
    Map<String, FieldPath> fieldPaths = new HashMap<>();
    List<Map<String, Requirement>> byMember = new ArrayList<>();
    for (int i : members) {
      Map<String, Requirement> own = new HashMap<>();
      for (Requirement r : Requirement.all(rules[i].rule.detection())) {
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
      return new FieldIndex.Bucket(all, null, null);
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
    return new FieldIndex.Bucket(
        rest.stream().mapToInt(i -> offsets[i]).toArray(),
        slots.slot(fieldPaths.get(second)),
        freeze(sub, offsets));
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
      for (FieldIndex.Bucket b : f.buckets.values()) {
        n += b.subSlot != null ? 1 : 0;
      }
    }
    return n;
  }

  /** How many rules are filed under a value (the rest run on every event). */
  int indexedCount() {
    return rules.length - unindexed.length;
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
