package dev.margay.flink;

import dev.margay.loader.RuleBundle;
import dev.margay.wire.MatchRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@link MargayDetectFunction} whose rules change while the job runs: each {@link RuleUpdate} on
 * the broadcast input swaps the engine of every subtask between two events (Flink hands both inputs
 * to one thread). The latest accepted set is kept in broadcast state, so a restart resumes with it.
 * An update with any file that does not load is refused whole; the previous rules stay. Each
 * subtask reports what it did on {@link MargayPipeline#RULES_APPLIED}. Alert windows live
 * downstream, keyed by rule and dedup key, so open windows of rules that still exist continue
 * across an update.
 */
public class MargayBroadcastDetectFunction
    extends BroadcastProcessFunction<byte[], RuleUpdate, MatchRecord> {
  private static final long serialVersionUID = 1L;

  /** Broadcast state: the latest accepted update under the key {@code "rules"}. */
  public static final MapStateDescriptor<String, RuleUpdate> RULES_STATE =
      new MapStateDescriptor<>("margay-rules", Types.STRING, TypeInformation.of(RuleUpdate.class));

  private final Detector detector;
  private transient RulesApplied
      initial; // reported with the first event (side outputs need a context)

  /** Starts with {@code rules} until an update arrives. */
  public MargayBroadcastDetectFunction(
      RuleBundle rules, boolean includeEvents, String sourceLabel) {
    this.detector = new Detector(rules, includeEvents, sourceLabel);
  }

  @Override
  public void open(OpenContext context) {
    initial = detector.open(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
  }

  @Override
  public void processElement(byte[] event, ReadOnlyContext ctx, Collector<MatchRecord> out)
      throws Exception {
    // After a restart the broadcast state holds the latest accepted rules: resume with them.
    ReadOnlyBroadcastState<String, RuleUpdate> state = ctx.getBroadcastState(RULES_STATE);
    RuleUpdate latest = state.get("rules");
    if (latest != null && !latest.sha256().equals(detector.sha256())) {
      initial = null;
      ctx.output(MargayPipeline.RULES_APPLIED, detector.update(latest.rules()));
    } else if (initial != null) {
      ctx.output(MargayPipeline.RULES_APPLIED, initial);
      initial = null;
    }
    detector.detect(
        event,
        out::collect,
        bad -> ctx.output(MargayPipeline.BAD_EVENTS, bad),
        sig -> ctx.output(MargayPipeline.SIGNALS, sig));
  }

  @Override
  public void processBroadcastElement(RuleUpdate update, Context ctx, Collector<MatchRecord> out)
      throws Exception {
    RuleBundle rules;
    try {
      rules = update.rules();
    } catch (IllegalArgumentException e) {
      ctx.output(
          MargayPipeline.RULES_APPLIED,
          new RulesApplied(
              update.sha256(),
              getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
              0,
              false,
              e.getMessage()));
      return;
    }
    RulesApplied applied = detector.update(rules);
    if (applied.accepted()) {
      BroadcastState<String, RuleUpdate> state = ctx.getBroadcastState(RULES_STATE);
      state.put("rules", update);
    }
    initial = null;
    ctx.output(MargayPipeline.RULES_APPLIED, applied);
  }
}
