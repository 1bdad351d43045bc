package dev.margay.kafka;

import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import dev.margay.event.Ingestion;
import dev.margay.wire.MatchRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Events to matches (keyed by {@link MatchRecord#groupKey()}), bad records to the dead-letter topic
 * (the record's bytes, with headers {@code margay.code} and {@code margay.reason}), and a tick (key
 * {@link MargayTopology#TICK}, no value) to every matches partition whenever this task's stream
 * time advances, so alert tasks of quiet partitions still see time pass. The engine is shared by
 * every task.
 */
final class DetectProcessor implements Processor<byte[], byte[], Object, Object> {
  private final RuleEngine engine;
  private final boolean deadLetter;
  private ProcessorContext<Object, Object> context;
  private long lastTick = Long.MIN_VALUE;

  DetectProcessor(RuleEngine engine, boolean deadLetter) {
    this.engine = engine;
    this.deadLetter = deadLetter;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    byte[] bytes = record.value();
    if (bytes != null) {
      detect(record, bytes);
    }
    long now = context.currentStreamTimeMs();
    if (now > lastTick) {
      lastTick = now;
      context.forward(new Record<>(MargayTopology.TICK, null, now), MargayTopology.MATCHES_SINK);
    }
  }

  private void detect(Record<byte[], byte[]> record, byte[] bytes) {
    Event event;
    try {
      event = engine.parse(bytes, 0, bytes.length);
    } catch (EventParseException e) {
      if (deadLetter) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("margay.code", e.code().id().getBytes(StandardCharsets.UTF_8));
        headers.add("margay.reason", e.getMessage().getBytes(StandardCharsets.UTF_8));
        context.forward(
            new Record<>(record.key(), bytes, record.timestamp(), headers),
            MargayTopology.DEAD_LETTER_SINK);
      }
      return;
    }
    List<Match> matches;
    if (engine.readsStandardFields()) {
      RecordMetadata meta = context.recordMetadata().orElse(null);
      String source = meta == null ? "kafka" : meta.topic();
      String row =
          meta == null
              ? Long.toHexString(record.timestamp())
              : meta.topic() + "-" + meta.partition() + "-" + meta.offset();
      matches = engine.evaluate(event, new Ingestion(source, Instant.now(), row));
    } else {
      matches = engine.evaluate(event);
    }
    for (Match m : matches) {
      MatchRecord r = MatchRecord.of(m, null);
      context.forward(
          new Record<>(r.groupKey(), r, record.timestamp()), MargayTopology.MATCHES_SINK);
    }
  }
}
