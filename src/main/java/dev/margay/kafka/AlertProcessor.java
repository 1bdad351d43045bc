package dev.margay.kafka;

import dev.margay.alert.AlertWindow;
import dev.margay.alert.AlertWindows;
import dev.margay.wire.AlertRecord;
import dev.margay.wire.MatchRecord;
import dev.margay.wire.WireCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Matches to alerts on three state stores, the Flink alert function's rules without keyed timers.
 * The watermark is the task's stream time minus the grace; a match waits in {@code pending} (key:
 * time, group, input position) until the watermark passes it, then the waiting matches are applied
 * in event-time order, content breaking ties ({@link MatchRecord#FIRST_ORDER}), through {@link
 * AlertWindows}; {@code ends} indexes open windows by end time, and a window closes (its alert
 * forwarded) once the watermark reaches its end. A match behind the watermark on arrival is late
 * (forwarded to the late-match topic when one is set, never grouped). A match without an event time
 * counts at the task's stream time.
 */
final class AlertProcessor implements Processor<String, MatchRecord, String, Object> {
  private final long grace;
  private final boolean lateTopic;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, String> pending;
  private KeyValueStore<String, String> windows;
  private KeyValueStore<String, String> ends;
  // Nothing new is due until the watermark moves, and everything before the last one is gone: scans
  // start
  // there, never at the beginning (deleted keys stay as tombstones in RocksDB until compaction).
  private long lastWatermark = Long.MIN_VALUE;

  AlertProcessor(long grace, boolean lateTopic) {
    this.grace = grace;
    this.lateTopic = lateTopic;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    pending = context.getStateStore(MargayTopology.PENDING_STORE);
    windows = context.getStateStore(MargayTopology.WINDOWS_STORE);
    ends = context.getStateStore(MargayTopology.ENDS_STORE);
  }

  /** Fixed-width, order-preserving text of a time (unsigned, 20 digits). */
  static String pad(long t) {
    String s = Long.toUnsignedString(t ^ Long.MIN_VALUE);
    return "0".repeat(20 - s.length()) + s;
  }

  @Override
  public void process(Record<String, MatchRecord> record) {
    long streamTime = context.currentStreamTimeMs();
    long watermark = streamTime - grace;
    MatchRecord m = record.value();
    if (m != null && m.createAlert()) {
      long time = m.hasEventTime() ? m.eventTime() : streamTime;
      if (time < watermark) {
        if (lateTopic) {
          context.forward(
              new Record<>(record.key(), m, record.timestamp()), MargayTopology.LATE_SINK);
        }
      } else {
        String position =
            context
                .recordMetadata()
                .map(r -> r.partition() + ":" + r.offset())
                .orElse(Long.toString(System.nanoTime()));
        pending.put(pad(time) + '\0' + m.groupKey() + '\0' + position, WireCodec.streamMatch(m));
      }
    }
    if (watermark > lastWatermark) {
      long from = lastWatermark;
      lastWatermark = watermark;
      advance(from, watermark, record.timestamp());
    }
  }

  private record Open(AlertWindow window, MatchRecord first) {}

  private void advance(long from, long watermark, long timestamp) {
    // Waiting matches before the watermark, in (time, group) order.
    List<KeyValue<String, String>> due = new ArrayList<>();
    try (KeyValueIterator<String, String> it = pending.range(pad(from), pad(watermark))) {
      it.forEachRemaining(due::add);
    }
    Map<String, Open> touched = new HashMap<>();
    int i = 0;
    while (i < due.size()) {
      String prefix = due.get(i).key.substring(0, due.get(i).key.lastIndexOf('\0'));
      List<MatchRecord> same = new ArrayList<>();
      int j = i;
      while (j < due.size() && due.get(j).key.startsWith(prefix + '\0')) {
        same.add(WireCodec.readMatch(WireCodec.utf8(due.get(j).value)));
        pending.delete(due.get(j).key);
        j++;
      }
      i = j;
      same.sort(MatchRecord.FIRST_ORDER);
      for (MatchRecord m : same) {
        String group = m.groupKey();
        Open open = touched.containsKey(group) ? touched.get(group) : load(group);
        long time =
            m.hasEventTime()
                ? m.eventTime()
                : Long.parseLong(prefix.substring(0, 20)) ^ Long.MIN_VALUE;
        AlertWindows.Step step =
            AlertWindows.apply(open == null ? null : open.window(), time, m.dedupPeriodMinutes());
        MatchRecord first = open == null ? null : open.first();
        if (step.closed() != null) {
          emit(group, first, step.closed(), timestamp);
          ends.delete(pad(step.closed().end()) + '\0' + group);
        }
        if (step.opened()) {
          first = m;
          ends.put(pad(step.window().end()) + '\0' + group, "");
        }
        touched.put(group, new Open(step.window(), first));
      }
    }
    touched.forEach(this::save);
    // Windows the watermark has reached the end of.
    List<String> closing = new ArrayList<>();
    try (KeyValueIterator<String, String> it = ends.range(pad(from), pad(watermark) + '\u0001')) {
      it.forEachRemaining(kv -> closing.add(kv.key));
    }
    for (String key : closing) {
      String group = key.substring(21);
      Open open = load(group);
      if (open != null && AlertWindows.endedBy(open.window(), watermark)) {
        emit(group, open.first(), open.window(), timestamp);
        windows.delete(group);
      }
      ends.delete(key);
    }
  }

  private Open load(String group) {
    String v = windows.get(group);
    if (v == null) {
      return null;
    }
    int nl = v.indexOf('\n');
    String[] w = v.substring(0, nl).split(",");
    return new Open(
        new AlertWindow(
            Long.parseLong(w[0]),
            Long.parseLong(w[1]),
            Integer.parseInt(w[2]),
            Long.parseLong(w[3])),
        WireCodec.readMatch(WireCodec.utf8(v.substring(nl + 1))));
  }

  private void save(String group, Open open) {
    AlertWindow w = open.window();
    windows.put(
        group,
        w.start()
            + ","
            + w.end()
            + ","
            + w.count()
            + ","
            + w.lastTime()
            + "\n"
            + WireCodec.streamMatch(open.first()));
  }

  private void emit(String group, MatchRecord first, AlertWindow window, long timestamp) {
    if (AlertWindows.fires(window, first.threshold())) {
      context.forward(
          new Record<>(group, AlertRecord.of(first, window), timestamp),
          MargayTopology.ALERTS_SINK);
    }
  }
}
