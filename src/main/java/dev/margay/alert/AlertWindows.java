package dev.margay.alert;

/**
 * The dedup-window rules as pure functions over {@link AlertWindow} values; every grouper (exact,
 * bounded disorder, and stream-processor adapters) moves windows only through these, so all of them
 * agree.
 *
 * <p>Panther's rule, applied in event-time order per rule and dedup key: the first match opens a
 * window of {@code DedupPeriodMinutes}; matches before its end join it; the first match at or after
 * its end closes it and opens the next one; a closed window with at least {@code Threshold} matches
 * is an alert. Fed in event-time order, the result is a function of the set of matches, not of
 * their arrival order. Times are epoch milliseconds; nothing here overflows (ends saturate at
 * {@code Long.MAX_VALUE}). Stateless: every method is a pure function, safe from any thread.
 */
public final class AlertWindows {
  private AlertWindows() {}

  /**
   * The result of {@link #apply}: the group's window afterwards, and the window the match closed
   * (null if it joined or opened the only one).
   */
  public record Step(AlertWindow window, AlertWindow closed) {
    /**
     * Whether the match opened {@link #window()} (its first match, whose content the alert shows).
     */
    public boolean opened() {
      return window.count() == 1;
    }
  }

  /** Length of a window in milliseconds; a period below 1 minute counts as 1. */
  public static long length(int dedupPeriodMinutes) {
    return Math.max(1, dedupPeriodMinutes) * 60_000L;
  }

  /**
   * The window a match at {@code time} (epoch ms) opens: {@code [time, time + length(period))}, one
   * match.
   */
  public static AlertWindow open(long time, int dedupPeriodMinutes) {
    long length = length(dedupPeriodMinutes);
    long end = time > Long.MAX_VALUE - length ? Long.MAX_VALUE : time + length;
    return new AlertWindow(time, end, 1, time);
  }

  /**
   * Applies a match at {@code time} to a group's current window ({@code null}: none open). The
   * caller feeds matches in event-time order, so {@code time >= current.start()}.
   *
   * @throws IllegalArgumentException if {@code time} is before the current window's start
   */
  public static Step apply(AlertWindow current, long time, int dedupPeriodMinutes) {
    if (current == null) {
      return new Step(open(time, dedupPeriodMinutes), null);
    }
    if (time < current.start()) {
      throw new IllegalArgumentException(
          "match at "
              + time
              + " before its window's start "
              + current.start()
              + ": windows must be fed in event-time order");
    }
    if (time >= current.end()) {
      return new Step(open(time, dedupPeriodMinutes), current);
    }
    return new Step(
        new AlertWindow(
            current.start(),
            current.end(),
            current.count() + 1,
            Math.max(current.lastTime(), time)),
        null);
  }

  /** Whether no match at or after {@code watermark} can join {@code window}: it may be closed. */
  public static boolean endedBy(AlertWindow window, long watermark) {
    return window.end() <= watermark;
  }

  /** Whether a closed window raises an alert: at least {@code threshold} matches. */
  public static boolean fires(AlertWindow window, int threshold) {
    return window.count() >= threshold;
  }
}
