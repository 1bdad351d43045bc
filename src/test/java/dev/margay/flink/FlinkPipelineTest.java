package dev.margay.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.cli.Main;
import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.event.Ingestion;
import dev.margay.loader.RuleBundle;
import dev.margay.wire.AlertRecord;
import dev.margay.wire.BadEvent;
import dev.margay.wire.MatchRecord;
import dev.margay.wire.WireCodec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Margay on a Flink MiniCluster (1 TaskManager, 2 slots, parallelism 2) over the bench file: the
 * matches are the engine's, the alerts are {@code margay scan --alerts}' (time-sorted, exact for
 * any order), also after a forced failure and a restart from a checkpoint; records stay POJOs
 * (generic types disabled).
 */
public class FlinkPipelineTest {
  public static final Path BENCH =
      Path.of("../shared/bench/cloudtrail-real.jsonl.gz").toAbsolutePath();
  public static final Path CORPUS =
      Path.of("../shared/conformance/panther-cloudtrail").toAbsolutePath();

  /** The bench file's disorder is 119 days: a bound that covers it makes the alerts exact. */
  static final Duration COVERS_DISORDER = Duration.ofDays(120);

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  public static RuleBundle rules;
  public static List<String> referenceAlerts;
  static List<String> referenceMatches;

  @BeforeAll
  public static void reference() throws Exception {
    rules = RuleBundle.fromPaths(CORPUS).withoutTests();
    StringWriter out = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "scan",
            "--alerts",
            "--rules",
            CORPUS.toString(),
            BENCH.toString());
    assertThat(code).isZero();
    referenceAlerts = sorted(Arrays.asList(out.toString().split("\n")));
    RuleEngine engine = RuleEngine.builder().addRules(rules.load().rules()).build();
    List<String> matches = new ArrayList<>();
    for (String line : lines()) {
      // As the detect function (and scan) evaluate: with the standard fields Panther adds at
      // ingestion.
      for (Match m :
          engine.evaluate(engine.parse(line), new Ingestion("flink", Instant.now(), "row"))) {
        matches.add(WireCodec.streamMatch(MatchRecord.of(m, null)));
      }
    }
    referenceMatches = sorted(matches);
    assertThat(referenceMatches).hasSize(2526);
    assertThat(referenceAlerts).hasSize(45);
  }

  public static List<String> lines() throws Exception {
    List<String> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(BENCH)), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  /**
   * Equal lists; on a difference, says how many and shows the first few of each side (not the whole
   * lists).
   */
  public static void assertSame(List<String> actual, List<String> expected) {
    List<String> missing = new ArrayList<>(expected);
    actual.forEach(missing::remove);
    List<String> extra = new ArrayList<>(actual);
    expected.forEach(extra::remove);
    assertThat(missing.size() + extra.size())
        .as(
            "%d missing, e.g. %s%n%d unexpected, e.g. %s",
            missing.size(),
            missing.subList(0, Math.min(3, missing.size())),
            extra.size(),
            extra.subList(0, Math.min(3, extra.size())))
        .isZero();
    assertThat(actual).hasSameSizeAs(expected);
  }

  static List<String> sorted(List<String> list) {
    List<String> copy = new ArrayList<>(list);
    copy.removeIf(String::isEmpty);
    copy.sort(null);
    return copy;
  }

  static StreamExecutionEnvironment env(Configuration extra) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false); // a non-POJO record fails the job at build time
    conf.addAll(extra);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    return env;
  }

  static DataStream<byte[]> bench(StreamExecutionEnvironment env) {
    return env.fromSource(
        FileSource.forRecordStreamFormat(
                new JsonLinesFormat(), new org.apache.flink.core.fs.Path(BENCH.toUri()))
            .build(),
        WatermarkStrategy.noWatermarks(),
        "bench");
  }

  static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
    List<T> list = new ArrayList<>();
    try (it) {
      it.forEachRemaining(list::add);
    }
    return list;
  }

  @Test
  void matchesAreTheEnginesAndAlertsAreScans() throws Exception {
    StreamExecutionEnvironment env = env(new Configuration());
    MargayPipeline.Result r =
        MargayPipeline.alerts(
            bench(env),
            rules,
            MargayPipeline.Options.defaults().maxOutOfOrderness(COVERS_DISORDER));
    CloseableIterator<MatchRecord> matches = r.matches().collectAsync();
    CloseableIterator<AlertRecord> alerts = r.alerts().collectAsync();
    CloseableIterator<MatchRecord> late = r.lateMatches().collectAsync();
    CloseableIterator<BadEvent> bad = r.badEvents().collectAsync();
    env.execute("bench");
    assertSame(
        sorted(drain(matches).stream().map(WireCodec::streamMatch).toList()), referenceMatches);
    assertSame(sorted(drain(alerts).stream().map(WireCodec::alert).toList()), referenceAlerts);
    assertThat(drain(late)).isEmpty();
    assertThat(drain(bad)).isEmpty();
  }

  /** Failures thrown by {@link FailOnce} (the MiniCluster runs in this JVM). */
  public static final java.util.concurrent.atomic.AtomicInteger FAILURES =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Fails once at a given record on its first attempt, slowly enough that checkpoints complete
   * before.
   */
  public static final class FailOnce extends RichMapFunction<byte[], byte[]> {
    private static final long serialVersionUID = 1L;
    private final int failAt;
    private transient int seen;
    private transient boolean firstAttempt;

    public FailOnce(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public void open(OpenContext context) {
      firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
    }

    @Override
    public byte[] map(byte[] value) throws Exception {
      if (firstAttempt) {
        Thread.sleep(1);
        if (++seen == failAt) {
          FAILURES.incrementAndGet();
          throw new IllegalStateException("forced failure at record " + failAt);
        }
      }
      return value;
    }
  }

  @Test
  void aFailureAndRestartFromACheckpointLosesAndDuplicatesNothing() throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = env(conf);
    env.enableCheckpointing(100);
    FAILURES.set(0);
    DataStream<byte[]> events =
        bench(env).map(new FailOnce(3150), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    MargayPipeline.Result r =
        MargayPipeline.alerts(
            events, rules, MargayPipeline.Options.defaults().maxOutOfOrderness(COVERS_DISORDER));
    // collect hands out only checkpointed results: what an exactly-once sink would commit.
    List<String> alerts =
        sorted(
            drain(r.alerts().executeAndCollect("bench-with-failure")).stream()
                .map(WireCodec::alert)
                .toList());
    assertThat(FAILURES.get()).as("forced failures").isEqualTo(1);
    assertSame(alerts, referenceAlerts);
    assertThat(alerts).doesNotHaveDuplicates();
  }

  /**
   * Watermarks after every record (deterministic, for tests): what a periodic emitter does, without
   * the clock.
   */
  static final class EveryRecord
      implements org.apache.flink.api.common.eventtime.WatermarkGenerator<byte[]> {
    private long max = Long.MIN_VALUE;

    @Override
    public void onEvent(
        byte[] event,
        long timestamp,
        org.apache.flink.api.common.eventtime.WatermarkOutput output) {
      if (timestamp > max) {
        max = timestamp;
        output.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(max - 1));
      }
    }

    @Override
    public void onPeriodicEmit(org.apache.flink.api.common.eventtime.WatermarkOutput output) {}
  }

  @Test
  void aMatchBehindTheWatermarkGoesAsideAndIsNotGrouped() throws Exception {
    StreamExecutionEnvironment env = env(new Configuration());
    env.setParallelism(1); // one channel: the watermark reaches the alert operator in record order
    String event =
        "{\"eventName\":\"CreateSecurityGroup\",\"recipientAccountId\":\"123456789012\","
            + "\"eventSource\":\"ec2.amazonaws.com\",\"eventTime\":\"%s\"}";
    DataStream<byte[]> events =
        env.fromData(
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO,
                WireCodec.utf8(String.format(event, "2024-01-01T10:00:00Z")),
                WireCodec.utf8(String.format(event, "2024-01-02T12:00:00Z")),
                WireCodec.utf8(
                    String.format(
                        event, "2024-01-01T11:00:00Z"))) // a day late: its window has closed
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<byte[]>forGenerator(c -> new EveryRecord())
                    .withTimestampAssigner((b, t) -> dev.margay.event.EventTime.millis(b)));
    MargayPipeline.Result r =
        MargayPipeline.alerts(
            events,
            RuleBundle.fromPaths(
                Path.of("src/test/resources/rules/aws_ec2_security_group_modified.yml")),
            MargayPipeline.Options.defaults().assignWatermarks(false));
    CloseableIterator<MatchRecord> late = r.lateMatches().collectAsync();
    CloseableIterator<AlertRecord> alerts = r.alerts().collectAsync();
    env.execute("late");
    assertThat(drain(late))
        .singleElement()
        .satisfies(
            m ->
                assertThat(Instant.ofEpochMilli(m.eventTime()))
                    .isEqualTo(Instant.parse("2024-01-01T11:00:00Z")));
    // Two windows of one match each (720 minutes apart is more than a window): the late match
    // joined neither.
    assertThat(drain(alerts)).extracting(AlertRecord::matchCount).containsExactly(1, 1);
  }

  @Test
  void badRecordsGoAsideAndTimelessMatchesStillAlert() throws Exception {
    StreamExecutionEnvironment env = env(new Configuration());
    String timeless =
        "{\"eventName\":\"CreateSecurityGroup\",\"recipientAccountId\":\"123456789012\","
            + "\"eventSource\":\"ec2.amazonaws.com\"}";
    DataStream<byte[]> events =
        env.fromData(
            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO,
            WireCodec.utf8(timeless),
            WireCodec.utf8("{\"eventName\": "),
            WireCodec.utf8("[1,2]"),
            WireCodec.utf8(timeless));
    MargayPipeline.Result r =
        MargayPipeline.alerts(
            events,
            RuleBundle.fromPaths(
                Path.of("src/test/resources/rules/aws_ec2_security_group_modified.yml")),
            MargayPipeline.Options.defaults());
    CloseableIterator<BadEvent> bad = r.badEvents().collectAsync();
    CloseableIterator<AlertRecord> alerts = r.alerts().collectAsync();
    env.execute("bad-and-timeless");
    assertThat(drain(bad))
        .extracting(BadEvent::code)
        .containsExactlyInAnyOrder("json-syntax", "not-object");
    // Both timeless matches count at the alert operator's clock: one window, two matches, closed at
    // the end.
    assertThat(drain(alerts))
        .singleElement()
        .satisfies(a -> assertThat(a.matchCount()).isEqualTo(2));
  }
}
