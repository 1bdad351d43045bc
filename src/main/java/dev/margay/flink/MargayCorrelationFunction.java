package dev.margay.flink;

import dev.margay.alert.CorrelationAlert;
import dev.margay.engine.CorrelationLogic;
import dev.margay.loader.RuleBundle;
import dev.margay.wire.WireCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Signals to correlation alerts, per correlation rule and join value (the key: {@link
 * SignalRecord#stateKey()}), on keyed state and event-time timers, deciding with the same {@link
 * CorrelationLogic} as {@code margay scan --alerts}. State per key: signal time to the number of
 * signals per member at that time (what the lookback window needs), and the time of the last alert
 * (its signals are consumed). A required member's signal at {@code t} is an evaluation point,
 * decided once the watermark passes {@code t} (for rules with {@code Absence}, {@code t +
 * horizon}); signals older than every later point's window are dropped then, or by a cleanup timer.
 * So while the input's disorder stays within the watermark bound the alerts are exactly {@code scan
 * --alerts}', across a restart too (all of it is in state). A signal at or behind the watermark is
 * <em>late</em>: it goes to {@link MargayPipeline#LATE_SIGNALS} and is counted (metric {@code
 * margayLateSignals}), never correlated. Output: each alert as {@link WireCodec#correlationAlert}
 * JSON.
 */
public class MargayCorrelationFunction extends KeyedProcessFunction<String, SignalRecord, String> {
  private static final long serialVersionUID = 1L;

  private final RuleBundle rules;
  private transient Signals signals;
  private transient MapState<Long, int[]> held;
  private transient ValueState<Long> consumedThrough;
  private transient Counter late;

  /** Correlates with the correlation rules of {@code rules}. */
  public MargayCorrelationFunction(RuleBundle rules) {
    this.rules = rules;
  }

  @Override
  public void open(OpenContext context) {
    signals = new Signals(EngineCache.get(rules).result().correlationRules());
    held =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "margay-signals",
                    Types.LONG,
                    PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO));
    consumedThrough =
        getRuntimeContext().getState(new ValueStateDescriptor<>("margay-consumed", Types.LONG));
    late = getRuntimeContext().getMetricGroup().counter("margayLateSignals");
  }

  /** How long after a point's time it is decided: the absence horizon, or 0. */
  private static long delay(CorrelationLogic logic) {
    return logic.hasAbsence() ? logic.horizonMillis() : 0;
  }

  @Override
  public void processElement(SignalRecord s, Context ctx, Collector<String> out) throws Exception {
    CorrelationLogic logic = signals.logic(s.correlationRule);
    if (logic == null) {
      return;
    }
    if (s.time <= ctx.timerService().currentWatermark()) {
      late.inc();
      ctx.output(MargayPipeline.LATE_SIGNALS, s);
      return;
    }
    int[] counts = held.get(s.time);
    counts = counts == null ? new int[logic.memberCount()] : counts.clone();
    counts[s.member]++;
    held.put(s.time, counts);
    if (!logic.member(s.member).absence()) {
      ctx.timerService().registerEventTimeTimer(s.time + delay(logic));
    }
    // Past this, no point's window holds the signal: drop it even when no later point comes.
    ctx.timerService().registerEventTimeTimer(s.time + delay(logic) + logic.lookbackMillis() + 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
    String key = ctx.getCurrentKey();
    int nul = key.indexOf('\0');
    CorrelationLogic logic = signals.logic(key.substring(0, nul));
    if (logic == null) {
      return;
    }
    long point = timestamp - delay(logic);
    int[] at = held.get(point);
    if (at != null && isPoint(logic, at)) {
      List<List<Long>> byMember = new ArrayList<>();
      for (int m = 0; m < logic.memberCount(); m++) {
        byMember.add(new ArrayList<>());
      }
      for (Map.Entry<Long, int[]> e : held.entries()) {
        for (int m = 0; m < e.getValue().length; m++) {
          for (int i = 0; i < e.getValue()[m]; i++) {
            byMember.get(m).add(e.getKey());
          }
        }
      }
      long[][] times = new long[logic.memberCount()][];
      for (int m = 0; m < times.length; m++) {
        times[m] = byMember.get(m).stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(times[m]);
      }
      Long consumed = consumedThrough.value();
      long[][] used = logic.decide(point, times, consumed == null ? Long.MIN_VALUE : consumed);
      if (used != null) {
        consumedThrough.update(point);
        String joinKey = key.substring(nul + 1);
        out.collect(WireCodec.correlationAlert(CorrelationAlert.of(logic, joinKey, point, used)));
      }
    }
    // Every later point is after `point`, and its window starts after point - lookback.
    long cutoff = point - logic.lookbackMillis();
    for (Iterator<Map.Entry<Long, int[]>> it = held.iterator(); it.hasNext(); ) {
      if (it.next().getKey() < cutoff) {
        it.remove();
      }
    }
    if (held.isEmpty()) {
      held.clear();
      consumedThrough.clear(); // as the library's correlator forgets an emptied join value
    }
  }

  private static boolean isPoint(CorrelationLogic logic, int[] counts) {
    for (int m = 0; m < counts.length; m++) {
      if (counts[m] > 0 && !logic.member(m).absence()) {
        return true;
      }
    }
    return false;
  }
}
