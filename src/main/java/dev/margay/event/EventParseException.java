package dev.margay.event;

/**
 * JSON that is not a valid event: malformed, over a safety limit, with a duplicate key, with
 * trailing content, or not an object. {@link #line()} and {@link #column()} are 1-based positions
 * within the parsed text (0 when unknown).
 */
public final class EventParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Kinds of bad events, as stable codes for reports and tests. */
  public enum Code {
    /** Not well-formed JSON (including NaN, comments, raw control characters). */
    JSON_SYNTAX,
    /** A safety limit: nesting depth, string, number or name length, document size. */
    LIMIT,
    /** The same key twice in one object. */
    DUPLICATE_KEY,
    /** Content after the JSON document. */
    TRAILING_CONTENT,
    /** Not valid UTF-8. */
    ENCODING,
    /** Valid JSON, but not an object. */
    NOT_OBJECT,
    /** No JSON at all. */
    EMPTY,
    /**
     * The input ends inside this record (a truncated file); found while framing, before any parse.
     */
    TRUNCATED;

    /** Lower case with dashes: {@code duplicate-key}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final Code code;
  private final int line;
  private final int column;
  private final String reason;

  public EventParseException(Code code, String reason, int line, int column, Throwable cause) {
    super(line > 0 ? line + ":" + column + ": " + reason : reason, cause);
    this.code = java.util.Objects.requireNonNull(code, "code");
    this.reason = reason;
    this.line = line;
    this.column = column;
  }

  /** What kind of problem this is. */
  public Code code() {
    return code;
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
