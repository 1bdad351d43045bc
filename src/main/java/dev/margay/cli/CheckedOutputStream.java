package dev.margay.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream whose failures are not swallowed: every {@link IOException} of the stream below
 * becomes an {@link OutputFailedException}, which a {@link java.io.PrintWriter} on top lets
 * through. Used for stdout and for every file a command writes, so a full disk or a closed pipe
 * stops the command instead of being ignored. Not thread-safe (as the stream below).
 */
final class CheckedOutputStream extends FilterOutputStream {
  private final String target;

  /** {@code target} names the output in messages ({@code "stdout"}, a file path). */
  CheckedOutputStream(OutputStream out, String target) {
    super(out);
    this.target = target;
  }

  @Override
  public void write(int b) {
    try {
      out.write(b);
    } catch (IOException e) {
      throw new OutputFailedException(target, e);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) {
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw new OutputFailedException(target, e);
    }
  }

  @Override
  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new OutputFailedException(target, e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new OutputFailedException(target, e);
    }
  }
}
