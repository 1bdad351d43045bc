package dev.margay.scan;

import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One input of a scan: its name (the {@code source} of every position, and {@code p_source_label})
 * and how to open it. Opened only when its turn comes, so a list of many files holds no file open
 * ahead of time. Immutable.
 */
public final class ScanInput {
  /** Opens an input's bytes (plain or gzip'd). */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  private final String source;
  private final Opener opener;

  private ScanInput(String source, Opener opener) {
    this.source = Objects.requireNonNull(source, "source");
    this.opener = Objects.requireNonNull(opener, "opener");
  }

  /**
   * A file (or FIFO, or device), named by {@code path.toString()}, opened when scanned and closed
   * afterwards. Opened as a {@link FileInputStream}, not {@code Files.newInputStream}, whose {@code
   * available()} seeks, which fails on pipes.
   */
  public static ScanInput of(Path path) {
    return new ScanInput(path.toString(), () -> new FileInputStream(path.toFile()));
  }

  /** A stream already open (stdin, a socket), read to its end and <b>not</b> closed by the scan. */
  public static ScanInput of(String source, InputStream in) {
    Objects.requireNonNull(in, "in");
    return new ScanInput(
        source,
        () ->
            new FilterInputStream(in) {
              @Override
              public void close() {
                // the caller's stream: left open
              }
            });
  }

  /** An input opened by {@code opener} when scanned, and closed afterwards. */
  public static ScanInput of(String source, Opener opener) {
    return new ScanInput(source, opener);
  }

  /** The input's name. */
  public String source() {
    return source;
  }

  /** Opens the input; the caller closes the stream. */
  public InputStream open() throws IOException {
    return opener.open();
  }

  @Override
  public String toString() {
    return source;
  }
}
