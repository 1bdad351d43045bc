package dev.margay.flink;

import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleBundle;
import dev.margay.wire.AlertRecord;
import dev.margay.wire.BadEvent;
import dev.margay.wire.MatchRecord;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * One call from a stream of JSON events to matches and alerts:
 *
 * <pre>{@code
 * MargayPipeline.Result r = MargayPipeline.alerts(events, RuleBundle.fromPaths(Path.of("rules")),
 *     MargayPipeline.Options.defaults().maxOutOfOrderness(Duration.ofHours(1)));
 * r.alerts().map(WireCodec::alert) ...
 * }</pre>
 *
 * <p>{@code events} (one JSON event per {@code byte[]}) get timestamps and watermarks from their
 * own time ({@link MargayWatermarks}) unless {@link Options#assignWatermarks(boolean)} is off; a
 * detect function turns them into {@link MatchRecord}s; matches are keyed by rule and dedup key
 * into {@link MargayAlertFunction}, their correlation signals by correlation rule and join value
 * into {@link MargayCorrelationFunction}. Alerts are exactly {@code margay scan --alerts}' while
 * the disorder stays within the bound. Every record type is a Flink POJO, so the job runs with
 * {@code pipeline.generic-types: false}.
 */
public final class MargayPipeline {
  /** Records that are not valid events, from the detect function. */
  public static final OutputTag<BadEvent> BAD_EVENTS =
      new OutputTag<>("margay-bad-events", TypeInformation.of(BadEvent.class));

  /** Matches that arrived behind the watermark, from the alert function (never grouped). */
  public static final OutputTag<MatchRecord> LATE_MATCHES =
      new OutputTag<>("margay-late-matches", TypeInformation.of(MatchRecord.class));

  /**
   * Correlation signals of matches, from the detect function (keyed into the correlation function).
   */
  public static final OutputTag<SignalRecord> SIGNALS =
      new OutputTag<>("margay-signals", TypeInformation.of(SignalRecord.class));

  /**
   * Signals that arrived behind the watermark, from the correlation function (never correlated).
   */
  public static final OutputTag<SignalRecord> LATE_SIGNALS =
      new OutputTag<>("margay-late-signals", TypeInformation.of(SignalRecord.class));

  /** What each detect subtask did with each rule set it received. */
  public static final OutputTag<RulesApplied> RULES_APPLIED =
      new OutputTag<>("margay-rules-applied", TypeInformation.of(RulesApplied.class));

  private MargayPipeline() {}

  /**
   * Options. Immutable; every setter returns a copy.
   *
   * @param maxOutOfOrderness the watermark bound: how far behind the latest event time an event may
   *     arrive and still be grouped exactly (default 0)
   * @param idleness a source split quiet this long stops holding the watermark back (default none)
   * @param assignWatermarks whether to assign timestamps and watermarks to {@code events} here
   *     (default true; off when the source already does)
   * @param includeEvents whether matches carry their event's JSON (default false)
   * @param sourceLabel {@code p_source_label} of the events (default {@code "flink"})
   * @param ruleUpdates new rule sets while the job runs (broadcast to every detect subtask), or
   *     null
   */
  public record Options(
      Duration maxOutOfOrderness,
      Duration idleness,
      boolean assignWatermarks,
      boolean includeEvents,
      String sourceLabel,
      DataStream<RuleUpdate> ruleUpdates) {
    public Options {
      Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
      Objects.requireNonNull(sourceLabel, "sourceLabel");
    }

    public static Options defaults() {
      return new Options(Duration.ZERO, null, true, false, "flink", null);
    }

    public Options maxOutOfOrderness(Duration d) {
      return new Options(d, idleness, assignWatermarks, includeEvents, sourceLabel, ruleUpdates);
    }

    public Options idleness(Duration d) {
      return new Options(
          maxOutOfOrderness, d, assignWatermarks, includeEvents, sourceLabel, ruleUpdates);
    }

    public Options assignWatermarks(boolean b) {
      return new Options(maxOutOfOrderness, idleness, b, includeEvents, sourceLabel, ruleUpdates);
    }

    public Options includeEvents(boolean b) {
      return new Options(
          maxOutOfOrderness, idleness, assignWatermarks, b, sourceLabel, ruleUpdates);
    }

    public Options sourceLabel(String label) {
      return new Options(
          maxOutOfOrderness, idleness, assignWatermarks, includeEvents, label, ruleUpdates);
    }

    public Options ruleUpdates(DataStream<RuleUpdate> updates) {
      return new Options(
          maxOutOfOrderness, idleness, assignWatermarks, includeEvents, sourceLabel, updates);
    }
  }

  /**
   * The streams of one pipeline.
   *
   * @param matches every match (signal-only ones too), from the detect operator
   * @param alerts alerts as their windows close
   * @param badEvents records that are not valid events
   * @param lateMatches matches behind the watermark, not grouped
   * @param rulesApplied per detect subtask, each rule set it took (or refused)
   * @param correlationAlerts correlation rules' alerts as they are decided, each as {@link
   *     dev.margay.wire.WireCodec#correlationAlert} JSON (the line {@code scan --alerts} prints)
   * @param lateSignals correlation signals behind the watermark, not correlated
   */
  public record Result(
      SingleOutputStreamOperator<MatchRecord> matches,
      SingleOutputStreamOperator<AlertRecord> alerts,
      DataStream<BadEvent> badEvents,
      DataStream<MatchRecord> lateMatches,
      DataStream<RulesApplied> rulesApplied,
      SingleOutputStreamOperator<String> correlationAlerts,
      DataStream<SignalRecord> lateSignals) {}

  /**
   * Wires the records of files read with {@link EventFileFormat} into matches and alerts, as {@link
   * #alerts} does with their events; the files' bad records (located: file, line, record index,
   * byte offset) join {@link Result#badEvents()} beside the events that do not parse, and skipped
   * documents (CloudTrail-Digest files) are counted in the metric {@code margaySkippedDocuments}.
   *
   * @throws IllegalArgumentException as {@link #alerts}
   */
  public static Result alertsOfFiles(
      DataStream<FileRecord> records, RuleBundle rules, Options options) {
    SingleOutputStreamOperator<byte[]> events =
        records
            .process(
                new FileRecordRouter(),
                org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo
                    .BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
            .name("margay-file-records");
    Result r = alerts(events, rules, options);
    return new Result(
        r.matches(),
        r.alerts(),
        events.getSideOutput(BAD_EVENTS).union(r.badEvents()),
        r.lateMatches(),
        r.rulesApplied(),
        r.correlationAlerts(),
        r.lateSignals());
  }

  /**
   * Wires {@code events} into matches and alerts with {@code rules}.
   *
   * @throws IllegalArgumentException if a rule file of {@code rules} does not load (every problem
   *     listed, {@code file:line:column: message}): checked here, on the client, so a broken rule
   *     set never deploys
   */
  public static Result alerts(DataStream<byte[]> events, RuleBundle rules, Options options) {
    LoadResult loaded = rules.load().requireClean();
    new Signals(
        loaded.correlationRules()); // a rule keyed state cannot run fails here, on the client
    DataStream<byte[]> timed =
        options.assignWatermarks()
            ? events
                .assignTimestampsAndWatermarks(
                    MargayWatermarks.eventTime(options.maxOutOfOrderness(), options.idleness()))
                .name("margay-event-time")
            : events;
    TypeInformation<MatchRecord> matchType = TypeInformation.of(MatchRecord.class);
    SingleOutputStreamOperator<MatchRecord> matches;
    if (options.ruleUpdates() == null) {
      matches =
          timed
              .process(
                  new MargayDetectFunction(rules, options.includeEvents(), options.sourceLabel()),
                  matchType)
              .name("margay-detect");
    } else {
      matches =
          timed
              .connect(options.ruleUpdates().broadcast(MargayBroadcastDetectFunction.RULES_STATE))
              .process(
                  new MargayBroadcastDetectFunction(
                      rules, options.includeEvents(), options.sourceLabel()),
                  matchType)
              .name("margay-detect");
    }
    SingleOutputStreamOperator<AlertRecord> alerts =
        matches
            .keyBy(MatchRecord::groupKey, Types.STRING)
            .process(new MargayAlertFunction(), TypeInformation.of(AlertRecord.class))
            .name("margay-alerts");
    // Every match is a signal (CreateAlert: false too), keyed by correlation rule and join value.
    SingleOutputStreamOperator<String> correlations =
        matches
            .getSideOutput(SIGNALS)
            .keyBy(SignalRecord::stateKey, Types.STRING)
            .process(new MargayCorrelationFunction(rules), Types.STRING)
            .name("margay-correlations");
    return new Result(
        matches,
        alerts,
        matches.getSideOutput(BAD_EVENTS),
        alerts.getSideOutput(LATE_MATCHES),
        matches.getSideOutput(RULES_APPLIED),
        correlations,
        correlations.getSideOutput(LATE_SIGNALS));
  }
}
