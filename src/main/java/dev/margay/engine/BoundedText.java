package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Writer;

/**
 * A title or dedup key being rendered, kept only up to Panther's limit for generated fields.
 *
 * <p>Panther (its Python engine) keeps a title or dedup string of at most 1,000 characters as it is
 * and cuts a longer one to its first 985 characters followed by {@code "... (truncated)"}. Python
 * counts code points, so this counts code points too (a surrogate pair is one, and is never split).
 * Rendering stops as soon as the limit is passed: a template with thousands of placeholders, or a
 * placeholder holding a large object, costs at most a few kilobytes per field, not the size of the
 * full rendering. One per rendered field; not thread-safe.
 */
final class BoundedText {
  /** Panther's limit for titles and dedup strings, in code points (Python's {@code len}). */
  static final int LIMIT = 1000;

  static final String TRUNCATED_SUFFIX = "... (truncated)";

  /** Code points kept before the suffix when a field is cut. */
  static final int KEEP = LIMIT - TRUNCATED_SUFFIX.length();

  /** Compact JSON as {@link JsonNode#toString()} writes it. */
  private static final ObjectWriter JSON = JsonMapper.builder().build().writer();

  private final StringBuilder sb = new StringBuilder();
  private int codePoints;
  private int keepChars = -1; // chars holding the first KEEP code points, once known
  private boolean over;

  /**
   * Whether more than {@link #LIMIT} code points were offered: the result is cut, further text
   * ignored.
   */
  boolean full() {
    return over;
  }

  /** Appends text, up to the limit. */
  BoundedText append(CharSequence s) {
    int n = s.length();
    if (!over && codePoints + n < KEEP) {
      // Far from the limit (a code point is at least one char): neither the cut mark nor the limit
      // can be reached, so only the count needs the char-by-char rule, and the text goes in whole.
      int last = sb.length() - 1;
      char previous = last >= 0 ? sb.charAt(last) : 0;
      int continuing = 0;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (Character.isLowSurrogate(c) && Character.isHighSurrogate(previous)) {
          continuing++;
        }
        previous = c;
      }
      sb.append(s);
      codePoints += n - continuing;
      return this;
    }
    for (int i = 0; i < n && !over; i++) {
      append(s.charAt(i));
    }
    return this;
  }

  private void append(char c) {
    int last = sb.length() - 1;
    // A low surrogate after a high one completes the code point already counted.
    boolean continues =
        Character.isLowSurrogate(c) && last >= 0 && Character.isHighSurrogate(sb.charAt(last));
    if (!continues) {
      if (codePoints == KEEP && keepChars < 0) {
        keepChars = sb.length();
      }
      if (codePoints == LIMIT) {
        over = true;
        return;
      }
      codePoints++;
    }
    sb.append(c);
  }

  /**
   * Appends a value as titles and dedup keys show it: absent or null as nothing, strings as they
   * are, numbers and booleans as JSON, objects and arrays as compact JSON (written only up to the
   * limit).
   */
  BoundedText appendValue(JsonNode v) {
    if (over || v == null || v.isNull()) {
      return this;
    }
    if (v.isTextual()) {
      return append(v.textValue());
    }
    if (v.isValueNode()) {
      return append(v.asText());
    }
    try {
      JSON.writeValue(new Sink(), v);
    } catch (IOException e) {
      if (!over) {
        throw new IllegalStateException("cannot render " + v.getNodeType(), e);
      }
    }
    return this;
  }

  /** Whether a value renders as empty text (absent, null or {@code ""}). */
  static boolean rendersEmpty(JsonNode v) {
    return v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty());
  }

  /** The text, cut to {@link #KEEP} code points and the suffix when over the limit. */
  @Override
  public String toString() {
    return over ? sb.substring(0, keepChars) + TRUNCATED_SUFFIX : sb.toString();
  }

  /** Cuts {@code s} as Panther does (a string already in full, e.g. a DisplayName). */
  static String truncate(String s) {
    if (s.length() <= LIMIT) {
      return s; // fewer chars than the limit means fewer code points too
    }
    return new BoundedText().append(s).toString();
  }

  /** Stops the JSON writer once the limit is passed. */
  private static final class Full extends IOException {
    private static final long serialVersionUID = 1L;

    Full() {
      super("limit reached");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // control flow, not an error: no stack trace to fill
    }
  }

  /** Where the JSON writer's output goes: into this text, until it is full. */
  private final class Sink extends Writer {
    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      for (int i = off, end = off + len; i < end; i++) {
        BoundedText.this.append(buf[i]);
        if (over) {
          throw new Full();
        }
      }
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      for (int i = off, end = off + len; i < end; i++) {
        BoundedText.this.append(str.charAt(i));
        if (over) {
          throw new Full();
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
