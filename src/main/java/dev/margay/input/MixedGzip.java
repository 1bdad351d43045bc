package dev.margay.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * An input of gzip members and plain data in any order ({@code cat} of a bucket's {@code .json.gz}
 * and {@code .json} files), as one stream of plain bytes: gzip's magic bytes {@code 1f 8b} start a
 * member, which is decoded to its end; whatever follows a member is looked at again (another
 * member, or plain data). The switch needs no record boundary: {@code 0x1f} can never appear in
 * valid JSON text (a control character, escaped inside strings), so plain JSON cannot hold the
 * magic bytes.
 *
 * <p>Reads with blocking {@code read} calls only: whether another member follows never depends on
 * {@code available()} (which on a slow pipe says nothing). A member cut short (the input ends
 * inside it) ends this stream, and {@link #truncatedAt()} says so; a corrupt member is a {@link
 * ZipException}. Decompressed bytes are capped in total and as a ratio to compressed bytes (a gzip
 * bomb is a {@link LimitedInputStream.LimitExceeded}). One reading thread ({@link ReadAhead}'s);
 * {@link #truncatedAt()} and {@link #sawGzip()} may be read from another.
 */
final class MixedGzip extends InputStream {
  private static final int ID1 = 0x1f;
  private static final int ID2 = 0x8b;
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  /** Decompressed bytes allowed before the ratio applies. */
  private static final long RATIO_ALLOWANCE = 16L * 1024 * 1024;

  private final InputStream in;
  private final long maxDecompressed;
  private final long ratio;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int lim;
  private boolean end; // the input below has ended

  private Inflater inflater; // non-null inside a member
  private final CRC32 crc = new CRC32();
  private long memberOut;
  private long compressedIn; // bytes of gzip members consumed
  private long decompressedOut; // bytes produced from gzip members
  private long produced; // bytes handed out, plain and decompressed
  // Volatile: read by EventReader's thread while ReadAhead's thread reads this stream.
  private volatile long truncatedAt = -1;
  private volatile boolean sawGzip;

  MixedGzip(InputStream in, long maxDecompressed, long ratio) {
    this.in = in;
    this.maxDecompressed = maxDecompressed;
    this.ratio = ratio;
  }

  /**
   * The decompressed offset where the input ended inside a gzip member (its header, data or
   * trailer), or -1 when it did not.
   */
  long truncatedAt() {
    return truncatedAt;
  }

  /** Whether any gzip member was seen. */
  boolean sawGzip() {
    return sawGzip;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    while ((n = read(one, 0, 1)) == 0) {
      // a plain or member read returns at least one byte unless at the end
    }
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (truncatedAt >= 0) {
        return -1;
      }
      if (inflater != null) {
        int n = inflate(b, off, len);
        if (n != 0) {
          return n;
        }
        continue; // the member ended (or was cut short): look at what follows
      }
      if (!fill(1)) {
        return -1;
      }
      if ((buf[pos] & 0xff) == ID1) {
        if (!fill(2)) {
          return plain(b, off, 1); // a lone last byte: plain (the framer reports it)
        }
        if ((buf[pos + 1] & 0xff) == ID2) {
          startMember();
          continue;
        }
        return plain(b, off, 1);
      }
      int n = Math.min(len, lim - pos);
      for (int i = 1; i < n; i++) {
        if ((buf[pos + i] & 0xff) == ID1) {
          n = i;
          break;
        }
      }
      return plain(b, off, n);
    }
  }

  private int plain(byte[] b, int off, int n) {
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    produced += n;
    return n;
  }

  @Override
  public int available() throws IOException {
    if (truncatedAt >= 0) {
      return 0;
    }
    return lim > pos ? 1 : (end ? 0 : in.available());
  }

  /** Reads a member's header (RFC 1952), with the magic bytes at {@code pos}. */
  private void startMember() throws IOException {
    sawGzip = true;
    long start = produced;
    int[] header = new int[10];
    for (int i = 0; i < 10; i++) {
      header[i] = headerByte();
      if (header[i] < 0) {
        truncatedAt = start;
        return;
      }
    }
    if (header[2] != 8) {
      throw new ZipException("unsupported compression method " + header[2] + " in a gzip header");
    }
    int flags = header[3];
    if ((flags & FEXTRA) != 0) {
      int lo = headerByte();
      int hi = headerByte();
      if (hi < 0 || !skipHeader((hi << 8) | lo)) {
        truncatedAt = start;
        return;
      }
    }
    for (int flag : new int[] {FNAME, FCOMMENT}) {
      if ((flags & flag) != 0) {
        int c;
        while ((c = headerByte()) > 0) {
          // a zero-terminated name or comment
        }
        if (c < 0) {
          truncatedAt = start;
          return;
        }
      }
    }
    if ((flags & FHCRC) != 0 && !skipHeader(2)) {
      truncatedAt = start;
      return;
    }
    inflater = new Inflater(true);
    crc.reset();
    memberOut = 0;
  }

  private int headerByte() throws IOException {
    if (!fill(1)) {
      return -1;
    }
    compressedIn++;
    return buf[pos++] & 0xff;
  }

  private boolean skipHeader(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      if (headerByte() < 0) {
        return false;
      }
    }
    return true;
  }

  /** Decompressed bytes of the current member; 0 when it ended here (or was cut short). */
  private int inflate(byte[] b, int off, int len) throws IOException {
    try {
      while (true) {
        int n = inflater.inflate(b, off, len);
        if (n > 0) {
          crc.update(b, off, n);
          memberOut += n;
          decompressedOut += n;
          produced += n;
          long allowed = Math.min(maxDecompressed, RATIO_ALLOWANCE + ratio * compressedIn);
          if (decompressedOut > allowed) {
            throw new LimitedInputStream.LimitExceeded(
                "decompressed data exceeds " + allowed + " bytes (gzip bomb?); not read further");
          }
          return n;
        }
        if (inflater.finished()) {
          int remaining = inflater.getRemaining();
          compressedIn -= remaining;
          pos = lim - remaining;
          inflater.end();
          inflater = null;
          endMember();
          return 0;
        }
        if (inflater.needsDictionary()) {
          throw new ZipException("a gzip member needs a preset dictionary");
        }
        if (inflater.needsInput()) {
          if (!fill(1)) {
            inflater.end();
            inflater = null;
            truncatedAt = produced;
            return 0;
          }
          inflater.setInput(buf, pos, lim - pos);
          compressedIn += lim - pos;
          pos = lim;
        }
      }
    } catch (DataFormatException e) {
      throw new ZipException(e.getMessage() == null ? "invalid deflate data" : e.getMessage());
    }
  }

  /** Reads and checks a member's trailer: CRC-32 and size (modulo 2^32) of its data. */
  private void endMember() throws IOException {
    long[] trailer = new long[8];
    for (int i = 0; i < 8; i++) {
      trailer[i] = headerByte();
      if (trailer[i] < 0) {
        truncatedAt = produced;
        return;
      }
    }
    long storedCrc = trailer[0] | trailer[1] << 8 | trailer[2] << 16 | trailer[3] << 24;
    long storedSize = trailer[4] | trailer[5] << 8 | trailer[6] << 16 | trailer[7] << 24;
    if (storedCrc != crc.getValue()) {
      throw new ZipException("a gzip member's CRC does not match its data (corrupt data)");
    }
    if (storedSize != (memberOut & 0xffffffffL)) {
      throw new ZipException("a gzip member's size does not match its data (corrupt data)");
    }
  }

  /**
   * At least {@code n} (1 or 2) unread bytes in {@code buf}, reading (blocking) as needed; false at
   * the end. Unread bytes are moved to the front first.
   */
  private boolean fill(int n) throws IOException {
    while (lim - pos < n) {
      if (end) {
        return false;
      }
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        pos = 0;
      }
      int r = in.read(buf, lim, buf.length - lim);
      if (r < 0) {
        end = true;
      } else {
        lim += r;
      }
    }
    return true;
  }

  @Override
  public void close() {
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
  }
}
