package dev.margay.input;

import dev.margay.event.Event;
import dev.margay.event.EventParseException;

/** Receives what an {@link EventReader} reads, in input order. */
public interface RecordHandler {
  /** A valid event. */
  void onEvent(Event event, RecordPosition position);

  /** A record that is not a valid event; reading goes on with the next record. */
  void onBadRecord(RecordPosition position, EventParseException.Code code, String reason);

  /**
   * A document recognized as no event at all (a CloudTrail-Digest file, a CloudWatch Logs control
   * message): never evaluated, counted apart. Ignored by default.
   */
  default void onSkipped(RecordPosition position, String what) {}
}
