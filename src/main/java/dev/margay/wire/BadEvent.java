package dev.margay.wire;

import dev.margay.event.EventParseException;
import dev.margay.input.RecordPosition;
import java.io.Serializable;
import java.util.Objects;

/**
 * A record that is not a valid event, for a dead-letter output: where it was (when known), why, and
 * the record itself. {@link WireCodec#badEvent} writes what {@code margay scan --errors FILE}
 * writes per line (without the record's bytes). Immutable (the bytes are copied in and out).
 *
 * @param sourceFile the input's name, or null when the record came from a stream
 * @param line 1-based line of the record in its input, or 0
 * @param record 0-based index inside an array, {@code Records} or an envelope, or -1
 * @param offset byte offset of the record in its (decompressed) input, or -1
 * @param envelope the envelope the record was unwrapped from, or null
 * @param code {@link EventParseException.Code#id()}: {@code json-syntax}, {@code limit}, ...
 * @param reason what was wrong, with the position inside the record when known
 */
public record BadEvent(
    String sourceFile,
    long line,
    long record,
    long offset,
    String envelope,
    String code,
    String reason,
    byte[] bytes)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public BadEvent {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(reason, "reason");
    bytes = bytes == null ? new byte[0] : bytes.clone();
  }

  /**
   * A bad record read from a stream (no file position): {@code bytes} and why they did not parse.
   */
  public static BadEvent of(byte[] bytes, EventParseException e) {
    return new BadEvent(null, 0, -1, -1, null, e.code().id(), e.getMessage(), bytes);
  }

  /** A bad record at {@code position} of an input. */
  public static BadEvent at(RecordPosition position, EventParseException.Code code, String reason) {
    return new BadEvent(
        position.source(),
        position.line(),
        position.index(),
        position.offset(),
        position.envelope(),
        code.id(),
        reason,
        null);
  }

  /** A copy of the record's bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BadEvent b
        && Objects.equals(sourceFile, b.sourceFile)
        && line == b.line
        && record == b.record
        && offset == b.offset
        && Objects.equals(envelope, b.envelope)
        && code.equals(b.code)
        && reason.equals(b.reason)
        && java.util.Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sourceFile, line, record, offset, envelope, code, reason) * 31
        + java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "BadEvent["
        + (sourceFile == null
            ? ""
            : sourceFile + ":" + line + (record >= 0 ? " [record " + record + "]" : "") + " ")
        + code
        + ": "
        + reason
        + "]";
  }
}
