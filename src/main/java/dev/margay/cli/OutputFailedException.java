package dev.margay.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A write to stdout or to an output file failed. {@link java.io.PrintWriter} swallows {@link
 * IOException}s (it only sets a flag), so {@link CheckedOutputStream} rethrows them as this
 * unchecked exception, which passes through the writer and stops the command at the write that
 * failed.
 */
final class OutputFailedException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  OutputFailedException(String target, IOException cause) {
    super(
        target + ": " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()),
        cause);
  }

  /**
   * True when the reader went away ({@code margay scan | head -n 1}: EPIPE, "Broken pipe"): not an
   * error, the command stops quietly with exit 0. Anything else (a full disk) is an error, exit 3.
   */
  boolean readerClosed() {
    String m = getCause().getMessage();
    return m != null && (m.contains("Broken pipe") || m.contains("Stream closed"));
  }
}
