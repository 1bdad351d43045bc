package dev.margay.kafka;

import dev.margay.event.EventTime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * A record's time is its event's own time ({@link EventTime#millis(byte[])}: {@code p_event_time},
 * else {@code eventTime}), read from the raw value bytes. A record without one (or not bytes) takes
 * the partition's current stream time, so it never moves stream time (a producer's wall clock would
 * make a replay of old events late). Stateless and thread-safe.
 */
public final class EventTimeExtractor implements TimestampExtractor {
  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    long t = record.value() instanceof byte[] bytes ? EventTime.millis(bytes) : EventTime.NONE;
    return t >= 0
        ? t
        : Math.max(partitionTime, 0); // Kafka takes no negative timestamps (years before 1970)
  }
}
