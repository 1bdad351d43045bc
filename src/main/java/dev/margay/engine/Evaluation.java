package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.margay.condition.FieldPath;
import dev.margay.event.internal.EventPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of evaluating one event: its root and the values of event-level paths already looked
 * up, so that the many rules reading {@code errorCode} or {@code awsRegion} resolve each path once
 * per event. One per event and thread; never shared.
 */
final class Evaluation {
  /** Marks a path looked up and found absent. */
  private static final JsonNode ABSENT = MissingNode.getInstance();

  private static final byte UNKNOWN = 0;
  private static final byte HOLDS = 1;
  private static final byte FAILS = 2;

  final JsonNode root;
  private final JsonNode[] resolved;
  private final Matcher[] shared;
  private final int memoized;
  private byte[] verdicts; // by shared condition id, below memoized; allocated on first use

  Evaluation(JsonNode root, Slots table, SharedConditions conditions) {
    this.root = root;
    this.resolved = new JsonNode[table.size()];
    this.shared = conditions.matchers();
    this.memoized = conditions.memoized;
  }

  /**
   * Whether shared conditions {@code ids[from, to)} all hold for the event; each is decided once
   * per event.
   */
  boolean allHold(int[] ids, int from, int to) {
    byte[] v = verdicts;
    if (v == null) {
      v = new byte[memoized];
      verdicts = v;
    }
    for (int i = from; i < to; i++) {
      int id = ids[i];
      if (id >= memoized) {
        if (!shared[id].test(this, root)) {
          return false;
        }
        continue;
      }
      byte verdict = v[id];
      if (verdict == UNKNOWN) {
        verdict = shared[id].test(this, root) ? HOLDS : FAILS;
        v[id] = verdict;
      }
      if (verdict == FAILS) {
        return false;
      }
    }
    return true;
  }

  /** The value of {@code path} under {@code scope}; cached when the scope is the event itself. */
  JsonNode find(Slot slot, JsonNode scope) {
    if (scope != root) {
      return slot.path.find(scope);
    }
    JsonNode cached = resolved[slot.index];
    if (cached == null) {
      cached = slot.path.find(root);
      resolved[slot.index] = cached == null ? ABSENT : cached;
      return cached;
    }
    return cached == ABSENT ? null : cached;
  }

  /** A prepared path with its place in the per-event cache. */
  static final class Slot {
    final EventPath path;
    final int index;

    Slot(EventPath path, int index) {
      this.path = path;
      this.index = index;
    }
  }

  /**
   * Gives each distinct path of an engine one slot; filled while compiling, read-only afterwards.
   */
  static final class Slots {
    private final Map<FieldPath, Slot> slots = new HashMap<>();
    private final List<Slot> order = new ArrayList<>();

    Slot slot(FieldPath path) {
      return slots.computeIfAbsent(
          path,
          p -> {
            Slot s = new Slot(EventPath.of(p), order.size());
            order.add(s);
            return s;
          });
    }

    int size() {
      return order.size();
    }
  }
}
