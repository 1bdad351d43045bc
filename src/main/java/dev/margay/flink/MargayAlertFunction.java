package dev.margay.flink;

import dev.margay.alert.AlertWindow;
import dev.margay.alert.AlertWindows;
import dev.margay.wire.AlertRecord;
import dev.margay.wire.MatchRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Matches to alerts, per rule and dedup key (the key: {@link MatchRecord#groupKey()}), on keyed
 * state and event-time timers, through the same window functions as the CLI ({@link AlertWindows}).
 * A match waits in state until the watermark passes its event time; then the waiting matches are
 * applied in event-time order (content breaking ties, {@link MatchRecord#FIRST_ORDER}), and a
 * window is closed, its alert emitted, once the watermark passes its last millisecond. So while the
 * input's disorder stays within the watermark bound the alerts are exactly {@code AlertGrouper}'s
 * (= {@code margay scan --alerts}), whatever the arrival order or parallelism, and across a restart
 * from a checkpoint (all of it is in state).
 *
 * <p>A match at or behind the watermark when it arrives is <em>late</em>: it goes to {@link
 * MargayPipeline#LATE_MATCHES} and is counted (metric {@code margayLateMatches}), never merged into
 * a window. A match without an event time counts at this operator's processing time when it arrives
 * (as Panther sets {@code p_event_time} to the parse time), in windows of its own closed by
 * processing-time timers, or at the end of a bounded input. Signal-only matches ({@code
 * createAlert} false) are ignored.
 */
public class MargayAlertFunction extends KeyedProcessFunction<String, MatchRecord, AlertRecord> {
  private static final long serialVersionUID = 1L;

  private transient MapState<Long, List<MatchRecord>> waiting;
  private transient ValueState<AlertWindow> window;
  private transient ValueState<MatchRecord> first;
  private transient ValueState<AlertWindow> parseWindow;
  private transient ValueState<MatchRecord> parseFirst;
  private transient Counter late;

  @Override
  public void open(OpenContext context) {
    TypeInformation<MatchRecord> match = TypeInformation.of(MatchRecord.class);
    TypeInformation<AlertWindow> win = TypeInformation.of(AlertWindow.class);
    waiting =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("margay-waiting", Types.LONG, new ListTypeInfo<>(match)));
    window = getRuntimeContext().getState(new ValueStateDescriptor<>("margay-window", win));
    first = getRuntimeContext().getState(new ValueStateDescriptor<>("margay-first", match));
    parseWindow =
        getRuntimeContext().getState(new ValueStateDescriptor<>("margay-parse-window", win));
    parseFirst =
        getRuntimeContext().getState(new ValueStateDescriptor<>("margay-parse-first", match));
    late = getRuntimeContext().getMetricGroup().counter("margayLateMatches");
  }

  @Override
  public void processElement(MatchRecord m, Context ctx, Collector<AlertRecord> out)
      throws Exception {
    if (!m.createAlert()) {
      return;
    }
    if (!m.hasEventTime()) {
      parseTime(m, ctx, out);
      return;
    }
    long time = m.eventTime();
    if (time <= ctx.timerService().currentWatermark()) {
      late.inc();
      ctx.output(MargayPipeline.LATE_MATCHES, m);
      return;
    }
    List<MatchRecord> at = waiting.get(time);
    if (at == null) {
      at = new ArrayList<>(1);
    }
    at.add(m);
    waiting.put(time, at);
    ctx.timerService().registerEventTimeTimer(time);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertRecord> out)
      throws Exception {
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      AlertWindow pw = parseWindow.value();
      if (pw != null && AlertWindows.endedBy(pw, timestamp)) {
        emit(parseFirst.value(), pw, out);
        parseWindow.clear();
        parseFirst.clear();
      }
      return;
    }
    // Waiting matches the watermark has passed, in event-time order, content breaking ties.
    List<Long> due = new ArrayList<>();
    for (Iterator<Map.Entry<Long, List<MatchRecord>>> it = waiting.iterator(); it.hasNext(); ) {
      Map.Entry<Long, List<MatchRecord>> e = it.next();
      if (e.getKey() <= timestamp) {
        due.add(e.getKey());
      }
    }
    due.sort(null);
    AlertWindow w = window.value();
    MatchRecord head = first.value();
    for (long time : due) {
      List<MatchRecord> at = new ArrayList<>(waiting.get(time));
      waiting.remove(time);
      at.sort(MatchRecord.FIRST_ORDER);
      for (MatchRecord m : at) {
        AlertWindows.Step step = AlertWindows.apply(w, time, m.dedupPeriodMinutes());
        if (step.closed() != null) {
          emit(head, step.closed(), out);
        }
        if (step.opened()) {
          head = m;
          ctx.timerService().registerEventTimeTimer(step.window().end() - 1);
        }
        w = step.window();
      }
    }
    // The watermark passed the window's last millisecond: no match can join it any more.
    if (w != null && w.end() - 1 <= timestamp) {
      emit(head, w, out);
      w = null;
      head = null;
    }
    update(window, w);
    update(first, head);
    if (timestamp == Long.MAX_VALUE && parseWindow.value() != null) { // end of a bounded input
      emit(parseFirst.value(), parseWindow.value(), out);
      parseWindow.clear();
      parseFirst.clear();
    }
  }

  /** A timeless match, on this operator's processing time (never going back within a key). */
  private void parseTime(MatchRecord m, Context ctx, Collector<AlertRecord> out) throws Exception {
    AlertWindow pw = parseWindow.value();
    long now = ctx.timerService().currentProcessingTime();
    long time = pw == null ? now : Math.max(now, pw.lastTime());
    AlertWindows.Step step = AlertWindows.apply(pw, time, m.dedupPeriodMinutes());
    if (step.closed() != null) {
      emit(parseFirst.value(), step.closed(), out);
    }
    if (step.opened()) {
      parseFirst.update(m);
      ctx.timerService().registerProcessingTimeTimer(step.window().end());
      ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    } else if (time == step.window().start()
        && MatchRecord.FIRST_ORDER.compare(m, parseFirst.value()) < 0) {
      parseFirst.update(m); // a tie with the first match: content decides, as in AlertGrouper
    }
    parseWindow.update(step.window());
  }

  private static <T> void update(ValueState<T> state, T value) throws java.io.IOException {
    if (value == null) {
      state.clear();
    } else {
      state.update(value);
    }
  }

  private static void emit(MatchRecord head, AlertWindow w, Collector<AlertRecord> out) {
    if (AlertWindows.fires(w, head.threshold())) {
      out.collect(AlertRecord.of(head, w));
    }
  }
}
