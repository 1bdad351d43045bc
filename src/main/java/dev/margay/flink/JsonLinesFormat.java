package dev.margay.flink;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;

/**
 * A {@code FileSource} format for JSON Lines: one {@code byte[]} per non-blank line (without its
 * line end), as Margay's CLI reads JSON Lines. Gzip files ({@code .gz}) are decompressed by the
 * source. Lines longer than {@link #MAX_LINE} bytes are passed on cut at that length (the detect
 * function reports them as bad events) and the rest of the line is skipped, so one huge line cannot
 * exhaust memory. Not splittable: a file is one split; the reader checkpoints its position as the
 * source's record count (a restore reads the file again from its start).
 *
 * <p>Kept for jobs that use it; {@link EventFileFormat} reads every format {@code scan} reads
 * (CloudTrail {@code Records} files, envelopes, gzip by content), reports records that cannot be
 * framed with their file position, and restores from a byte offset.
 */
public final class JsonLinesFormat extends SimpleStreamFormat<byte[]> {
  private static final long serialVersionUID = 1L;

  /** Longest line passed on whole, in bytes (Margay's event size limit). */
  public static final int MAX_LINE = 16 * 1024 * 1024;

  @Override
  public StreamFormat.Reader<byte[]> createReader(
      Configuration config, org.apache.flink.core.fs.FSDataInputStream stream) throws IOException {
    return new Reader(stream);
  }

  @Override
  public TypeInformation<byte[]> getProducedType() {
    return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
  }

  private static final class Reader implements StreamFormat.Reader<byte[]> {
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private byte[] line = new byte[1024];

    Reader(InputStream in) {
      this.in = in;
    }

    @Override
    public byte[] read() throws IOException {
      while (true) {
        int n = 0;
        boolean any = false;
        boolean cut = false;
        while (true) {
          if (pos == limit) {
            limit = in.read(buf, 0, buf.length);
            pos = 0;
            if (limit <= 0) {
              limit = 0;
              if (!any) {
                return null;
              }
              break;
            }
          }
          any = true;
          byte b = buf[pos++];
          if (b == '\n') {
            break;
          }
          if (n == MAX_LINE) {
            cut = true;
            continue;
          }
          if (n == line.length) {
            line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
          }
          line[n++] = b;
        }
        int end = n > 0 && line[n - 1] == '\r' && !cut ? n - 1 : n;
        if (!blank(line, end)) {
          return Arrays.copyOf(line, end);
        }
      }
    }

    private static boolean blank(byte[] b, int n) {
      for (int i = 0; i < n; i++) {
        if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
          return false;
        }
      }
      return true;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
