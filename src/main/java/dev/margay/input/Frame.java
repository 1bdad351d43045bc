package dev.margay.input;

import dev.margay.event.EventParseException;

/**
 * One record as the framer found it, before it is parsed: its bytes ({@code bytes[from, to)}, never
 * changed afterwards), its position, and what its top-level member names say it may be (an
 * envelope, a digest), or the reason it is no record at all (broken framing, over a limit).
 * Immutable; decoded into events by {@link EventReader#decode}, on any thread. Internal: users see
 * framed records as {@link RecordBatch}es.
 */
final class Frame {
  /**
   * Top-level member names seen in an object record (bit flags), so that only candidates are
   * unwrapped.
   */
  static final int HAS_RECORDS = 1;

  static final int HAS_EVENTS = 2;
  static final int HAS_DETAIL_TYPE = 4;
  static final int HAS_MESSAGE_TYPE = 8;
  static final int HAS_DIGEST_START = 16;

  /** An element of a streamed {@code lookup-events} {@code Events} array. */
  static final int LOOKUP_ENTRY = 32;

  /** Read as a forced CloudTrail file: a {@code Records} array is required. */
  static final int RECORDS_REQUIRED = 64;

  /**
   * A JSON Lines line taken whole without following its structure (it starts with '{' in the first
   * column and ends with '}'): its parse verifies it; if it fails, or the record turns out to have
   * envelope names, the decoder frames the line properly, with the same result as framing it here.
   */
  static final int UNVERIFIED_LINE = 128;

  final byte[] bytes;
  final int from;
  final int to;
  final RecordPosition position;
  final int hints;
  final EventParseException.Code code;
  final String problem;

  Frame(byte[] bytes, int from, int to, RecordPosition position, int hints) {
    this.bytes = bytes;
    this.from = from;
    this.to = to;
    this.position = position;
    this.hints = hints;
    this.code = null;
    this.problem = null;
  }

  Frame(RecordPosition position, EventParseException.Code code, String problem) {
    this.bytes = null;
    this.from = 0;
    this.to = 0;
    this.position = position;
    this.hints = 0;
    this.code = code;
    this.problem = problem;
  }

  /** Where the record starts. */
  public RecordPosition position() {
    return position;
  }

  /** The record's size in bytes (0 for a record that could not be framed). */
  public int length() {
    return to - from;
  }

  /** Whether this is a record that could not be framed (it is reported, never parsed). */
  public boolean isBad() {
    return code != null;
  }
}
