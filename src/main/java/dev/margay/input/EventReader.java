package dev.margay.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import dev.margay.event.EventParser;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads the events of one input (a file or a stream), detecting its format unless one is forced:
 * gzip by its magic bytes, then a JSON array ({@code [}), a CloudTrail {@code {"Records": [...]}} file,
 * JSON Lines, or JSON objects spread over lines. Arrays and {@code Records} are streamed record by
 * record, never held whole in memory. A bad record is reported to the handler with its position and
 * reading goes on; only an unreadable input (corrupt gzip, a gzip bomb, JSON broken beyond recovery)
 * ends it, with an {@link InputException}. Immutable and thread-safe; each {@link #read} call is
 * independent.
 */
public final class EventReader {
  /** Decompressed bytes allowed from one gzip input. */
  public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 4L * 1024 * 1024 * 1024;
  /** Decompressed bytes allowed per compressed byte (beyond the first 16 MB): real JSON compresses ~10:1. */
  public static final long MAX_COMPRESSION_RATIO = 200;
  /** Longest JSON Lines line, and largest record in a stream (the event document limit). */
  public static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

  private static final int PEEK_BYTES = 1024 * 1024;
  private static final Pattern RECORDS_START = Pattern.compile("^\\{\\s*\"Records\"\\s*:\\s*\\[");

  private final EventParser parser;
  private final InputFormat forcedFormat;
  private final long maxDecompressedBytes;
  private final dev.margay.event.Projection projection; // null: whole events

  private EventReader(EventParser parser, InputFormat forcedFormat, long maxDecompressedBytes,
      dev.margay.event.Projection projection) {
    this.parser = parser;
    this.forcedFormat = forcedFormat;
    this.maxDecompressedBytes = maxDecompressedBytes;
    this.projection = projection;
  }

  /** Detects formats, parses with {@link EventParser#defaults()}. */
  public static EventReader create() {
    return new EventReader(EventParser.defaults(), null, DEFAULT_MAX_DECOMPRESSED_BYTES, null);
  }

  /** The parser events are read with. */
  public EventParser parser() {
    return parser;
  }

  /** This reader, always reading {@code format} (null: detect per input). */
  public EventReader withFormat(InputFormat format) {
    return new EventReader(parser, format, maxDecompressedBytes, projection);
  }

  /** This reader, parsing events with {@code eventParser}. */
  public EventReader withParser(EventParser eventParser) {
    return new EventReader(Objects.requireNonNull(eventParser), forcedFormat, maxDecompressedBytes, projection);
  }

  /** This reader, with another cap on decompressed gzip data. */
  public EventReader withMaxDecompressedBytes(long max) {
    return new EventReader(parser, forcedFormat, max, projection);
  }

  /**
   * This reader, parsing JSON Lines events with a projection (see {@link EventParser#parse(byte[], int,
   * int, dev.margay.event.Projection)}), e.g. {@code RuleEngine.projection()}; null for whole events.
   * Arrays and Records files are always read whole.
   */
  public EventReader withProjection(dev.margay.event.Projection keep) {
    return new EventReader(parser, forcedFormat, maxDecompressedBytes, keep);
  }

  /** The projection JSON Lines events are parsed with, or null. */
  public dev.margay.event.Projection projection() {
    return projection;
  }

  /**
   * Reads every record of {@code in} (not closed here), in order, into {@code handler}.
   *
   * @param source the input's name in positions
   * @return the format that was read
   * @throws InputException when the input cannot be read (further)
   */
  public InputFormat read(String source, InputStream in, RecordHandler handler) throws InputException {
    try {
      BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
      InputStream data = buffered;
      buffered.mark(2);
      int b0 = buffered.read();
      int b1 = buffered.read();
      buffered.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        LimitedInputStream compressed = new LimitedInputStream(buffered, Long.MAX_VALUE, () -> Long.MAX_VALUE);
        GZIPInputStream gunzip = new GZIPInputStream(compressed, 64 * 1024);
        // Unbuffered on purpose: GZIPInputStream hands out what it inflated before it fails on damaged
        // data, and a buffer on top would drop those bytes along with the exception.
        data = new LimitedInputStream(gunzip, maxDecompressedBytes,
            () -> 16L * 1024 * 1024 + MAX_COMPRESSION_RATIO * compressed.count());
      }
      // Peek at the start to detect the format. A read error there (a truncated gzip) is replayed after
      // the peeked bytes, so the records before the damage are still read and reported.
      byte[] peek = new byte[PEEK_BYTES];
      int peeked = 0;
      IOException peekError = null;
      try {
        int n;
        while (peeked < PEEK_BYTES && (n = data.read(peek, peeked, PEEK_BYTES - peeked)) > 0) {
          peeked += n;
        }
      } catch (IOException e) {
        peekError = e;
      }
      boolean complete = peekError == null && peeked < PEEK_BYTES;
      InputFormat format = forcedFormat != null ? forcedFormat : detect(peek, peeked, complete);
      InputStream rest = peekError != null ? failing(peekError) : data;
      data = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(peek, 0, peeked), rest);
      switch (format) {
        case JSON_LINES:
          readLines(source, data, handler);
          break;
        default:
          readStream(source, data, format, handler);
      }
      return format;
    } catch (InputException e) {
      throw e;
    } catch (IOException e) {
      throw translate(source, e);
    }
  }

  private static InputException translate(String source, IOException e) {
    if (e instanceof LimitedInputStream.LimitExceeded) {
      return new InputException(InputException.Code.GZIP_BOMB, source + ": " + e.getMessage(), e);
    }
    if (e instanceof java.util.zip.ZipException) {
      return new InputException(InputException.Code.CORRUPT_GZIP, source + ": corrupt gzip data: " + e.getMessage(), e);
    }
    if (e instanceof java.io.EOFException) {
      return new InputException(InputException.Code.TRUNCATED, source + ": truncated input (" + e.getMessage() + ")", e);
    }
    return new InputException(InputException.Code.UNREADABLE, source + ": "
        + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
  }

  /** A stream that fails with {@code error} on the first read. */
  private static InputStream failing(IOException error) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        throw error;
      }
    };
  }

  private InputFormat detect(byte[] peek, int length, boolean complete) {
    String text = new String(peek, 0, length, StandardCharsets.UTF_8);
    int start = 0;
    if (text.startsWith("\uFEFF")) {
      start = 1;
    }
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    if (start == text.length()) {
      return InputFormat.JSON_LINES;
    }
    char first = text.charAt(start);
    if (first == '[') {
      return InputFormat.JSON_ARRAY;
    }
    if (first != '{') {
      return InputFormat.JSON_LINES;
    }
    if (RECORDS_START.matcher(text.substring(start, Math.min(text.length(), start + 200))).find()) {
      return InputFormat.CLOUDTRAIL_RECORDS;
    }
    String[] lines = text.substring(start).split("\n", -1);
    if (lines.length == 1 && complete) {
      return InputFormat.JSON_LINES;
    }
    if (lines[0].trim().endsWith("}")) {
      return InputFormat.JSON_LINES;
    }
    // A broken first line of JSON Lines, or the first line of a pretty-printed object? Any other line
    // that is a whole object on its own settles it for JSON Lines.
    int checked = 0;
    for (int i = 1; i < lines.length - 1 && checked < 20; i++) {
      String line = lines[i].trim();
      if (line.isEmpty()) {
        continue;
      }
      checked++;
      if (line.startsWith("{") && line.endsWith("}")) {
        try {
          parser.parse(line);
          return InputFormat.JSON_LINES;
        } catch (EventParseException e) {
          // not an event line; keep looking
        }
      }
    }
    return InputFormat.JSON;
  }

  /** JSON Lines are read in blocks of whole lines of about this size (longer lines get a larger block). */
  static final int BLOCK_BYTES = 128 * 1024;

  /**
   * Reads JSON Lines in blocks of whole lines: a {@link LineHandler} gets each block (to parse on other
   * threads, say); any other handler gets the records parsed here, straight from the block. Complete
   * lines are delivered when the block is full or the input has nothing more available right now (so a
   * slow stream's records are not held back). A line longer than {@link #MAX_RECORD_BYTES} is reported
   * and skipped. On a read error the complete lines already read are delivered first.
   */
  private void readLines(String source, InputStream in, RecordHandler handler) throws IOException {
    LineHandler blocks = handler instanceof LineHandler h ? h : null;
    byte[] buf = new byte[BLOCK_BYTES];
    int length = 0; // bytes in buf
    long firstLine = 1; // the number of the line buf starts with
    boolean skipping = false; // discarding the rest of a line that is too long
    while (true) {
      int n;
      boolean idle;
      try {
        n = in.read(buf, length, buf.length - length);
        idle = n >= 0 && length + n < buf.length && in.available() == 0;
      } catch (IOException e) {
        int cut = skipping ? -1 : lastNewline(buf, length);
        if (cut >= 0) {
          deliver(source, firstLine, buf, cut + 1, blocks, handler);
        }
        throw e;
      }
      if (n < 0) {
        if (length > 0 && !skipping) {
          deliver(source, firstLine, buf, length, blocks, handler);
        }
        return;
      }
      length += n;
      if (skipping) {
        int nl = indexOf(buf, 0, length, (byte) '\n');
        if (nl < 0) {
          length = 0;
          continue;
        }
        skipping = false;
        firstLine++;
        length -= nl + 1;
        System.arraycopy(buf, nl + 1, buf, 0, length);
      }
      if (length < buf.length && !idle) {
        continue;
      }
      int cut = lastNewline(buf, length);
      if (cut >= 0) {
        int rest = length - cut - 1;
        long lines = countNewlines(buf, cut + 1);
        if (blocks != null) {
          // The block goes to the handler; the partial line after it starts the next buffer.
          byte[] next = new byte[Math.max(BLOCK_BYTES, rest + BLOCK_BYTES / 2)];
          System.arraycopy(buf, cut + 1, next, 0, rest);
          deliver(source, firstLine, buf, cut + 1, blocks, handler);
          buf = next;
        } else {
          deliver(source, firstLine, buf, cut + 1, null, handler);
          System.arraycopy(buf, cut + 1, buf, 0, rest);
        }
        firstLine += lines;
        length = rest;
      } else if (length == buf.length) {
        if (buf.length <= MAX_RECORD_BYTES) {
          buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_RECORD_BYTES + 1));
        } else {
          // MAX_RECORD_BYTES + 1 bytes without a newline: the line is too long; skip to its end.
          handler.onBadRecord(new RecordPosition(source, firstLine, -1), EventParseException.Code.LIMIT,
              "line longer than " + MAX_RECORD_BYTES + " bytes");
          skipping = true;
          length = 0;
          buf = new byte[BLOCK_BYTES];
        }
      }
    }
  }

  private void deliver(String source, long firstLine, byte[] block, int length, LineHandler blocks,
      RecordHandler handler) {
    if (blocks != null) {
      blocks.onLines(source, firstLine, block, length);
    } else {
      parseLines(parser, projection, source, firstLine, block, length, handler);
    }
  }

  private static int lastNewline(byte[] buf, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] buf, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

  /** Newlines in {@code buf[0, length)}, eight bytes at a time (the reading thread's main cost per block). */
  static long countNewlines(byte[] buf, int length) {
    long count = 0;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      long v = (long) LONGS.get(buf, i) ^ NEWLINES; // newline bytes become zero
      // Exactly the zero bytes get their high bit set (no borrow between bytes).
      long zeros = ~(((v & LOW7) + LOW7) | v | LOW7);
      count += Long.bitCount(zeros);
    }
    for (; i < length; i++) {
      if (buf[i] == '\n') {
        count++;
      }
    }
    return count;
  }

  /**
   * A handler that parses JSON Lines itself (on other threads, say): it gets blocks of whole lines and
   * hands each to {@link #parseLines} when it wants the records. Records of other formats, and lines
   * too long to be read, still come through {@link RecordHandler}, in input order with the blocks.
   */
  public interface LineHandler extends RecordHandler {
    /**
     * Whole lines of JSON Lines input, {@code block[0, length)} (the last may lack its newline at the end
     * of the input); the first is line {@code firstLine} of {@code source}. The array is the handler's.
     */
    void onLines(String source, long firstLine, byte[] block, int length);
  }

  /**
   * Parses a block of JSON Lines lines into the handler, in order: each non-blank line's event, or a
   * bad record with its line, the reason and the column. A byte-order mark is skipped on line 1.
   */
  public static void parseLines(EventParser parser, dev.margay.event.Projection projection, String source,
      long firstLine, byte[] block, int length, RecordHandler handler) {
    long lineNumber = firstLine;
    int start = 0;
    while (start < length) {
      int end = indexOf(block, start, length, (byte) '\n');
      if (end < 0) {
        end = length;
      }
      int from = start;
      if (lineNumber == 1 && end - from >= 3 && (block[from] & 0xff) == 0xef && (block[from + 1] & 0xff) == 0xbb
          && (block[from + 2] & 0xff) == 0xbf) {
        from += 3;
      }
      if (!isBlank(block, from, end)) {
        parseLine(parser, projection, block, from, end - from, new RecordPosition(source, lineNumber, -1), handler);
      }
      lineNumber++;
      start = end + 1;
    }
  }

  /** Parses one JSON Lines line into the handler: its event, or a bad record with the reason and column. */
  static void parseLine(EventParser parser, dev.margay.event.Projection projection, byte[] line, int offset,
      int length, RecordPosition position, RecordHandler handler) {
    Event event;
    try {
      event = projection == null ? parser.parse(line, offset, length) : parser.parse(line, offset, length, projection);
    } catch (EventParseException e) {
      handler.onBadRecord(position, e.code(), e.reason() + (e.column() > 0 ? " (column " + e.column() + ")" : ""));
      return;
    }
    handler.onEvent(event, position);
  }

  private static boolean isBlank(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  private void readStream(String source, InputStream in, InputFormat format, RecordHandler handler) throws IOException {
    try (JsonParser p = parser.streamingParser(in)) {
      JsonToken token = p.nextToken();
      if (token == null) {
        return;
      }
      if (format == InputFormat.JSON_ARRAY) {
        if (token != JsonToken.START_ARRAY) {
          throw new InputException(InputException.Code.BROKEN_JSON, source + ": expected a JSON array of events, found "
              + token.asString(), null);
        }
        readArray(source, p, handler);
        expectEnd(source, p);
      } else if (format == InputFormat.CLOUDTRAIL_RECORDS) {
        readRecordsObject(source, p, handler);
        expectEnd(source, p);
      } else {
        long index = 0;
        while (token != null) {
          if (token == JsonToken.START_ARRAY) {
            readArray(source, p, handler);
          } else {
            readElement(source, p, index++, handler, false);
          }
          token = nextToken(source, p);
        }
      }
    } catch (JsonProcessingException e) {
      throw brokenJson(source, e);
    }
  }

  private void readRecordsObject(String source, JsonParser p, RecordHandler handler) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new InputException(InputException.Code.NOT_CLOUDTRAIL, source + ": expected a CloudTrail file {\"Records\": [...]}", null);
    }
    boolean found = false;
    while (nextToken(source, p) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = nextToken(source, p);
      if (name.equals("Records") && value == JsonToken.START_ARRAY) {
        found = true;
        readArray(source, p, handler);
      } else {
        p.skipChildren();
      }
    }
    if (!found) {
      throw new InputException(InputException.Code.NOT_CLOUDTRAIL, source + ": no \"Records\" array in this CloudTrail file", null);
    }
  }

  /** Reads array elements until the array's end; the parser is on START_ARRAY. */
  private void readArray(String source, JsonParser p, RecordHandler handler) throws IOException {
    long index = 0;
    while (nextToken(source, p) != JsonToken.END_ARRAY) {
      if (p.currentToken() == null) {
        throw new InputException(InputException.Code.TRUNCATED, source + ": truncated JSON: the array of events is not closed", null);
      }
      readElement(source, p, index++, handler, true);
    }
  }

  /** Reads one record; the parser is on its first token. */
  private void readElement(String source, JsonParser p, long index, RecordHandler handler, boolean inArray)
      throws IOException {
    JsonLocation start = p.currentTokenLocation();
    RecordPosition position = new RecordPosition(source, start.getLineNr(), index);
    if (p.currentToken() != JsonToken.START_OBJECT) {
      String found = p.currentToken().isScalarValue() ? "a " + describeToken(p.currentToken()) : "an array";
      p.skipChildren();
      handler.onBadRecord(position, EventParseException.Code.NOT_OBJECT, "expected an event (a JSON object), found " + found);
      return;
    }
    int depth = p.getParsingContext().getNestingDepth();
    JsonNode tree;
    try {
      tree = p.readValueAsTree();
    } catch (JsonProcessingException e) {
      EventParseException translated = EventParser.translate(e);
      if (translated.code() != EventParseException.Code.DUPLICATE_KEY) {
        throw brokenJson(source, e);
      }
      // The JSON is well-formed, only this record is rejected: skip to its end and go on.
      handler.onBadRecord(position, translated.code(), translated.reason());
      while (p.getParsingContext().getNestingDepth() >= depth) {
        if (nextToken(source, p) == null) {
          throw new InputException(InputException.Code.TRUNCATED, source + ": truncated JSON inside " + position, null);
        }
      }
      return;
    }
    long size = p.currentLocation().getByteOffset() - start.getByteOffset();
    if (start.getByteOffset() >= 0 && size > MAX_RECORD_BYTES) {
      handler.onBadRecord(position, EventParseException.Code.LIMIT, "record larger than " + MAX_RECORD_BYTES + " bytes");
      return;
    }
    handler.onEvent(parser.toEvent(tree), position);
  }

  private static String describeToken(JsonToken token) {
    switch (token) {
      case VALUE_STRING:
        return "string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "boolean";
      default:
        return "null";
    }
  }

  private static JsonToken nextToken(String source, JsonParser p) throws IOException {
    try {
      return p.nextToken();
    } catch (JsonProcessingException e) {
      throw brokenJson(source, e);
    }
  }

  private static void expectEnd(String source, JsonParser p) throws IOException {
    JsonToken after = nextToken(source, p);
    if (after != null) {
      throw new InputException(InputException.Code.BROKEN_JSON, source + ":" + p.currentTokenLocation().getLineNr()
          + ": unexpected content after the end of the JSON document", null);
    }
  }

  private static InputException brokenJson(String source, JsonProcessingException e) {
    EventParseException translated = EventParser.translate(e);
    InputException.Code code = translated.reason() != null && translated.reason().startsWith("Unexpected end-of-input")
        ? InputException.Code.TRUNCATED : InputException.Code.BROKEN_JSON;
    return new InputException(code, source + ":" + translated.line() + ": broken JSON, records after this point cannot"
        + " be found: " + translated.reason(), e);
  }
}
