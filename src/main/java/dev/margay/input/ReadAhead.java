package dev.margay.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Reads a stream on a thread of its own, ahead of its consumer: how {@link EventReader} inflates
 * gzip ({@link MixedGzip}) while the reading thread frames what was inflated before, so a gzip'd
 * scan costs about the slower of the two rather than their sum (issue 16).
 *
 * <p>Bounded: at most {@value #CHUNKS} chunks of {@value #CHUNK} bytes are read ahead. A chunk is
 * handed over as soon as the source has nothing more ready ({@code available()} is 0), so a slow
 * pipe's bytes are not held back, and {@link #available()} counts only bytes already read, so the
 * framer hands out its batch when the next bytes are not there yet. What the source throws (a
 * corrupt or oversized gzip member, a read error) is thrown here, after every byte read before it;
 * the end of the source is the end here.
 *
 * <p>The thread ends when the source ends or fails, or when {@link #close()} is called (at once
 * when it waits for room; after its current read when that read blocks, as on a silent pipe); it
 * never closes the source. It is a daemon thread named {@code margay-read-ahead}. One consumer
 * thread only.
 */
final class ReadAhead extends InputStream {
  static final int CHUNK = 64 * 1024;
  static final int CHUNKS = 4;

  static final int IDLE_MILLIS = 10;

  private final InputStream source;
  private final Runnable whileWaiting; // null: none
  private final Thread thread;
  private final Object lock = new Object();
  // Guarded by lock.
  private final ArrayDeque<byte[]> full = new ArrayDeque<>(CHUNKS);
  private final ArrayDeque<Integer> lengths = new ArrayDeque<>(CHUNKS);
  private final ArrayDeque<byte[]> free = new ArrayDeque<>(CHUNKS);
  private int queuedBytes;
  private boolean ended; // the thread will add nothing more
  private Throwable failure; // what the source threw, thrown after the bytes before it
  private boolean closed;

  // The consumer's own.
  private boolean hookRan; // whileWaiting ran since the last chunk arrived
  private byte[] current;
  private int pos;
  private int lim;

  ReadAhead(InputStream source) {
    this(source, null);
  }

  /**
   * With {@code whileWaiting} (null: none) run on the consumer's thread whenever it would wait for
   * the source: once when the wait starts, then every {@value #IDLE_MILLIS} ms while it lasts (a
   * scan delivers finished work then, so a slow stream's results are not held back).
   */
  ReadAhead(InputStream source, Runnable whileWaiting) {
    this.source = source;
    this.whileWaiting = whileWaiting;
    for (int i = 0; i < CHUNKS; i++) {
      free.add(new byte[CHUNK]);
    }
    thread = new Thread(this::fill, "margay-read-ahead");
    thread.setDaemon(true);
    thread.start();
  }

  private void fill() {
    Throwable failed = null;
    try {
      while (true) {
        byte[] chunk;
        synchronized (lock) {
          while (free.isEmpty() && !closed) {
            lock.wait();
          }
          if (closed) {
            return;
          }
          chunk = free.poll();
        }
        int n = 0;
        int r;
        do {
          r = source.read(chunk, n, CHUNK - n);
          if (r > 0) {
            n += r;
          }
        } while (r >= 0 && n < CHUNK && ready() > 0);
        synchronized (lock) {
          if (n > 0) {
            full.add(chunk);
            lengths.add(n);
            queuedBytes += n;
          } else {
            free.add(chunk);
          }
          lock.notifyAll();
        }
        if (r < 0) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) { // an Error too: the consumer must not wait for bytes that never come
      failed = t;
    } finally {
      synchronized (lock) {
        failure = failed;
        ended = true;
        lock.notifyAll();
      }
    }
  }

  /** The source's ready bytes; 0 when it cannot tell (a pipe opened as a channel, say). */
  private int ready() {
    try {
      return source.available();
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    while ((n = read(one, 0, 1)) == 0) {
      // read(byte[], int, int) returns at least one byte unless at the end
    }
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == lim && !next()) {
      return -1;
    }
    int n = Math.min(len, lim - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  /** The next chunk into {@code current}; false at the end. Throws what the source threw. */
  private boolean next() throws IOException {
    while (!awaitChunk()) {
      whileWaiting.run(); // outside the lock: it is the consumer's own work, and may take a while
    }
    synchronized (lock) {
      if (full.isEmpty()) {
        if (failure instanceof IOException io) {
          throw io;
        }
        if (failure instanceof RuntimeException re) {
          throw re;
        }
        if (failure instanceof Error error) {
          throw error;
        }
        return false;
      }
      current = full.poll();
      lim = lengths.poll();
      queuedBytes -= lim;
      pos = 0;
      return true;
    }
  }

  /**
   * Waits for a chunk (or the end): true when there is one; false when the consumer should run
   * {@link #whileWaiting} first (on entering the wait, then every {@value #IDLE_MILLIS} ms of it).
   */
  private boolean awaitChunk() throws IOException {
    synchronized (lock) {
      if (current != null) {
        free.add(current);
        current = null;
        lock.notifyAll();
      }
      while (full.isEmpty() && !ended) {
        if (whileWaiting != null && !hookRan) {
          hookRan = true;
          return false;
        }
        try {
          lock.wait(whileWaiting == null ? 0 : IDLE_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while reading ahead");
        }
        hookRan = false; // another slice of waiting: run it again
      }
      hookRan = false;
      return true;
    }
  }

  /** Bytes already read ahead: what a read returns without waiting for the source. */
  @Override
  public int available() {
    synchronized (lock) {
      return (lim - pos) + queuedBytes;
    }
  }

  /** Stops the thread (see the class comment); the source is not closed. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }

  /** Waits until the thread has ended (tests: every path ends it). */
  boolean awaitEnd(long millis) throws InterruptedException {
    thread.join(millis);
    return !thread.isAlive();
  }
}
