package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The rules {@link RuleIndex} files under one field: by exact value (buckets, possibly split by a
 * second field) or by a fixed-length prefix key. Candidate lists are sorted entry offsets into the
 * index's entry array. Immutable and thread-safe once built.
 */
final class FieldIndex {
  private static final int[] NONE = new int[0];

  /**
   * The rules filed under one value of an exact index. A large bucket (many rules requiring one
   * {@code eventName}) is split again by the field most of its rules also require: an event then
   * checks the sub-bucket of its value for that field, plus the bucket's other rules.
   */
  static final class Bucket {
    final int[] rest; // entry offsets, sorted; the whole bucket when it is not split
    final Evaluation.Slot subSlot; // null: not split
    final Map<String, int[]> sub;

    Bucket(int[] rest, Evaluation.Slot subSlot, Map<String, int[]> sub) {
      this.rest = rest;
      this.subSlot = subSlot;
      this.sub = sub;
    }
  }

  final Evaluation.Slot slot;
  final boolean prefix;
  final int keyLength; // for prefix indexes: every key has this length
  final Map<String, Bucket> buckets; // exact indexes: rules by value
  final String[] prefixKeys;
  final int[][] prefixRules;
  final int[] prefixTable; // open addressing by the key's hash: key number + 1, 0 when free

  /** An exact index: the bucket of each value. */
  static FieldIndex exact(Evaluation.Slot slot, Map<String, Bucket> buckets) {
    return new FieldIndex(slot, false, 0, Map.of(), buckets);
  }

  /** A prefix index: the candidates of each prefix key, every key {@code keyLength} long. */
  static FieldIndex prefix(Evaluation.Slot slot, int keyLength, Map<String, int[]> byKey) {
    return new FieldIndex(slot, true, keyLength, byKey, Map.of());
  }

  private FieldIndex(
      Evaluation.Slot slot,
      boolean prefix,
      int keyLength,
      Map<String, int[]> byKey,
      Map<String, Bucket> buckets) {
    this.slot = slot;
    this.prefix = prefix;
    this.keyLength = keyLength;
    this.buckets = buckets;
    this.prefixKeys = byKey.keySet().toArray(new String[0]);
    this.prefixRules = new int[prefixKeys.length][];
    this.prefixTable = new int[Integer.highestOneBit(Math.max(1, prefixKeys.length) * 4)];
    for (int i = 0; i < prefixKeys.length; i++) {
      prefixRules[i] = byKey.get(prefixKeys[i]);
      int h = prefixKeys[i].hashCode();
      int at = (h ^ (h >>> 16)) & (prefixTable.length - 1);
      while (prefixTable[at] != 0) {
        at = (at + 1) & (prefixTable.length - 1);
      }
      prefixTable[at] = i + 1;
    }
  }

  /** Adds the event's candidate lists to {@code lists} from {@code k} on; returns the new count. */
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
