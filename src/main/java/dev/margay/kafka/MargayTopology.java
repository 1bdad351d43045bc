package dev.margay.kafka;

import dev.margay.engine.EngineCache;
import dev.margay.engine.RuleEngine;
import dev.margay.loader.RuleBundle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the Kafka Streams topology of Margay:
 *
 * <pre>{@code
 * Topology t = MargayTopology.builder().rules(RuleBundle.fromPaths(Path.of("rules")))
 *     .events("cloudtrail").matches("margay-matches").alerts("margay-alerts").deadLetter("margay-bad")
 *     .grace(Duration.ofHours(1)).build();
 * }</pre>
 *
 * <p>events topic ({@code byte[]} JSON events; record time from {@link EventTimeExtractor}) →
 * detect (one engine shared by all tasks) → matches topic (key {@code ruleId + '\0' + dedupKey},
 * value the {@link MargaySerdes#match()} JSON; a tick to every partition as stream time advances) →
 * alert processor → alerts topic (key the group, value exactly a {@code margay scan --alerts}
 * line). Bad records go to the dead-letter topic with their bytes. The topics must exist (the
 * matches topic partitions alert work).
 *
 * <p>Alerts are grouped in event-time order within {@code grace} (how far behind the latest event
 * time seen on a matches partition an event may arrive), as {@code AlertGrouper} groups them; a
 * match further behind is late and goes to the optional late-match topic, never into a window.
 * Output records carry event time as their timestamp: old events are exposed to the alerts topic's
 * time-based retention.
 */
public final class MargayTopology {
  /** Key of the ticks on the matches topic (no value). */
  public static final String TICK = "\0tick";

  static final String MATCHES_SINK = "margay-matches-sink";
  static final String DEAD_LETTER_SINK = "margay-dead-letter-sink";
  static final String ALERTS_SINK = "margay-alerts-sink";
  static final String LATE_SINK = "margay-late-sink";

  /**
   * State stores of the alert processor (changelogged; names are part of the application's state).
   */
  public static final String PENDING_STORE = "margay-pending";

  public static final String WINDOWS_STORE = "margay-windows";
  public static final String ENDS_STORE = "margay-ends";

  private MargayTopology() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Topology settings; every topic but {@code lateMatches} and {@code deadLetter} is required. */
  public static final class Builder {
    private RuleEngine engine;
    private String events;
    private String matches;
    private String alerts;
    private String deadLetter;
    private String lateMatches;
    private Duration grace = Duration.ZERO;
    private boolean persistent;

    /** A built engine (thread-safe; shared by every task). */
    public Builder rules(RuleEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /**
     * Rules from a bundle, loaded and built once per JVM for these bytes ({@link EngineCache}).
     *
     * @throws IllegalArgumentException if a file does not load (every problem listed)
     */
    public Builder rules(RuleBundle rules) {
      // Built once per JVM for these bytes (EngineCache); a set with problems throws and is not
      // kept.
      return rules(
          EngineCache.get(
              rules.sha256(),
              RuleEngine.class,
              () -> RuleEngine.builder().addRules(rules.load().requireClean().rules()).build()));
    }

    public Builder events(String topic) {
      events = topic;
      return this;
    }

    public Builder matches(String topic) {
      matches = topic;
      return this;
    }

    public Builder alerts(String topic) {
      alerts = topic;
      return this;
    }

    /**
     * Bad records (bytes as read, headers {@code margay.code}, {@code margay.reason}); none:
     * dropped.
     */
    public Builder deadLetter(String topic) {
      deadLetter = topic;
      return this;
    }

    /** Matches behind the watermark (match JSON); none: dropped. */
    public Builder lateMatches(String topic) {
      lateMatches = topic;
      return this;
    }

    /**
     * How far (event time) behind the latest seen an event may arrive and still be grouped exactly.
     */
    public Builder grace(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("grace must not be negative: " + d);
      }
      grace = d;
      return this;
    }

    /**
     * RocksDB stores instead of the default in-memory ones (both changelogged, so both survive the
     * loss of local state). The alert state is pending matches within the grace plus open windows;
     * RocksDB is for state beyond the heap, and costs a store flush per commit (measured: 170-290 s
     * instead of 3-6 s for the bench file under TopologyTestDriver, which commits after every
     * record).
     */
    public Builder persistentStores(boolean b) {
      persistent = b;
      return this;
    }

    public Topology build() {
      Objects.requireNonNull(engine, "rules");
      Objects.requireNonNull(events, "events topic");
      Objects.requireNonNull(matches, "matches topic");
      Objects.requireNonNull(alerts, "alerts topic");
      RuleEngine e = engine;
      boolean dead = deadLetter != null;
      boolean late = lateMatches != null;
      long g =
          grace.compareTo(Duration.ofDays(365L * 1000)) > 0
              ? Duration.ofDays(365L * 1000).toMillis()
              : grace.toMillis();
      Topology t = new Topology();
      t.addSource(
          org.apache.kafka.streams.AutoOffsetReset.earliest(),
          "margay-events",
          new EventTimeExtractor(),
          Serdes.ByteArray().deserializer(),
          Serdes.ByteArray().deserializer(),
          events);
      t.addProcessor("margay-detect", () -> new DetectProcessor(e, dead), "margay-events");
      StreamPartitioner<String, Object> ticksEverywhere =
          (topic, key, value, partitions) ->
              TICK.equals(key)
                  ? Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()))
                  : Optional.<Set<Integer>>empty();
      t.addSink(
          MATCHES_SINK,
          matches,
          Serdes.String().serializer(),
          (topic, v) ->
              v == null
                  ? null
                  : MargaySerdes.match()
                      .serializer()
                      .serialize(topic, (dev.margay.wire.MatchRecord) v),
          ticksEverywhere,
          "margay-detect");
      if (dead) {
        t.addSink(
            DEAD_LETTER_SINK,
            deadLetter,
            Serdes.ByteArray().serializer(),
            Serdes.ByteArray().serializer(),
            "margay-detect");
      }
      t.addSource(
          "margay-matches",
          Serdes.String().deserializer(),
          MargaySerdes.match().deserializer(),
          matches);
      t.addProcessor("margay-alerts", () -> new AlertProcessor(g, late), "margay-matches");
      t.addStateStore(
          Stores.keyValueStoreBuilder(store(PENDING_STORE), Serdes.String(), Serdes.String()),
          "margay-alerts");
      t.addStateStore(
          Stores.keyValueStoreBuilder(store(WINDOWS_STORE), Serdes.String(), Serdes.String()),
          "margay-alerts");
      t.addStateStore(
          Stores.keyValueStoreBuilder(store(ENDS_STORE), Serdes.String(), Serdes.String()),
          "margay-alerts");
      t.addSink(
          ALERTS_SINK,
          alerts,
          Serdes.String().serializer(),
          (topic, v) ->
              MargaySerdes.alert().serializer().serialize(topic, (dev.margay.wire.AlertRecord) v),
          "margay-alerts");
      if (late) {
        t.addSink(
            LATE_SINK,
            lateMatches,
            Serdes.String().serializer(),
            (topic, v) ->
                MargaySerdes.match().serializer().serialize(topic, (dev.margay.wire.MatchRecord) v),
            "margay-alerts");
      }
      return t;
    }

    private KeyValueBytesStoreSupplier store(String name) {
      return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }
  }
}
