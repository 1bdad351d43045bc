package dev.margay.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** About once a second, files done, records/s and matches on stderr; silent unless enabled. */
final class Progress {
  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final PrintWriter err;
  private final boolean enabled;
  private final long start = System.nanoTime();
  private long lastPrint = start;
  private long records;
  private long filesDone;
  long totalFiles;
  private boolean printed;

  Progress(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** Whether this process's stderr is a terminal (Linux: /proc/self/fd/2 points at a tty). */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception e) {
      return false;
    }
  }

  void record(long matches) {
    records++;
    if (enabled && (records & 1023) == 0) {
      long now = System.nanoTime();
      if (now - lastPrint >= INTERVAL_NANOS) {
        lastPrint = now;
        double seconds = (now - start) / 1e9;
        err.printf(
            "\rfiles %d/%d, %,d records (%,.0f/s), %,d matches ",
            filesDone, totalFiles, records, records / seconds, matches);
        err.flush();
        printed = true;
      }
    }
  }

  void fileDone() {
    filesDone++;
  }

  void clear() {
    if (printed) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
