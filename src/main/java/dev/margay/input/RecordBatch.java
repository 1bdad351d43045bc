package dev.margay.input;

import java.util.List;

/**
 * Consecutive records of one input, framed (their bytes found) but not yet parsed, as {@link
 * EventReader#readBatches} hands them over: decode them on any thread with {@link #decode}.
 * Immutable and thread-safe; holds its records' bytes (about {@code bytes()} of them) until it is
 * dropped.
 */
public final class RecordBatch {
  private final EventReader reader;
  private final List<Frame> frames;
  private final long bytes;

  RecordBatch(EventReader reader, List<Frame> frames) {
    this.reader = reader;
    this.frames = List.copyOf(frames);
    long total = 0;
    for (Frame f : this.frames) {
      total += f.length();
    }
    this.bytes = total;
  }

  /** Records in this batch (an envelope counts as one: it may decode to several events). */
  public int size() {
    return frames.size();
  }

  /** The records' bytes, in total (0 for records that could not be framed). */
  public long bytes() {
    return bytes;
  }

  /**
   * Parses the records, in order, into {@code handler}, exactly as {@link EventReader#read}
   * delivers them: each record's event(s) (several for an envelope), bad records with their reason,
   * skipped documents. May be called on any thread, and again (each call decodes anew).
   */
  public void decode(RecordHandler handler) {
    for (Frame f : frames) {
      reader.decode(f, handler);
    }
  }
}
