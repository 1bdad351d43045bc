package dev.margay.alert;

/**
 * A grouper would hold more than its memory budget allows (its estimate of the matches, heads and
 * windows it keeps). Thrown by {@code add} instead of running the JVM out of memory; the grouper is
 * unusable afterwards. The message says what was held, the limit, and what to do.
 */
public final class AlertLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long held;
  private final long limitBytes;

  AlertLimitException(String message, long held, long limitBytes) {
    super(message);
    this.held = held;
    this.limitBytes = limitBytes;
  }

  /**
   * Matches (exact grouping) or windows and pending matches (bounded disorder) held when the limit
   * was hit.
   */
  public long held() {
    return held;
  }

  /** The budget, in estimated bytes. */
  public long limitBytes() {
    return limitBytes;
  }

  /** Half the JVM's maximum heap: the default budget of every grouper. */
  public static long defaultLimitBytes() {
    return Runtime.getRuntime().maxMemory() / 2;
  }
}
