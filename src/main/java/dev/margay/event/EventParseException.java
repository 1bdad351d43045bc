package dev.margay.event;

/**
 * JSON that is not a valid event: malformed, over a safety limit, with a duplicate key, with trailing
 * content, or not an object. {@link #line()} and {@link #column()} are 1-based positions within the
 * parsed text (0 when unknown).
 */
public final class EventParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String reason;

  public EventParseException(String reason, int line, int column, Throwable cause) {
    super(line > 0 ? line + ":" + column + ": " + reason : reason, cause);
    this.reason = reason;
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The problem without its position. */
  public String reason() {
    return reason;
  }
}
