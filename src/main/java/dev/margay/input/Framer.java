package dev.margay.input;

import dev.margay.event.EventParseException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Splits a byte stream into records structurally, before anything is parsed: it follows only
 * object/array depth and string state (and, at the top of a container, the commas between
 * elements), so a bad byte, escape, number or duplicate key inside a record is left for the parser
 * of that record and costs nothing else.
 *
 * <p>What it finds, whatever the mix, in any order: objects back to back, with or without newlines
 * (JSON Lines, Kinesis Firehose); top-level arrays, whose elements are the records; objects whose
 * first member is {@code "Records": [} (CloudTrail files) or {@code "Events": [} ({@code
 * lookup-events} output), streamed element by element, never held whole. Every other object is one
 * record; its top-level member names are noted ({@link Frame#hints}) so that envelopes and digests
 * can be recognized without parsing every record.
 *
 * <p>Recovery, so that one broken record costs only itself: a record that cannot be framed (a
 * bracket that closes the wrong thing, a line break inside a string) is reported with the byte
 * offset of the damage, and framing resumes at the next line that starts a record. In {@link
 * Mode#AUTO} a line starts a record when its first column holds anything but whitespace or a
 * closing bracket, and such a line also ends a record that is still open (reported as broken
 * there): compact records hold no line breaks and pretty-printed ones indent every inner line, so
 * that line can only be the next JSON Lines record after a broken one; it also ends a container
 * opened after other content on its line. (JSON formatted without indentation needs {@link
 * Mode#JSON}, where only lines starting with '{' or '[' count, and only after a break.) A top-level
 * array is a container when its first element is an object (or it is empty); otherwise it is one
 * record, rejected whole. Content after a record on its line, other than another record, makes the
 * record and the rest of the line one bad record. Scalars and garbage at the top are framed to the
 * end of their line and left to the parser to judge. A record over the size or depth limit is
 * skipped to its end without being kept or built. A record still open at the end of the input is
 * reported as truncated with its start offset; everything before it was delivered.
 *
 * <p>Reads with blocking {@code read} calls only (no seeking, no reliance on {@code available()}),
 * so pipes and FIFOs work. Buffers are never reused once a frame points into them. Not thread-safe.
 */
final class Framer {
  /** How records are looked for. */
  enum Mode {
    /** Everything above, with the first-column <code>{"</code> rule. */
    AUTO,
    /** Everything above, without the first-column rule (for JSON formatted without indentation). */
    JSON,
    /** Only top-level arrays are accepted; other top-level values are reported. */
    ARRAY,
    /**
     * Only CloudTrail {@code Records} documents are accepted; other top-level values are reported.
     */
    RECORDS,
    /** Exactly one record per line (JSON Lines forced): the parser judges each line as it is. */
    LINES
  }

  static final int BLOCK_BYTES = 128 * 1024;

  private static final int DONE = 0;
  private static final int EOF = 1;
  private static final int ERROR = 2;

  private static final int NONE = 0;
  private static final int ARRAY = 1;
  private static final int RECORDS = 2;
  private static final int EVENTS = 3;

  private final InputStream in;
  private final String source;
  private final Mode mode;
  private final int maxRecord;
  private final int maxDepth;
  private final Runnable beforeBlocking;
  private final boolean lineFastPath;
  private final boolean
      endStartsRecord; // the input is one line, and the line after it starts a record

  private byte[] buf = new byte[BLOCK_BYTES];
  private boolean framed; // a frame points into buf: it must never be written again
  private int pos;
  private int limit;
  private long base; // offset of buf[0] in the input
  private int keep; // first byte of buf still needed
  private long line = 1;
  private long lineStart; // offset of the current line's first byte

  // The record being scanned.
  private int recStart;
  private boolean inRecord; // recStart marks bytes being kept for a record
  private long recOffset;
  private long recLine;
  private int hints;
  private boolean oversize;
  private boolean tooDeep;
  private boolean expectName;
  private int nameStart = -1;
  private final byte[] stack;
  private String error;
  private int errorAt; // index in buf
  private boolean resumeAtError;

  // The open container, if any.
  private int container = NONE;
  private long containerLine;
  private long containerOffset;
  private long elementIndex;
  private boolean afterElement;
  private boolean containerMidLine; // opened after other content on its line

  private InputFormat format;

  // Where the current top-level value (a record, or a container whose elements are being framed)
  // starts: framing that restarts there reads what follows exactly as from the input's start.
  private long topOffset;
  private long topLine = 1;

  Framer(
      String source,
      InputStream in,
      Mode mode,
      int maxRecord,
      int maxDepth,
      Runnable beforeBlocking) {
    this(source, in, mode, maxRecord, maxDepth, beforeBlocking, true, false, 1, 0);
  }

  /**
   * {@code lineFastPath}: whether JSON Lines lines may be taken whole, unverified (see {@link
   * Frame#UNVERIFIED_LINE}); {@code endStartsRecord}: {@code in} is such a line, framed again by
   * the decoder, and the line after it starts a record; {@code firstLine} and {@code firstOffset}
   * place {@code in} inside the larger input.
   */
  Framer(
      String source,
      InputStream in,
      Mode mode,
      int maxRecord,
      int maxDepth,
      Runnable beforeBlocking,
      boolean lineFastPath,
      boolean endStartsRecord,
      long firstLine,
      long firstOffset) {
    this.lineFastPath = lineFastPath && mode == Mode.AUTO;
    this.endStartsRecord = endStartsRecord;
    this.line = firstLine;
    this.base = firstOffset;
    this.lineStart = firstOffset;
    this.source = source;
    this.in = in;
    this.mode = mode;
    this.maxRecord = maxRecord;
    this.maxDepth = maxDepth;
    this.stack = new byte[maxDepth + 2];
    this.beforeBlocking = beforeBlocking;
  }

  /** What the input turned out to hold first (JSON Lines for an empty input). */
  InputFormat format() {
    return format == null ? InputFormat.JSON_LINES : format;
  }

  private void noteFormat(InputFormat f) {
    if (format == null) {
      format = f;
    }
  }

  /**
   * Byte offset where the top-level value of the last frame starts (a record, or the container the
   * record is an element of): a {@link RecordReader} restart point.
   */
  long topOffset() {
    return topOffset;
  }

  /** The line of {@link #topOffset()}. */
  long topLine() {
    return topLine;
  }

  /**
   * Resuming at a restart point that is not at a line start: the offset where its line starts (the
   * first-column rule depends on it).
   */
  void resumeMidLine(long lineStartOffset) {
    this.lineStart = lineStartOffset;
  }

  /** The line being read (1-based). */
  long currentLine() {
    return line;
  }

  /** Bytes read so far. */
  long offset() {
    return base + pos;
  }

  /** The next record (maybe a bad one), or null at the end of the input. */
  Frame next() throws IOException {
    while (true) {
      if (container != NONE) {
        Frame f = containerStep();
        if (f != null) {
          return f;
        }
        continue;
      }
      keep = pos;
      int c = skipWhitespace();
      if (c < 0) {
        return null;
      }
      topOffset = offset();
      topLine = line;
      if (mode == Mode.LINES) {
        noteFormat(InputFormat.JSON_LINES);
        return line();
      }
      if (c == '{') {
        int kind = peekContainer();
        if (kind != NONE && mode != Mode.ARRAY) {
          open(kind);
          continue;
        }
        if (lineFastPath && atLineStart(pos)) {
          Frame f = wholeLine();
          if (f != null) {
            noteFormat(InputFormat.JSON_LINES);
            return f;
          }
        }
        Frame f = trailing(record(-1, null, 0));
        if (f.isBad()) {
          return f;
        }
        noteFormat(f.position.line() == line ? InputFormat.JSON_LINES : InputFormat.JSON);
        if (mode == Mode.ARRAY) {
          return notExpected(f);
        }
        if (mode == Mode.RECORDS) {
          // Not streamed (Records is not its first member, or not an array): the decoder checks it.
          return (f.hints & Frame.HAS_RECORDS) == 0
              ? notExpected(f)
              : new Frame(f.bytes, f.from, f.to, f.position, f.hints | Frame.RECORDS_REQUIRED);
        }
        return f;
      }
      if (c == '[') {
        if (mode == Mode.RECORDS) {
          return notExpected(record(-1, null, 0));
        }
        if (!arrayOfObjects()) {
          // [1,2,3] or [[...]]: one record, which the parser rejects as a whole (one bad JSON Lines
          // line).
          return trailing(record(-1, null, 0));
        }
        containerLine = line;
        containerOffset = offset();
        containerMidLine = containerOffset != lineStart;
        pos++;
        container = ARRAY;
        elementIndex = 0;
        afterElement = false;
        noteFormat(InputFormat.JSON_ARRAY);
        continue;
      }
      // A scalar or garbage: the rest of its line is one record, for the parser to judge and word.
      Frame f = line();
      return mode == Mode.ARRAY || mode == Mode.RECORDS ? notExpected(f) : f;
    }
  }

  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

  /**
   * Longer lines are framed byte by byte (CloudTrail records are at most 256 KB, most about 1 KB).
   */
  private static final int WHOLE_LINE_BYTES = 64 * 1024;

  /**
   * The line at {@code pos} (which starts with '{' in its first column) as an unverified record,
   * when it ends with '}' and is within the size limit; otherwise null, with nothing consumed. Only
   * newlines are looked for, eight bytes at a time: the parse verifies the rest (see {@link
   * Frame#UNVERIFIED_LINE}).
   */
  private Frame wholeLine() throws IOException {
    begin();
    int q = pos + 1;
    int end;
    while (true) {
      int nl = -1;
      byte[] b = buf;
      int lim = limit;
      while (q + 8 <= lim) {
        long v = (long) LONGS.get(b, q) ^ NEWLINES;
        long z = (v - ONES) & ~v & HIGHS;
        if (z != 0) {
          nl = q + (Long.numberOfTrailingZeros(z) >>> 3);
          break;
        }
        q += 8;
      }
      if (nl < 0) {
        while (q < lim && b[q] != '\n') {
          q++;
        }
        nl = q < lim ? q : -1;
      }
      if (nl >= 0) {
        end = nl;
        break;
      }
      if (limit - recStart > WHOLE_LINE_BYTES) {
        inRecord = false; // a long line: framing it costs no more than looking for its end
        return null;
      }
      int before = recStart;
      boolean got = more();
      q -= before - recStart;
      if (!got) {
        end = limit;
        break;
      }
    }
    inRecord = false;
    int last = end;
    while (last > recStart
        && (buf[last - 1] == ' ' || buf[last - 1] == '\r' || buf[last - 1] == '\t')) {
      last--;
    }
    if (buf[last - 1] != '}' || last - recStart > WHOLE_LINE_BYTES) {
      return null;
    }
    // Exactly what framing would give only if the next line starts a record (or there is none):
    // then a
    // record still open at this line's end would end here too. Not known yet: frame the line
    // properly.
    if (end < limit && (end + 1 >= limit || !startsRecordLine(buf[end + 1] & 0xff))) {
      return null;
    }
    RecordPosition at = new RecordPosition(source, recLine, -1, recOffset, null);
    framed = true;
    // With its newline: framed again on its own, the line must end as it does here.
    int to = end < limit ? end + 1 : end;
    Frame f = new Frame(buf, recStart, to, at, Frame.UNVERIFIED_LINE);
    if (end < limit) {
      newline(end);
    }
    pos = to;
    return f;
  }

  /**
   * At a top-level '[': whether it is a container of records: its first element is an object, it is
   * empty, or the '[' ends its line (a formatted array, whatever its first element holds).
   * Otherwise ({@code [1,2,3]} on a JSON Lines line) it is one record.
   */
  private boolean arrayOfObjects() throws IOException {
    int k = 1;
    int c;
    while ((c = peek(k)) == ' ' || c == '\n' || c == '\r' || c == '\t') {
      if (c == '\n') {
        return true;
      }
      if (++k > 4096) {
        return false;
      }
    }
    return c == '{' || c == ']';
  }

  /**
   * After a top-level record: anything but whitespace, a newline or the start of another record on
   * the same line makes the record and the rest of its line one bad record (trailing content on a
   * JSON Lines line), rather than a good record and a fragment.
   */
  private Frame trailing(Frame f) throws IOException {
    if (f.isBad()) {
      return f;
    }
    int k = 0;
    int c;
    while ((c = peek(k)) == ' ' || c == '\t' || c == '\r') {
      k++;
    }
    if (c < 0 || c == '\n' || c == '{' || c == '[') {
      return f;
    }
    pos += k;
    String found = describe(c);
    while (pos < limit || more()) {
      if (buf[pos] == '\n') {
        break;
      }
      pos++;
    }
    return new Frame(
        f.position,
        EventParseException.Code.TRAILING_CONTENT,
        "content after the JSON document on its line, " + "starting with " + found);
  }

  /**
   * Whether a line starting with {@code c} starts a new record while one is open (which then ends
   * there, broken), and where framing resumes after a broken record. In AUTO mode any line that
   * starts in its first column with something other than a closing bracket: compact records have no
   * line breaks and pretty-printed ones indent every inner line. Otherwise only lines starting with
   * '{' or '['.
   */
  private boolean startsRecordLine(int c) {
    if (mode == Mode.AUTO) {
      return c >= 0 && c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '}' && c != ']';
    }
    return c == '{' || c == '[';
  }

  private Frame notExpected(Frame f) {
    return f.isBad()
        ? f
        : new Frame(
            f.position,
            EventParseException.Code.NOT_OBJECT,
            mode == Mode.ARRAY
                ? "expected a JSON array of events"
                : "expected a CloudTrail file {\"Records\": [...]}");
  }

  // ---- containers

  private void open(int kind) throws IOException {
    containerLine = line;
    containerOffset = offset();
    containerMidLine = containerOffset != lineStart;
    // Consume up to and including the array's '[' (peekContainer checked the bytes).
    while (buf[pos] != '[') {
      if (buf[pos] == '\n') {
        newline(pos);
      }
      pos++;
    }
    pos++;
    container = kind;
    elementIndex = 0;
    afterElement = false;
    noteFormat(kind == RECORDS ? InputFormat.CLOUDTRAIL_RECORDS : InputFormat.JSON);
  }

  private String containerName() {
    return container == ARRAY
        ? "the JSON array"
        : container == RECORDS ? "the \"Records\" array" : "the \"Events\" array";
  }

  private RecordPosition containerPosition() {
    return new RecordPosition(source, containerLine, -1, containerOffset, null);
  }

  /** One step inside an open container: the next element, or null when the container closed. */
  private Frame containerStep() throws IOException {
    keep = pos;
    int c = skipWhitespace();
    // A container opened after other content on its line (Firehose-style) spans lines only with
    // indented ones: a line starting a record in its first column ends it, as it ends an open
    // record.
    // (A line framed again on its own ends where such a line starts.)
    if (containerMidLine
        && mode == Mode.AUTO
        && atLineStart(pos)
        && (c < 0 ? endStartsRecord && offset() > containerOffset : startsRecordLine(c))) {
      return broken(FIRST_COLUMN);
    }
    if (c < 0) {
      String what = containerName();
      container = NONE;
      return new Frame(
          containerPosition(),
          EventParseException.Code.TRUNCATED,
          "truncated: "
              + what
              + " starting at byte "
              + containerOffset
              + " is not closed at the end of the input (byte "
              + offset()
              + "); its "
              + elementIndex
              + " record(s) before were read");
    }
    if (c == ']' && (afterElement || elementIndex == 0)) {
      pos++;
      return close();
    }
    if (afterElement) {
      if (c == ',') {
        pos++;
        afterElement = false;
        return null;
      }
      return broken(
          "expected ',' or ']' after record " + (elementIndex - 1) + ", found " + describe(c));
    }
    if (c == ',' || c == ']' || c == '}') {
      return broken("expected a record, found " + describe(c));
    }
    long index = elementIndex++;
    afterElement = true;
    Frame f;
    if (c == '{' || c == '[') {
      boolean lookup = container == EVENTS;
      f = record(index, lookup ? "lookup-events" : null, lookup ? Frame.LOOKUP_ENTRY : 0);
      if (f.isBad() && container == NONE) {
        return f; // framing broke inside the element, and with it the container
      }
    } else {
      f = scalar(index);
    }
    return f;
  }

  private static final String FIRST_COLUMN =
      "a line starting in its first column before it was closed";

  /** Reports the open container as broken at the current byte and resynchronizes. */
  private Frame broken(String what) throws IOException {
    String name = containerName();
    RecordPosition at = containerPosition();
    long damage = offset();
    container = NONE;
    boolean here = pos < limit && atLineStart(pos) && startsRecordLine(buf[pos] & 0xff);
    if (!here) {
      skipToRecordLine();
    }
    return new Frame(
        at,
        EventParseException.Code.JSON_SYNTAX,
        "broken JSON: "
            + name
            + " starting at byte "
            + containerOffset
            + ": "
            + what
            + " at byte "
            + damage
            + "; its "
            + elementIndex
            + " record(s) before were read");
  }

  /**
   * The container's array closed: for a {@code Records}/{@code Events} object, reads the rest of
   * it.
   */
  private Frame close() throws IOException {
    if (container == ARRAY) {
      container = NONE;
      return null;
    }
    RecordPosition at = containerPosition();
    String name = containerName();
    begin();
    stack[1] = '{';
    int r = scan(1);
    inRecord = false;
    container = NONE;
    if (r == DONE) {
      return null;
    }
    return r == EOF
        ? new Frame(
            at,
            EventParseException.Code.TRUNCATED,
            "truncated: the object holding "
                + name
                + " is not closed at the end of the input (byte "
                + offset()
                + ")")
        : failed(at, "broken JSON after " + name + ": ");
  }

  /** A scalar element (a number, string, literal): framed to its end for the parser to reject. */
  private Frame scalar(long index) throws IOException {
    RecordPosition at = new RecordPosition(source, line, index, offset(), null);
    begin();
    boolean string = buf[pos] == '"';
    if (string) {
      pos++;
    }
    while (true) {
      if (pos >= limit && !more()) {
        break;
      }
      byte c = buf[pos];
      if (string) {
        if (c == '\\') {
          pos++;
          if (pos >= limit && !more()) {
            break;
          }
        } else if (c == '"') {
          pos++;
          break;
        } else if (c == '\n') {
          break;
        }
      } else if (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' || c == '\r'
          || c == '\t') {
        break;
      }
      pos++;
    }
    inRecord = false;
    if (oversize || pos - recStart > maxRecord) {
      return new Frame(
          at,
          EventParseException.Code.LIMIT,
          "record of "
              + (offset() - recOffset)
              + " bytes, over the limit of "
              + maxRecord
              + " (skipped, not read)");
    }
    return frame(at, 0);
  }

  // ---- records

  private void begin() {
    inRecord = true;
    recStart = pos;
    keep = pos;
    recOffset = offset();
    recLine = line;
    hints = 0;
    oversize = false;
    tooDeep = false;
    expectName = false;
    nameStart = -1;
    error = null;
  }

  /** Frames the object or array at {@code pos}. */
  private Frame record(long index, String envelope, int extraHints) throws IOException {
    begin();
    RecordPosition at = new RecordPosition(source, recLine, index, recOffset, envelope);
    int r = scan(0);
    inRecord = false;
    if (r == EOF) {
      if (container != NONE) {
        String name = containerName();
        container = NONE;
        return new Frame(
            at,
            EventParseException.Code.TRUNCATED,
            "truncated: the record starting at byte "
                + recOffset
                + " is not closed at the end of the input (byte "
                + offset()
                + "), nor is "
                + name
                + "; the records before"
                + " were read");
      }
      return new Frame(
          at,
          EventParseException.Code.TRUNCATED,
          "truncated: the record starting at byte "
              + recOffset
              + " is not closed at the end of the input (byte "
              + offset()
              + ")");
    }
    if (r == ERROR) {
      if (container != NONE) {
        container = NONE;
        return failed(at, "broken JSON (and with it " + containerNameOf(at) + "): ");
      }
      return failed(at, "broken JSON: ");
    }
    if (oversize || pos - recStart > maxRecord) {
      return new Frame(
          at,
          EventParseException.Code.LIMIT,
          "record of "
              + (offset() - recOffset)
              + " bytes, over the limit of "
              + maxRecord
              + " (skipped, not read)");
    }
    if (tooDeep) {
      return new Frame(
          at,
          EventParseException.Code.LIMIT,
          "record nested deeper than " + maxDepth + " levels (skipped, not read)");
    }
    return frame(at, hints | extraHints);
  }

  private Frame frame(RecordPosition at, int frameHints) {
    framed = true;
    return new Frame(buf, recStart, pos, at, frameHints);
  }

  private static String containerNameOf(RecordPosition at) {
    return at.index() >= 0 ? "its container" : "the input";
  }

  /** A bad frame for the error the scan stopped at; framing resumes after it. */
  private Frame failed(RecordPosition at, String prefix) throws IOException {
    long damage = base + errorAt;
    String what = error;
    pos = errorAt;
    if (!resumeAtError) {
      skipToRecordLine();
    }
    return new Frame(
        at,
        EventParseException.Code.JSON_SYNTAX,
        prefix + what + " at byte " + damage + " (the record starts at byte " + at.offset() + ")");
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /** Zero-byte flags of the eight bytes for '"', '\' and newline; the lowest flag is exact. */
  private static long specials(long v) {
    long q = v ^ 0x2222222222222222L;
    long s = v ^ 0x5C5C5C5C5C5C5C5CL;
    long n = v ^ 0x0A0A0A0A0A0A0A0AL;
    return (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((n - ONES) & ~n)) & HIGHS;
  }

  /**
   * Scans from {@code pos} until the depth, starting at {@code depth}, returns to zero after a
   * closing bracket: DONE with {@code pos} after it, EOF, or ERROR with {@link #error} at {@link
   * #errorAt}.
   */
  private int scan(int depth) throws IOException {
    byte[] b = buf;
    int p = pos;
    int lim = limit;
    boolean inString = false;
    boolean firstColumnRule = mode == Mode.AUTO;
    while (true) {
      if (p >= lim) {
        pos = p;
        if (!more()) {
          return EOF;
        }
        b = buf;
        p = pos;
        lim = limit;
        continue;
      }
      if (inString) {
        while (p + 8 <= lim) {
          long z = specials((long) LONGS.get(b, p));
          if (z != 0) {
            p += Long.numberOfTrailingZeros(z) >>> 3;
            break;
          }
          p += 8;
        }
        if (p >= lim) {
          continue;
        }
        byte c = b[p];
        if (c == '"') {
          inString = false;
          if (nameStart >= 0) {
            name(b, nameStart, p);
            nameStart = -1;
          }
          p++;
        } else if (c == '\\') {
          if (p + 1 >= lim) {
            pos = p;
            if (!more()) {
              return EOF;
            }
            b = buf;
            p = pos;
            lim = limit;
          }
          p += 2;
        } else if (c == '\n') {
          pos = p;
          return error(p, "a line break inside a string", false);
        } else {
          p++;
        }
        continue;
      }
      byte c = b[p];
      switch (c) {
        case '"':
          {
            // The whole string, here, while it lies in the buffer; the state above takes over at
            // its end.
            int start = p + 1;
            boolean isName = expectName;
            expectName = false;
            int q = start;
            while (true) {
              while (q + 8 <= lim) {
                long z = specials((long) LONGS.get(b, q));
                if (z != 0) {
                  q += Long.numberOfTrailingZeros(z) >>> 3;
                  break;
                }
                q += 8;
              }
              if (q >= lim) {
                break;
              }
              byte d = b[q];
              if (d == '"') {
                break;
              } else if (d == '\\') {
                if (q + 1 >= lim) {
                  break;
                }
                q += 2;
              } else if (d == '\n') {
                pos = q;
                return error(q, "a line break inside a string", false);
              } else {
                q++;
              }
            }
            if (q < lim && b[q] == '"') {
              if (isName) {
                name(b, start, q);
              }
              p = q + 1;
            } else {
              inString = true;
              nameStart = isName ? start : -1;
              p = q;
            }
            break;
          }
        case '{':
        case '[':
          depth++;
          if (depth < stack.length) {
            stack[depth] = c;
          }
          if (depth > maxDepth) {
            tooDeep = true;
          }
          expectName = c == '{' && depth == 1;
          p++;
          break;
        case '}':
        case ']':
          if (depth == 0) {
            pos = p;
            return error(p, "'" + (char) c + "' where a record should start", false);
          }
          if (depth < stack.length && stack[depth] != (c == '}' ? '{' : '[')) {
            pos = p;
            return error(
                p,
                "'" + (char) c + "' closing " + (stack[depth] == '{' ? "an object" : "an array"),
                false);
          }
          depth--;
          p++;
          if (depth == 0) {
            pos = p;
            return DONE;
          }
          break;
        case ',':
          expectName = depth == 1 && stack[1] == '{';
          p++;
          break;
        case '\n':
          newline(p);
          p++;
          if (firstColumnRule && depth > 0) {
            if (p >= lim) {
              pos = p;
              boolean got = more();
              b = buf;
              p = pos;
              lim = limit;
              if (!got) {
                // A line framed again on its own ends where the next line starts a record.
                return endStartsRecord
                    ? error(
                        p, "a line starting in its first column before the record was closed", true)
                    : EOF;
              }
            }
            if (startsRecordLine(b[p] & 0xff)) {
              pos = p;
              return error(
                  p, "a line starting in its first column before the record was closed", true);
            }
          }
          break;
        default:
          p++;
      }
    }
  }

  private int error(int at, String what, boolean resumeHere) {
    errorAt = at;
    error = what;
    resumeAtError = resumeHere;
    return ERROR;
  }

  private static final byte[] RECORDS_NAME =
      "Records".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] EVENTS_NAME =
      "Events".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] DETAIL_TYPE =
      "detail-type".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] MESSAGE_TYPE =
      "messageType".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] DIGEST_START =
      "digestStartTime".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Notes a top-level member name that marks an envelope or a digest. */
  private void name(byte[] b, int from, int to) {
    switch (to - from) {
      case 6 -> hints |= equal(b, from, EVENTS_NAME) ? Frame.HAS_EVENTS : 0;
      case 7 -> hints |= equal(b, from, RECORDS_NAME) ? Frame.HAS_RECORDS : 0;
      case 11 ->
          hints |=
              equal(b, from, DETAIL_TYPE)
                  ? Frame.HAS_DETAIL_TYPE
                  : equal(b, from, MESSAGE_TYPE) ? Frame.HAS_MESSAGE_TYPE : 0;
      case 15 -> hints |= equal(b, from, DIGEST_START) ? Frame.HAS_DIGEST_START : 0;
      default -> {}
    }
  }

  private static boolean equal(byte[] b, int from, byte[] name) {
    for (int i = 0; i < name.length; i++) {
      if (b[from + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * At a '{': whether its first member is {@code "Records": [} or {@code "Events": [} (then it is
   * streamed as a container). Looks ahead without consuming.
   */
  private int peekContainer() throws IOException {
    int k = 1;
    int c;
    int spaces = 0;
    while ((c = peek(k)) == ' ' || c == '\n' || c == '\r' || c == '\t') {
      k++;
      if (++spaces > 256) {
        return NONE;
      }
    }
    if (c != '"') {
      return NONE;
    }
    int kind;
    if (matches(k + 1, RECORDS_NAME)) {
      kind = RECORDS;
      k += RECORDS_NAME.length + 1;
    } else if (matches(k + 1, EVENTS_NAME)) {
      kind = EVENTS;
      k += EVENTS_NAME.length + 1;
    } else {
      return NONE;
    }
    if (peek(k++) != '"') {
      return NONE;
    }
    spaces = 0;
    while ((c = peek(k)) == ' ' || c == '\n' || c == '\r' || c == '\t') {
      k++;
      if (++spaces > 256) {
        return NONE;
      }
    }
    if (c != ':') {
      return NONE;
    }
    k++;
    spaces = 0;
    while ((c = peek(k)) == ' ' || c == '\n' || c == '\r' || c == '\t') {
      k++;
      if (++spaces > 256) {
        return NONE;
      }
    }
    return c == '[' ? kind : NONE;
  }

  private boolean matches(int k, byte[] name) throws IOException {
    for (int i = 0; i < name.length; i++) {
      if (peek(k + i) != name[i]) {
        return false;
      }
    }
    return true;
  }

  /** The byte {@code k} after {@code pos}, reading more if needed; -1 at the end of the input. */
  private int peek(int k) throws IOException {
    while (pos + k >= limit) {
      if (!more()) {
        return -1;
      }
    }
    return buf[pos + k] & 0xff;
  }

  // ---- lines (forced JSON Lines, and whatever is not an object or array at the top)

  /** The rest of the line at {@code pos} as one record, whatever it holds. */
  private Frame line() throws IOException {
    begin();
    RecordPosition at = new RecordPosition(source, recLine, -1, recOffset, null);
    while (true) {
      if (pos >= limit && !more()) {
        break;
      }
      if (buf[pos] == '\n') {
        break;
      }
      pos++;
    }
    inRecord = false;
    if (oversize || pos - recStart > maxRecord) {
      return new Frame(
          at,
          EventParseException.Code.LIMIT,
          "line of "
              + (offset() - recOffset)
              + " bytes, over the limit of "
              + maxRecord
              + " (skipped, not read)");
    }
    return frame(at, lineHints(buf, recStart, pos));
  }

  /** Envelope hints of one line, by a scan of its top-level member names. */
  private int lineHints(byte[] b, int from, int to) {
    int depth = 0;
    boolean inString = false;
    hints = 0;
    boolean name = false;
    int start = -1;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
          if (start >= 0) {
            name(b, start, i);
            start = -1;
          }
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          inString = true;
          start = name ? i + 1 : -1;
          name = false;
        }
        case '{', '[' -> {
          depth++;
          name = depth == 1 && c == '{';
        }
        case '}', ']' -> depth--;
        case ',' -> name = depth == 1;
        default -> {}
      }
    }
    return hints;
  }

  // ---- reading

  private boolean atLineStart(int index) {
    return base + index == lineStart;
  }

  private void newline(int index) {
    line++;
    lineStart = base + index + 1;
  }

  /** Skips whitespace (and a byte-order mark at the start); the next byte, or -1 at the end. */
  private int skipWhitespace() throws IOException {
    while (true) {
      if (pos >= limit) {
        keep = pos;
        if (!more()) {
          return -1;
        }
      }
      byte c = buf[pos];
      if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
      } else if (c == '\n') {
        newline(pos);
        pos++;
      } else if (c == (byte) 0xEF && offset() == 0 && peek(1) == 0xBB && peek(2) == 0xBF) {
        pos += 3;
        lineStart = 3;
      } else {
        return c & 0xff;
      }
    }
  }

  /**
   * Skips to the next line that starts with '{' or '[' (in JSON Lines mode: the next line), or to
   * the end; the bytes skipped belong to the record just reported.
   */
  private void skipToRecordLine() throws IOException {
    boolean anyLine = mode == Mode.LINES;
    while (true) {
      if (pos >= limit) {
        keep = pos;
        if (!more()) {
          return;
        }
      }
      if (buf[pos] == '\n') {
        newline(pos);
        pos++;
        int next = peek(0);
        if (next < 0 || anyLine || startsRecordLine(next)) {
          return;
        }
      } else {
        pos++;
      }
    }
  }

  /**
   * Reads more bytes after {@code limit}, keeping {@code buf[keep, limit)}; false at the end of the
   * input. A full buffer is replaced, never overwritten (frames point into it), by one that holds
   * the kept bytes; a record over the size limit stops being kept.
   */
  private boolean more() throws IOException {
    if (limit == buf.length) {
      if (inRecord && !oversize && limit - recStart > maxRecord) {
        oversize = true;
      }
      if (oversize) {
        keep = Math.max(keep, pos);
      }
      int kept = limit - keep;
      if (kept == 0 && !framed) {
        // Nothing to keep and no frame points here (skipping an oversized record): reuse the
        // buffer.
        base += limit;
        pos -= limit;
        recStart -= limit;
        errorAt -= limit;
        nameStart = -1;
        keep = 0;
        limit = 0;
      } else {
        byte[] next =
            new byte
                [kept <= BLOCK_BYTES / 2
                    ? BLOCK_BYTES
                    : Math.max(
                        kept + BLOCK_BYTES / 2, Math.min(2 * kept, maxRecord + BLOCK_BYTES))];
        System.arraycopy(buf, keep, next, 0, kept);
        int shift = keep;
        buf = next;
        framed = false;
        base += shift;
        pos -= shift;
        limit -= shift;
        recStart -= shift;
        errorAt -= shift;
        if (nameStart >= 0) {
          nameStart = nameStart >= shift ? nameStart - shift : -1;
        }
        keep = 0;
      }
    }
    if (beforeBlocking != null) {
      int available;
      try {
        available = in.available();
      } catch (IOException e) {
        available =
            0; // some streams (a pipe opened as a channel) cannot tell; only latency depends on it
      }
      if (available <= 0) {
        beforeBlocking.run();
      }
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      return false;
    }
    limit += n;
    return true;
  }

  private static String describe(int c) {
    if (c >= 0x21 && c < 0x7f) {
      return "'" + (char) c + "'";
    }
    return String.format(java.util.Locale.ROOT, "byte 0x%02x", c);
  }
}
