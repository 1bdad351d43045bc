package dev.margay.flink;

import dev.margay.loader.RuleBundle;
import dev.margay.wire.AlertRecord;
import dev.margay.wire.BadEvent;
import dev.margay.wire.WireCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A job to deploy: JSON events from a Kafka topic, alerts (one {@code margay scan --alerts} JSON
 * line each, keyed by rule and dedup key) to another, exactly once. Needs {@code
 * flink-connector-kafka} (5.0.0-2.2 with Flink 2.2) on the job's classpath; see the README's
 * *Streaming* section for the shaded jar and what a cluster needs.
 *
 * <pre>
 * --bootstrap HOST:PORT --events TOPIC --alerts TOPIC --rules PATH|classpath:DIR
 * [--dead-letter TOPIC] [--max-out-of-orderness PT1H] [--idleness PT1M] [--parallelism N]
 * [--checkpoint-interval PT30S] [--group-id margay] [--transactional-id-prefix margay] [--bounded]
 * </pre>
 *
 * <p>Durations are ISO-8601. {@code --bounded} stops at the topic's current end (a backfill);
 * otherwise the job runs until cancelled. Bad arguments throw {@link IllegalArgumentException}
 * naming the option.
 */
public final class MargayKafkaJob {
  private MargayKafkaJob() {}

  /** The job's settings. */
  public record Settings(
      String bootstrap,
      String events,
      String alerts,
      String deadLetter,
      String rules,
      Duration maxOutOfOrderness,
      Duration idleness,
      int parallelism,
      Duration checkpointInterval,
      String groupId,
      String transactionalIdPrefix,
      boolean bounded) {

    /** Reads {@code --name value} arguments (see the class comment). */
    public static Settings parse(String... args) {
      Map<String, String> a = new HashMap<>();
      boolean bounded = false;
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--bounded")) {
          bounded = true;
        } else if (args[i].startsWith("--") && i + 1 < args.length) {
          a.put(args[i].substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException("expected --option value, found '" + args[i] + "'");
        }
      }
      for (String required : new String[] {"bootstrap", "events", "alerts", "rules"}) {
        if (!a.containsKey(required)) {
          throw new IllegalArgumentException("missing --" + required);
        }
      }
      return new Settings(
          a.remove("bootstrap"),
          a.remove("events"),
          a.remove("alerts"),
          a.remove("dead-letter"),
          a.remove("rules"),
          duration(a, "max-out-of-orderness", "PT1H"),
          a.containsKey("idleness") ? duration(a, "idleness", null) : Duration.ofMinutes(1),
          Integer.parseInt(a.getOrDefault("parallelism", "2")),
          duration(a, "checkpoint-interval", "PT30S"),
          a.getOrDefault("group-id", "margay"),
          a.getOrDefault("transactional-id-prefix", "margay"),
          bounded);
    }

    private static Duration duration(Map<String, String> a, String name, String fallback) {
      String v = a.remove(name);
      try {
        return Duration.parse(v != null ? v : fallback);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(
            "--" + name + ": expected an ISO-8601 duration such as PT1H, found '" + v + "'", e);
      }
    }

    /** The rules: {@code classpath:DIR} from the job jar, else a path. */
    public RuleBundle ruleBundle() {
      return (rules.startsWith("classpath:")
              ? RuleBundle.fromClasspath(rules.substring("classpath:".length()))
              : RuleBundle.fromPaths(Path.of(rules)))
          .withoutTests();
    }
  }

  /** Alert keys: {@code ruleId + '\0' + dedupKey}, UTF-8. */
  static final class AlertKey implements SerializationSchema<AlertRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(AlertRecord a) {
      return WireCodec.utf8(a.ruleId() + '\0' + a.dedupKey());
    }
  }

  /** Alert values: the {@code scan --alerts} line. */
  static final class AlertJson implements SerializationSchema<AlertRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(AlertRecord a) {
      return WireCodec.utf8(WireCodec.alert(a));
    }
  }

  /** Dead letters: the record as read. */
  static final class BadBytes implements SerializationSchema<BadEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(BadEvent b) {
      return b.bytes();
    }
  }

  public static void main(String[] args) throws Exception {
    Settings s = Settings.parse(args);
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    define(env, s, source(env, s));
    env.execute("margay-alerts " + s.events() + " -> " + s.alerts());
  }

  /**
   * The Kafka source of raw event bytes (timestamps and watermarks are assigned by the pipeline).
   */
  public static DataStream<byte[]> source(StreamExecutionEnvironment env, Settings s) {
    // The connector (5.0.0-2.2) takes only Kafka's deprecated OffsetResetStrategy for "committed
    // offsets, else the earliest" (its no-argument form fails without a committed offset).
    @SuppressWarnings("deprecation")
    OffsetsInitializer committedElseEarliest =
        OffsetsInitializer.committedOffsets(
            org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST);
    var builder =
        KafkaSource.<byte[]>builder()
            .setBootstrapServers(s.bootstrap())
            .setTopics(s.events())
            .setGroupId(s.groupId())
            .setStartingOffsets(committedElseEarliest)
            .setDeserializer(
                KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
            .setProperty("isolation.level", "read_committed");
    if (s.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return env.fromSource(
            builder.build(), WatermarkStrategy.noWatermarks(), "margay-events-" + s.events())
        .returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  /**
   * Everything after the source: checkpointing (exactly once), the pipeline, the alerts sink (a
   * Kafka transaction per checkpoint), the dead-letter sink. Returns the pipeline's streams.
   */
  public static MargayPipeline.Result define(
      StreamExecutionEnvironment env, Settings s, DataStream<byte[]> events) {
    env.setParallelism(s.parallelism());
    env.enableCheckpointing(s.checkpointInterval().toMillis());
    MargayPipeline.Result r =
        MargayPipeline.alerts(
            events,
            s.ruleBundle(),
            MargayPipeline.Options.defaults()
                .maxOutOfOrderness(s.maxOutOfOrderness())
                .idleness(s.idleness())
                .sourceLabel(s.events()));
    Properties producer = new Properties();
    // Above the longest checkpoint, below the broker's transaction.max.timeout.ms (15 minutes by
    // default).
    producer.setProperty("transaction.timeout.ms", "600000");
    r.alerts()
        .sinkTo(
            KafkaSink.<AlertRecord>builder()
                .setBootstrapServers(s.bootstrap())
                .setRecordSerializer(
                    KafkaRecordSerializationSchema.<AlertRecord>builder()
                        .setTopic(s.alerts())
                        .setKeySerializationSchema(new AlertKey())
                        .setValueSerializationSchema(new AlertJson())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(s.transactionalIdPrefix())
                .setKafkaProducerConfig(producer)
                .build())
        .name("margay-alerts-sink");
    if (s.deadLetter() != null) {
      r.badEvents()
          .sinkTo(
              KafkaSink.<BadEvent>builder()
                  .setBootstrapServers(s.bootstrap())
                  .setRecordSerializer(
                      KafkaRecordSerializationSchema.<BadEvent>builder()
                          .setTopic(s.deadLetter())
                          .setValueSerializationSchema(new BadBytes())
                          .build())
                  .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                  .setTransactionalIdPrefix(s.transactionalIdPrefix() + "-dead-letter")
                  .setKafkaProducerConfig(producer)
                  .build())
          .name("margay-dead-letter-sink");
    }
    return r;
  }
}
