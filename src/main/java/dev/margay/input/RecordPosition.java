package dev.margay.input;

/**
 * Where a record sits in its input: the input's name, the 1-based line where the record starts, for
 * records inside an array, a {@code Records} file or an envelope the 0-based index ({@code -1}
 * otherwise), the byte offset where the record starts in the (decompressed) input ({@code -1} when
 * unknown), and the envelope it was unwrapped from ({@code lookup-events}, {@code eventbridge},
 * {@code cloudwatch-logs}; null for none).
 */
public record RecordPosition(String source, long line, long index, long offset, String envelope) {

  /** A position without byte offset or envelope. */
  public RecordPosition(String source, long line, long index) {
    this(source, line, index, -1, null);
  }

  /** This position inside its envelope: record {@code i} of {@code envelope}. */
  RecordPosition inEnvelope(long i, String name) {
    return new RecordPosition(source, line, i, offset, name);
  }

  /** {@code file:line}, {@code file:line [record N]}, plus {@code (envelope)} when there is one. */
  @Override
  public String toString() {
    return source
        + ":"
        + line
        + (index >= 0 ? " [record " + index + "]" : "")
        + (envelope != null ? " (" + envelope + ")" : "");
  }
}
