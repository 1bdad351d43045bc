package dev.margay.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decompression on a thread of its own hands over the same bytes, and a failure after all bytes before it. */
class ReadAheadTest {
  private static byte[] data(int n) {
    byte[] b = new byte[n];
    new Random(7).nextBytes(b);
    return b;
  }

  @Test
  void handsOverEveryByteInOrder() throws IOException {
    byte[] data = data(1_000_003);
    try (ReadAhead in = new ReadAhead(new ByteArrayInputStream(data), "t")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[7_777];
      out.write(in.read()); // single bytes and blocks mixed
      int n;
      while ((n = in.read(buf, 0, buf.length)) > 0) {
        out.write(buf, 0, n);
      }
      assertThat(n).isEqualTo(-1);
      assertThat(in.read()).isEqualTo(-1);
      assertThat(out.toByteArray()).isEqualTo(data);
    }
  }

  @Test
  void failureOfTheSource_comesAfterEveryByteReadBeforeIt() throws IOException {
    byte[] data = data(300_000);
    InputStream failing = new InputStream() {
      private final ByteArrayInputStream inner = new ByteArrayInputStream(data);

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = inner.read(b, off, Math.min(len, 50_000));
        if (n < 0) {
          throw new java.util.zip.ZipException("corrupt");
        }
        return n;
      }
    };
    try (ReadAhead in = new ReadAhead(failing, "t")) {
      byte[] got = new byte[data.length];
      int total = 0;
      while (total < got.length) {
        total += in.read(got, total, got.length - total);
      }
      assertThat(got).isEqualTo(data);
      assertThatThrownBy(in::read).isInstanceOf(java.util.zip.ZipException.class).hasMessage("corrupt");
      assertThat(in.read()).isEqualTo(-1);
    }
  }
}
