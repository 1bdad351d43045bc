package dev.margay.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream on a thread of its own, a few chunks ahead of the reader: gzip decompression then runs
 * beside framing and parsing instead of before them, so a gzip'd input costs about the slower of the
 * two rather than their sum. What the source throws is thrown by the read that reaches it, after every
 * byte before it. One reader thread; {@link #close()} stops the thread (a thread blocked reading the
 * source ends when the source ends or is closed). Does not close the source.
 */
final class ReadAhead extends InputStream {
  private static final int CHUNK = 128 * 1024;
  private static final int CHUNKS_AHEAD = 8;
  private static final Object END = new Object();

  private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
  private final Thread thread;
  private volatile boolean closed;
  private byte[] current = new byte[0];
  private int pos;
  private int limit;
  private boolean ended;

  ReadAhead(InputStream source, String name) {
    thread = new Thread(() -> produce(source), "margay-read-ahead " + name);
    thread.setDaemon(true);
    thread.start();
  }

  private void produce(InputStream source) {
    Object last = END;
    try {
      while (!closed) {
        byte[] buf = new byte[CHUNK];
        int n = source.read(buf, 0, CHUNK);
        if (n < 0) {
          break;
        }
        if (n > 0) {
          chunks.put(n == CHUNK ? buf : java.util.Arrays.copyOf(buf, n));
        }
      }
    } catch (InterruptedException e) {
      return; // closed
    } catch (IOException | RuntimeException | Error e) {
      last = e;
    }
    try {
      chunks.put(last);
    } catch (InterruptedException e) {
      // closed
    }
  }

  /** Makes the next chunk current; false at the end. Throws what the source threw. */
  private boolean advance() throws IOException {
    if (ended) {
      return false;
    }
    Object next;
    try {
      next = chunks.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading ahead");
    }
    if (next instanceof byte[] b) {
      current = b;
      pos = 0;
      limit = b.length;
      return true;
    }
    ended = true;
    if (next instanceof IOException e) {
      throw e;
    }
    if (next instanceof RuntimeException e) {
      throw e;
    }
    if (next instanceof Error e) {
      throw e;
    }
    return false;
  }

  @Override
  public int read() throws IOException {
    if (pos == limit && !advance()) {
      return -1;
    }
    return current[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (pos == limit && !advance()) {
      return -1;
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Bytes readable without blocking: the rest of this chunk, or the next one if it is there. */
  @Override
  public int available() {
    if (pos < limit) {
      return limit - pos;
    }
    return chunks.peek() instanceof byte[] b ? b.length : 0;
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    chunks.clear();
  }
}
