package dev.margay.kafka;

import dev.margay.wire.AlertRecord;
import dev.margay.wire.MatchRecord;
import dev.margay.wire.WireCodec;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of the wire records as {@link WireCodec} JSON (UTF-8): matches in the stream shape (with
 * event time and {@code createAlert}), alerts exactly as {@code margay scan --alerts} prints them.
 * Null stays null (a tombstone, or a tick on the matches topic). Stateless and thread-safe.
 */
public final class MargaySerdes {
  private MargaySerdes() {}

  /** Matches: {@link WireCodec#streamMatch} / {@link WireCodec#readMatch}. */
  public static Serde<MatchRecord> match() {
    return Serdes.serdeFrom(
        (topic, m) -> m == null ? null : WireCodec.utf8(WireCodec.streamMatch(m)),
        (topic, bytes) -> bytes == null ? null : WireCodec.readMatch(bytes));
  }

  /** Alerts: {@link WireCodec#alert} / {@link WireCodec#readAlert}. */
  public static Serde<AlertRecord> alert() {
    return Serdes.serdeFrom(
        (topic, a) -> a == null ? null : WireCodec.utf8(WireCodec.alert(a)),
        (topic, bytes) -> bytes == null ? null : WireCodec.readAlert(bytes));
  }
}
