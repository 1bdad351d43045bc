package dev.margay.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Inflating on a thread of its own ({@link ReadAhead} over {@link MixedGzip}): the same bytes, the
 * same errors after the same bytes, bounded memory, nothing held back on a slow pipe, and the
 * thread ends in every path.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a liveness guard: a hang fails, never a slow run
class ReadAheadTest {
  private static final long NO_LIMIT = Long.MAX_VALUE;

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] drain(InputStream in, Random sizes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[200_000];
    int n;
    while ((n = in.read(buf, 0, 1 + sizes.nextInt(buf.length))) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** Random JSON-ish lines: no 0x1f byte, as in plain JSON. */
  private static byte[] lines(Random r, int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sb.append("{\"id\":").append(i).append(",\"v\":\"").append(Long.toHexString(r.nextLong()));
      sb.append("x".repeat(r.nextInt(300))).append("\"}\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void gzipMembersAndPlainDataComeOutAsMixedGzipAloneGivesThem() throws Exception {
    Random r = new Random(16);
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    for (int part = 0; part < 12; part++) {
      byte[] data = lines(r, r.nextInt(3000));
      input.write(r.nextBoolean() ? gzip(data) : data);
    }
    byte[] bytes = input.toByteArray();
    byte[] direct =
        drain(new MixedGzip(new ByteArrayInputStream(bytes), NO_LIMIT, 1000), new Random(1));
    ReadAhead ahead = new ReadAhead(new MixedGzip(new ByteArrayInputStream(bytes), NO_LIMIT, 1000));
    assertThat(drain(ahead, new Random(2))).isEqualTo(direct);
    assertThat(direct.length).isGreaterThan(4 * ReadAhead.CHUNKS * ReadAhead.CHUNK);
    assertThat(ahead.awaitEnd(30_000)).isTrue();
  }

  @Test
  void aCorruptMemberFailsAfterEveryByteBeforeIt() throws Exception {
    byte[] good = lines(new Random(3), 2000);
    byte[] bad = gzip(lines(new Random(4), 10));
    bad[bad.length - 8] ^= 0x55; // the CRC in the trailer
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.write(gzip(good));
    input.write(bad);
    ReadAhead ahead =
        new ReadAhead(new MixedGzip(new ByteArrayInputStream(input.toByteArray()), NO_LIMIT, 1000));
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    assertThatThrownBy(
            () -> {
              int n;
              while ((n = ahead.read(buf, 0, buf.length)) >= 0) {
                got.write(buf, 0, n);
              }
            })
        .isInstanceOf(ZipException.class)
        .hasMessageContaining("CRC");
    assertThat(got.toByteArray()).startsWith(good);
    assertThat(ahead.awaitEnd(30_000)).isTrue();
  }

  @Test
  void memoryIsBoundedAndCloseEndsTheThreadWhileItWaitsForRoom() throws Exception {
    AtomicLong served = new AtomicLong();
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            served.incrementAndGet();
            return 'a';
          }

          @Override
          public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'a');
            served.addAndGet(len);
            return len;
          }

          @Override
          public int available() {
            return Integer.MAX_VALUE;
          }
        };
    ReadAhead ahead = new ReadAhead(endless);
    assertThat(ahead.read()).isEqualTo('a');
    ahead.close();
    assertThat(ahead.awaitEnd(30_000)).isTrue();
    // The chunk being read plus the queued ones: never more, however long the consumer waits.
    assertThat(served.get()).isLessThanOrEqualTo((long) (ReadAhead.CHUNKS + 1) * ReadAhead.CHUNK);
  }

  /** A record on a pipe reaches the consumer while the writer still waits for it to be read. */
  @Test
  void aSlowPipesBytesAreNotHeldBack() throws Exception {
    PipedOutputStream writer = new PipedOutputStream();
    PipedInputStream pipe = new PipedInputStream(writer, 1 << 16);
    ReadAhead ahead = new ReadAhead(new MixedGzip(pipe, NO_LIMIT, 1000));
    byte[] first = gzip("{\"id\":\"a\"}\n".getBytes(StandardCharsets.UTF_8));
    writer.write(first);
    writer.flush();
    byte[] buf = new byte[64];
    int n = ahead.read(buf, 0, buf.length); // blocks until the member's bytes are inflated
    assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"a\"}\n");
    assertThat(ahead.available()).isZero();
    writer.write("{\"id\":\"b\"}\n".getBytes(StandardCharsets.UTF_8));
    writer.close();
    n = ahead.read(buf, 0, buf.length);
    assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"b\"}\n");
    assertThat(ahead.read(buf, 0, buf.length)).isEqualTo(-1);
    assertThat(ahead.awaitEnd(30_000)).isTrue();
  }

  /**
   * While the consumer waits for a silent source, its own hook runs on its own thread (so a scan
   * can deliver finished work), and a hook that throws ends the read with its exception.
   */
  @Test
  void whileTheSourceIsSilent_theConsumersHookRuns_onTheConsumersThread() throws Exception {
    PipedOutputStream writer = new PipedOutputStream();
    PipedInputStream pipe = new PipedInputStream(writer, 1 << 16);
    Thread consumer = Thread.currentThread();
    java.util.List<Thread> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch waited = new java.util.concurrent.CountDownLatch(3);
    ReadAhead ahead =
        new ReadAhead(
            pipe,
            () -> {
              ranOn.add(Thread.currentThread());
              waited.countDown();
              if (waited.getCount() == 0) {
                try {
                  writer.write('x'); // after three turns of waiting, the byte comes
                  writer.flush();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
            });
    assertThat(ahead.read()).isEqualTo('x');
    assertThat(ranOn).hasSizeGreaterThanOrEqualTo(3).allMatch(t -> t == consumer);
    RuntimeException stop = new IllegalStateException("stop");
    PipedOutputStream silent = new PipedOutputStream();
    ReadAhead stopping =
        new ReadAhead(
            new PipedInputStream(silent),
            () -> {
              throw stop;
            });
    assertThatThrownBy(stopping::read).isSameAs(stop);
    stopping.close();
    silent.close();
    ahead.close();
    writer.close();
    assertThat(stopping.awaitEnd(30_000)).isTrue();
    assertThat(ahead.awaitEnd(30_000)).isTrue();
  }

  /**
   * EventReader ends its read-ahead thread whether the input ends, is cut or corrupt, or the
   * handler gives up.
   */
  @Test
  void eventReaderLeavesNoReadAheadThreadBehind() throws Exception {
    byte[] many = lines(new Random(5), 20_000);
    byte[] corrupt = gzip(many);
    corrupt[corrupt.length / 2] ^= 0x55;
    byte[] cut = java.util.Arrays.copyOf(gzip(many), gzip(many).length / 2);
    for (byte[] input : java.util.List.of(many, gzip(many), cut, corrupt)) {
      TestingRecords c = new TestingRecords();
      try {
        EventReader.create().read("in", new ByteArrayInputStream(input), c);
      } catch (InputException e) {
        assertThat(input).isSameAs(corrupt);
      }
      awaitNoReadAheadThread();
    }
    RecordHandler quitter =
        new RecordHandler() {
          @Override
          public void onEvent(Event event, RecordPosition position) {
            throw new IllegalStateException("output closed");
          }

          @Override
          public void onBadRecord(
              RecordPosition position, EventParseException.Code code, String reason) {}

          @Override
          public void onSkipped(RecordPosition position, String what) {}
        };
    assertThatThrownBy(
            () -> EventReader.create().read("in", new ByteArrayInputStream(gzip(many)), quitter))
        .hasMessage("output closed");
    awaitNoReadAheadThread();
  }

  private static void awaitNoReadAheadThread() throws InterruptedException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("margay-read-ahead")) {
        t.join(30_000);
        assertThat(t.isAlive()).as("a read-ahead thread still runs").isFalse();
      }
    }
  }
}
