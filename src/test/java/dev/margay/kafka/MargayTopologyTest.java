package dev.margay.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.flink.FlinkPipelineTest;
import dev.margay.loader.RuleBundle;
import dev.margay.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka Streams topology with its real processors and stores (TopologyTestDriver: one
 * partition, one thread): the bench file's alerts are {@code scan --alerts}' when the grace covers
 * its disorder, bad records reach the dead-letter topic with their reason, and late matches are set
 * aside.
 */
class MargayTopologyTest {
  static RuleBundle rules;
  static List<String> referenceAlerts;
  static List<String> bench;

  @BeforeAll
  static void reference() throws Exception {
    FlinkPipelineTest.reference();
    rules = FlinkPipelineTest.rules;
    referenceAlerts = FlinkPipelineTest.referenceAlerts;
    bench = FlinkPipelineTest.lines();
  }

  /**
   * An event after the input that moves stream time past every window: now − 1 minute (never in the
   * future).
   */
  static byte[] sentinel() {
    return WireCodec.utf8(
        "{\"eventName\":\"MargayEndOfInput\",\"eventTime\":\""
            + Instant.now()
                .minus(Duration.ofMinutes(1))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + "\"}");
  }

  static TopologyTestDriver driver(Topology t, Path state) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "margay-ttd");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    return new TopologyTestDriver(t, p);
  }

  static Topology topology(Duration grace) {
    return MargayTopology.builder()
        .rules(rules)
        .events("cloudtrail")
        .matches("margay-matches")
        .alerts("margay-alerts")
        .deadLetter("margay-bad")
        .lateMatches("margay-late")
        .grace(grace)
        .build();
  }

  @Test
  void theBenchFilesAlertsAreScansWhenTheGraceCoversTheDisorder(@TempDir Path state) {
    try (TopologyTestDriver d = driver(topology(Duration.ofDays(120)), state)) {
      TestInputTopic<byte[], byte[]> in =
          d.createInputTopic(
              "cloudtrail", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
      TestOutputTopic<String, String> alerts =
          d.createOutputTopic(
              "margay-alerts", Serdes.String().deserializer(), Serdes.String().deserializer());
      TestOutputTopic<String, String> matches =
          d.createOutputTopic(
              "margay-matches", Serdes.String().deserializer(), Serdes.String().deserializer());
      for (String line : bench) {
        in.pipeInput(line.getBytes(StandardCharsets.UTF_8));
      }
      in.pipeInput(sentinel());
      List<String> got = new ArrayList<>(alerts.readValuesToList());
      got.sort(null);
      FlinkPipelineTest.assertSame(got, referenceAlerts);
      List<String> matchValues = matches.readValuesToList();
      assertThat(matchValues.stream().filter(v -> v != null).count()).isEqualTo(2526);
      assertThat(
              d.createOutputTopic(
                      "margay-late", Serdes.String().deserializer(), Serdes.String().deserializer())
                  .isEmpty())
          .isTrue();
    }
  }

  @Test
  void aGraceBelowTheDisorderSetsLateMatchesAside(@TempDir Path state) {
    try (TopologyTestDriver d = driver(topology(Duration.ZERO), state)) {
      TestInputTopic<byte[], byte[]> in =
          d.createInputTopic(
              "cloudtrail", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
      for (String line : bench) {
        in.pipeInput(line.getBytes(StandardCharsets.UTF_8));
      }
      in.pipeInput(sentinel());
      List<String> late =
          d.createOutputTopic(
                  "margay-late", Serdes.String().deserializer(), Serdes.String().deserializer())
              .readValuesToList();
      List<String> alerts =
          d.createOutputTopic(
                  "margay-alerts", Serdes.String().deserializer(), Serdes.String().deserializer())
              .readValuesToList();
      assertThat(late).isNotEmpty().hasSizeLessThan(2526);
      assertThat(late).allSatisfy(v -> assertThat(v).contains("\"eventTime\":"));
      assertThat(alerts).isNotEmpty();
    }
  }

  @Test
  void persistentStoresGiveTheSameAlerts(@TempDir Path state) {
    // RocksDB flushes on every driver commit: a small slice of the bench (its first 300 events)
    // keeps this short.
    Topology t =
        MargayTopology.builder()
            .rules(rules)
            .events("cloudtrail")
            .matches("margay-matches")
            .alerts("margay-alerts")
            .grace(Duration.ofDays(120))
            .persistentStores(true)
            .build();
    List<String> got;
    try (TopologyTestDriver d = driver(t, state)) {
      TestInputTopic<byte[], byte[]> in =
          d.createInputTopic(
              "cloudtrail", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
      bench.subList(0, 300).forEach(l -> in.pipeInput(l.getBytes(StandardCharsets.UTF_8)));
      in.pipeInput(sentinel());
      got =
          new ArrayList<>(
              d.createOutputTopic(
                      "margay-alerts",
                      Serdes.String().deserializer(),
                      Serdes.String().deserializer())
                  .readValuesToList());
    }
    List<String> expected;
    try (TopologyTestDriver d = driver(topology(Duration.ofDays(120)), state.resolve("memory"))) {
      TestInputTopic<byte[], byte[]> in =
          d.createInputTopic(
              "cloudtrail", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
      bench.subList(0, 300).forEach(l -> in.pipeInput(l.getBytes(StandardCharsets.UTF_8)));
      in.pipeInput(sentinel());
      expected =
          new ArrayList<>(
              d.createOutputTopic(
                      "margay-alerts",
                      Serdes.String().deserializer(),
                      Serdes.String().deserializer())
                  .readValuesToList());
    }
    assertThat(got).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aBadRecordGoesToTheDeadLetterTopicWithItsReason(@TempDir Path state) {
    try (TopologyTestDriver d = driver(topology(Duration.ZERO), state)) {
      TestInputTopic<byte[], byte[]> in =
          d.createInputTopic(
              "cloudtrail", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
      in.pipeInput("{\"eventName\": ".getBytes(StandardCharsets.UTF_8));
      TestRecord<byte[], byte[]> bad =
          d.createOutputTopic(
                  "margay-bad",
                  Serdes.ByteArray().deserializer(),
                  Serdes.ByteArray().deserializer())
              .readRecord();
      assertThat(new String(bad.value(), StandardCharsets.UTF_8)).isEqualTo("{\"eventName\": ");
      Header code = bad.headers().lastHeader("margay.code");
      assertThat(new String(code.value(), StandardCharsets.UTF_8)).isEqualTo("json-syntax");
      assertThat(bad.headers().lastHeader("margay.reason")).isNotNull();
    }
  }
}
