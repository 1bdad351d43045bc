package dev.margay.input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts what passes through and fails once a limit is crossed; caps decompressed gzip output. */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private final java.util.function.LongSupplier dynamicLimit;
  private long count;

  /**
   * {@code dynamicLimit} may tighten the limit as reading goes on (e.g. a ratio to the compressed
   * size).
   */
  LimitedInputStream(InputStream in, long limit, java.util.function.LongSupplier dynamicLimit) {
    super(in);
    this.limit = limit;
    this.dynamicLimit = dynamicLimit;
  }

  /** The cap was crossed. */
  static final class LimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;

    LimitExceeded(String message) {
      super(message);
    }
  }

  long count() {
    return count;
  }

  private void add(long n) throws IOException {
    if (n > 0) {
      count += n;
      long allowed = Math.min(limit, dynamicLimit.getAsLong());
      if (count > allowed) {
        throw new LimitExceeded(
            "decompressed data exceeds " + allowed + " bytes (gzip bomb?); not read further");
      }
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    add(n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    add(skipped);
    return skipped;
  }
}
