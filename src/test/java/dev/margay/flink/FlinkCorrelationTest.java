package dev.margay.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.cli.Main;
import dev.margay.loader.RuleBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Correlation rules on a Flink MiniCluster (parallelism 2, generic types disabled): the synthetic
 * IAM events and rules of {@code CorrelationScanTest} (two Simple Detections, one {@code
 * CreateAlert: false}, and a correlation rule joining them on the user) give exactly {@code margay
 * scan --alerts}' correlation alerts, shuffled, and with a forced failure and a restart from a
 * checkpoint in the middle.
 */
class FlinkCorrelationTest {
  static final Path RULES = Path.of("src/test/resources/correlation/rules");
  static final Path EVENTS = Path.of("src/test/resources/correlation/iam_events.jsonl");

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  static List<String> reference;

  @BeforeAll
  static void reference() {
    StringWriter out = new StringWriter();
    assertThat(
            Main.run(
                new PrintWriter(out),
                new PrintWriter(new StringWriter()),
                "scan",
                "--alerts",
                "--rules",
                RULES.toString(),
                EVENTS.toString()))
        .isZero();
    reference =
        FlinkPipelineTest.sorted(
            Arrays.stream(out.toString().split("\n"))
                .filter(l -> l.contains("\"correlation\":true"))
                .toList());
    assertThat(reference).hasSize(3); // alice, dave, frank (CorrelationScanTest says why)
  }

  static DataStream<byte[]> file(StreamExecutionEnvironment env, Path file) {
    return env.fromSource(
        FileSource.forRecordStreamFormat(
                new JsonLinesFormat(),
                new org.apache.flink.core.fs.Path(file.toAbsolutePath().toUri()))
            .build(),
        WatermarkStrategy.noWatermarks(),
        "events");
  }

  static MargayPipeline.Options options() {
    return MargayPipeline.Options.defaults().maxOutOfOrderness(Duration.ofDays(1));
  }

  @Test
  void shuffledEventsGiveScansCorrelationAlerts(@TempDir Path dir) throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(EVENTS));
    Collections.shuffle(lines, new Random(11));
    Path shuffled = Files.write(dir.resolve("shuffled.jsonl"), lines);
    StreamExecutionEnvironment env = FlinkPipelineTest.env(new Configuration());
    MargayPipeline.Result r =
        MargayPipeline.alerts(file(env, shuffled), RuleBundle.fromPaths(RULES), options());
    CloseableIterator<String> correlations = r.correlationAlerts().collectAsync();
    CloseableIterator<SignalRecord> late = r.lateSignals().collectAsync();
    env.execute("correlation");
    FlinkPipelineTest.assertSame(
        FlinkPipelineTest.sorted(FlinkPipelineTest.drain(correlations)), reference);
    assertThat(FlinkPipelineTest.drain(late)).isEmpty();
  }

  /**
   * Fails once at a given record on its first attempt, slowly enough that checkpoints complete
   * before.
   */
  static final class SlowFailOnce extends RichMapFunction<byte[], byte[]> {
    private static final long serialVersionUID = 1L;
    private final int failAt;
    private transient int seen;
    private transient boolean firstAttempt;

    SlowFailOnce(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public void open(OpenContext context) {
      firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
    }

    @Override
    public byte[] map(byte[] value) throws Exception {
      if (firstAttempt) {
        Thread.sleep(60);
        if (++seen == failAt) {
          FlinkPipelineTest.FAILURES.incrementAndGet();
          throw new IllegalStateException("forced failure at record " + failAt);
        }
      }
      return value;
    }
  }

  @Test
  void aFailureAndRestartInTheMiddleLosesAndDuplicatesNoCorrelationAlert() throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = FlinkPipelineTest.env(conf);
    env.enableCheckpointing(50);
    FlinkPipelineTest.FAILURES.set(0);
    int half = Files.readAllLines(EVENTS).size() / 2;
    DataStream<byte[]> events =
        file(env, EVENTS)
            .map(new SlowFailOnce(half), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    MargayPipeline.Result r = MargayPipeline.alerts(events, RuleBundle.fromPaths(RULES), options());
    // collect hands out only checkpointed results: what an exactly-once sink would commit.
    List<String> alerts =
        FlinkPipelineTest.sorted(
            FlinkPipelineTest.drain(
                r.correlationAlerts().executeAndCollect("correlation-with-failure")));
    assertThat(FlinkPipelineTest.FAILURES.get()).as("forced failures").isEqualTo(1);
    FlinkPipelineTest.assertSame(alerts, reference);
    assertThat(alerts).doesNotHaveDuplicates();
  }

  @Test
  void aSignalBehindTheWatermarkGoesAsideAndIsNotCorrelated(@TempDir Path dir) throws Exception {
    List<String> lines = Files.readAllLines(EVENTS);
    // alice's creation (10:00) after erin's events (13:00+): 3 hours late for a 1-hour bound.
    Path late =
        Files.write(
            dir.resolve("late.jsonl"),
            List.of(lines.get(1), lines.get(8), lines.get(9), lines.get(0)));
    StreamExecutionEnvironment env = FlinkPipelineTest.env(new Configuration());
    env.setParallelism(
        1); // one channel: the watermark reaches the correlation operator in record order
    DataStream<byte[]> events =
        file(env, late)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<byte[]>forGenerator(c -> new FlinkPipelineTest.EveryRecord())
                    .withTimestampAssigner((b, t) -> dev.margay.event.EventTime.millis(b)));
    MargayPipeline.Result r =
        MargayPipeline.alerts(
            events,
            RuleBundle.fromPaths(RULES),
            MargayPipeline.Options.defaults().assignWatermarks(false));
    CloseableIterator<SignalRecord> lateSignals = r.lateSignals().collectAsync();
    CloseableIterator<String> correlations = r.correlationAlerts().collectAsync();
    env.execute("late-signal");
    assertThat(FlinkPipelineTest.drain(lateSignals))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.correlationRule).isEqualTo("Test.IAM.AdminUserCreated");
              assertThat(s.joinKey).isEqualTo("alice");
              assertThat(s.time)
                  .isEqualTo(java.time.Instant.parse("2024-03-01T10:00:00Z").toEpochMilli());
            });
    assertThat(FlinkPipelineTest.drain(correlations)).isEmpty();
  }

  @Test
  void aRuleWhoseMemberJoinsAnyValueIsRefusedOnTheClient(@TempDir Path dir) throws Exception {
    Files.copy(RULES.resolve("iam_attach_admin_policy.yml"), dir.resolve("a.yml"));
    Files.copy(RULES.resolve("iam_create_user_signal.yml"), dir.resolve("b.yml"));
    // Only `admin` joins on the user: a `created` signal would belong to every user's state.
    Files.writeString(
        dir.resolve("c.yml"),
        Files.readString(RULES.resolve("iam_admin_user_created.yml"))
            .replace("        - GroupID: created\n          Match: p_alert_context.user\n", ""));
    StreamExecutionEnvironment env = FlinkPipelineTest.env(new Configuration());
    assertThatThrownBy(
            () -> MargayPipeline.alerts(file(env, EVENTS), RuleBundle.fromPaths(dir), options()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "correlation rule Test.IAM.AdminUserCreated: member 'created' joins any value");
  }
}
