package dev.margay.input;

import java.io.IOException;

/**
 * An input that could not be read (further): missing, unreadable, corrupt or truncated gzip, a gzip
 * bomb. Records read before the failure were delivered. (Broken JSON never ends an input: the
 * framer reports the broken record and finds the next one.)
 */
public final class InputException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why an input could not be read. */
  public enum Code {
    /** Missing, or an I/O error. */
    UNREADABLE,
    /** Not valid gzip data. */
    CORRUPT_GZIP,
    /** The input ends in the middle (a truncated gzip member, an unclosed array). */
    TRUNCATED,
    /** Decompressed data beyond the cap (absolute, or as a ratio to the compressed size). */
    GZIP_BOMB,
    /**
     * Text in an encoding other than UTF-8 (UTF-16 or UTF-32, found by its byte-order mark or
     * NULs).
     */
    UNSUPPORTED_ENCODING;

    /** Lower case with dashes: {@code gzip-bomb}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final Code code;

  public InputException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = java.util.Objects.requireNonNull(code, "code");
  }

  /** Why the input could not be read. */
  public Code code() {
    return code;
  }
}
