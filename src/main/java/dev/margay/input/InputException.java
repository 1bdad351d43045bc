package dev.margay.input;

import java.io.IOException;

/**
 * An input that could not be read (further): missing, unreadable, corrupt or truncated gzip, a gzip bomb,
 * or JSON broken so that no later record can be found. Records read before the failure were delivered.
 */
public final class InputException extends IOException {
  private static final long serialVersionUID = 1L;

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
