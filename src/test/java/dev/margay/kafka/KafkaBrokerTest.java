package dev.margay.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.engine.RuleEngine;
import dev.margay.event.Ingestion;
import dev.margay.flink.FlinkPipelineTest;
import dev.margay.flink.MargayKafkaJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through a real Kafka broker (KRaft, in this JVM): the Kafka Streams app with {@code
 * exactly_once_v2} survives the loss of its local state, and the deployable Flink job (Kafka
 * source, exactly-once Kafka sink) survives a forced failure; both give {@code scan --alerts}'
 * alerts exactly once, read with {@code read_committed}.
 */
class KafkaBrokerTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  static KafkaClusterTestKit cluster;
  static List<String> bench;

  @BeforeAll
  static void start() throws Exception {
    FlinkPipelineTest.reference();
    bench = FlinkPipelineTest.lines();
    cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  static void topics(String... names) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      List<NewTopic> topics = new ArrayList<>();
      for (String n : names) {
        topics.add(new NewTopic(n, 1, (short) 1));
      }
      admin.createTopics(topics).all().get();
    }
  }

  static void produce(String topic, List<byte[]> values) throws Exception {
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", cluster.bootstrapServers(), "acks", "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (byte[] v : values) {
        p.send(new ProducerRecord<>(topic, v));
      }
      p.flush();
    }
  }

  /**
   * Committed values of a topic, read until {@code expected} arrived and then 2 s more (to see
   * duplicates).
   */
  static List<String> consume(String topic, int expected, Duration timeout) {
    Properties c = new Properties();
    c.put("bootstrap.servers", cluster.bootstrapServers());
    c.put("group.id", "check-" + topic + "-" + System.nanoTime());
    c.put("auto.offset.reset", "earliest");
    c.put("isolation.level", "read_committed");
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long end = System.nanoTime() + timeout.toNanos();
      long settle = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(end, settle)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
        if (out.size() >= expected && settle == Long.MAX_VALUE) {
          settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static KafkaStreams streams(Path state, String app) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    KafkaStreams s =
        new KafkaStreams(
            MargayTopology.builder()
                .rules(FlinkPipelineTest.rules)
                .events("ks-events")
                .matches("ks-matches")
                .alerts("ks-alerts")
                .deadLetter("ks-bad")
                .grace(Duration.ofDays(120))
                .build(),
            p);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    s.setUncaughtExceptionHandler(
        e -> {
          failure.set(e);
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
              .StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    s.start();
    return s;
  }

  @Test
  void kafkaStreamsExactlyOnceLosesNothingWhenLocalStateIsLost(
      @TempDir Path stateA, @TempDir Path stateB) throws Exception {
    topics("ks-events", "ks-matches", "ks-alerts", "ks-bad");
    int half = 1700;
    RuleEngine engine =
        RuleEngine.builder().addRules(FlinkPipelineTest.rules.load().rules()).build();
    int firstMatches = 0;
    List<byte[]> first = new ArrayList<>();
    List<byte[]> rest = new ArrayList<>();
    for (int i = 0; i < bench.size(); i++) {
      (i < half ? first : rest).add(utf8(bench.get(i)));
      if (i < half) {
        firstMatches +=
            engine
                .evaluate(engine.parse(bench.get(i)), new Ingestion("x", Instant.now(), "r"))
                .size();
      }
    }
    // An event after the input at "now - 1 minute" closes every window (the broker refuses
    // timestamps more
    // than an hour ahead of its clock).
    rest.add(
        utf8(
            "{\"eventName\":\"MargayEndOfInput\",\"eventTime\":\""
                + Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "\"}"));

    produce("ks-events", first);
    KafkaStreams a = streams(stateA, "margay-ks");
    // Instance A has committed the first half's matches: then it goes away, with its local state.
    List<String> matches = consume("ks-matches", firstMatches, Duration.ofSeconds(300));
    assertThat(matches.stream().filter(v -> v != null).count())
        .isGreaterThanOrEqualTo(firstMatches);
    a.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    // B starts from an empty state directory: its stores come back from their changelogs.
    KafkaStreams b = streams(stateB, "margay-ks");
    produce("ks-events", rest);
    List<String> alerts = consume("ks-alerts", 45, Duration.ofSeconds(300));
    b.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    List<String> sorted = new ArrayList<>(alerts);
    sorted.sort(null);
    FlinkPipelineTest.assertSame(sorted, FlinkPipelineTest.referenceAlerts);
  }

  @Test
  void theDeployableFlinkJobGivesEachAlertOnceThroughAFailure() throws Exception {
    topics("fl-events", "fl-alerts");
    List<byte[]> events = new ArrayList<>();
    bench.forEach(l -> events.add(utf8(l)));
    produce("fl-events", events);
    MargayKafkaJob.Settings s =
        MargayKafkaJob.Settings.parse(
            "--bootstrap",
            cluster.bootstrapServers(),
            "--events",
            "fl-events",
            "--alerts",
            "fl-alerts",
            "--rules",
            FlinkPipelineTest.CORPUS.toString(),
            "--max-out-of-orderness",
            "P120D",
            "--parallelism",
            "2",
            "--checkpoint-interval",
            "PT0.2S",
            "--bounded");
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    FlinkPipelineTest.FAILURES.set(0);
    DataStream<byte[]> source =
        MargayKafkaJob.source(env, s)
            .map(
                new FlinkPipelineTest.FailOnce(3150),
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    MargayKafkaJob.define(env, s, source);
    env.execute("margay-kafka-job");
    assertThat(FlinkPipelineTest.FAILURES.get()).as("forced failures").isEqualTo(1);
    List<String> alerts = consume("fl-alerts", 45, Duration.ofSeconds(180));
    alerts.sort(null);
    FlinkPipelineTest.assertSame(alerts, FlinkPipelineTest.referenceAlerts);
  }
}
