package dev.margay.flink;

import dev.margay.loader.RuleBundle;
import dev.margay.wire.MatchRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * JSON event bytes to {@link MatchRecord}s with a fixed rule set. The engine is built in {@code
 * open} once per JVM per {@link RuleBundle#sha256()} and shared by subtasks; records that are not
 * valid events go to {@link MargayPipeline#BAD_EVENTS} (with the record and the parser's reason),
 * never failing the job. Matches carry no event unless asked ({@code includeEvents}). With rules
 * read by standard fields, each event is evaluated as Panther ingests it: {@code p_source_label} =
 * {@code sourceLabel}, {@code p_parse_time} = the subtask's clock, {@code p_row_id} unique per
 * subtask start.
 */
public class MargayDetectFunction extends ProcessFunction<byte[], MatchRecord> {
  private static final long serialVersionUID = 1L;

  private final Detector detector;

  /**
   * Detects with {@code rules}; matches without their event; standard fields labelled {@code
   * "flink"}.
   */
  public MargayDetectFunction(RuleBundle rules) {
    this(rules, false, "flink");
  }

  /** Detects with {@code rules}, optionally carrying each matched event's JSON in its match. */
  public MargayDetectFunction(RuleBundle rules, boolean includeEvents, String sourceLabel) {
    this.detector = new Detector(rules, includeEvents, sourceLabel);
  }

  @Override
  public void open(OpenContext context) {
    detector.open(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
  }

  @Override
  public void processElement(byte[] event, Context ctx, Collector<MatchRecord> out) {
    detector.detect(
        event,
        out::collect,
        bad -> ctx.output(MargayPipeline.BAD_EVENTS, bad),
        sig -> ctx.output(MargayPipeline.SIGNALS, sig));
  }
}
