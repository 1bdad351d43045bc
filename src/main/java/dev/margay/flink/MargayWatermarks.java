package dev.margay.flink;

import dev.margay.event.EventTime;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time for streams of raw JSON events: each record's timestamp is its own time read from the
 * bytes ({@link EventTime#millis(byte[])}: {@code p_event_time}, else {@code eventTime}), and the
 * watermark trails the latest time seen by {@code maxOutOfOrderness}. A record without a readable
 * time gets {@code Long.MIN_VALUE} and never moves the watermark, so one timeless record cannot
 * make the rest late.
 */
public final class MargayWatermarks {
  private MargayWatermarks() {}

  /**
   * The strategy: bounded out-of-orderness on the events' own time; a source split idle for {@code
   * idleness} stops holding the watermark back (null: never idle, right for bounded files).
   *
   * @param maxOutOfOrderness how far (event time) a record may arrive behind the latest one seen;
   *     alerts are exact while the input's disorder stays within it (a match further behind is
   *     late)
   */
  public static WatermarkStrategy<byte[]> eventTime(Duration maxOutOfOrderness, Duration idleness) {
    long bound = maxOutOfOrderness.toMillis();
    if (bound < 0) {
      throw new IllegalArgumentException(
          "maxOutOfOrderness must not be negative: " + maxOutOfOrderness);
    }
    WatermarkStrategy<byte[]> s =
        WatermarkStrategy.<byte[]>forGenerator(ctx -> new Bounded(bound))
            .withTimestampAssigner((bytes, previous) -> EventTime.millis(bytes));
    return idleness == null ? s : s.withIdleness(idleness);
  }

  /** Like Flink's bounded out-of-orderness generator, ignoring records without a time. */
  static final class Bounded implements WatermarkGenerator<byte[]> {
    private final long bound;
    private long max = Long.MIN_VALUE;

    Bounded(long bound) {
      this.bound = bound;
    }

    @Override
    public void onEvent(byte[] event, long timestamp, WatermarkOutput output) {
      if (timestamp != EventTime.NONE && timestamp > max) {
        max = timestamp;
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      if (max != Long.MIN_VALUE) {
        output.emitWatermark(new Watermark(max - bound - 1));
      }
    }
  }
}
