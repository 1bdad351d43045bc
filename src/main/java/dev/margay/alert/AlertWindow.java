package dev.margay.alert;

import java.io.Serializable;

/**
 * One dedup window of one rule and dedup key, as plain values (epoch milliseconds), so that any
 * runtime can keep it in its own state: the CLI's groupers, or a stream processor's keyed state.
 * Immutable (so thread-safe), serializable; {@link AlertWindows} holds the functions that move it
 * on.
 *
 * @param start event time of the match that opened the window (the first in event-time order)
 * @param end {@code start + DedupPeriodMinutes} (exclusive): a match at or after it opens the next
 *     window
 * @param count matches in the window
 * @param lastTime event time of the latest match in the window
 */
public record AlertWindow(long start, long end, int count, long lastTime) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Checks the window's shape.
   *
   * @throws IllegalArgumentException unless {@code start <= lastTime < end} and {@code count >= 1}
   */
  public AlertWindow {
    if (end < start || count < 1 || lastTime < start || lastTime >= end) {
      throw new IllegalArgumentException(
          "not a window: start "
              + start
              + ", end "
              + end
              + ", count "
              + count
              + ", last "
              + lastTime);
    }
  }
}
