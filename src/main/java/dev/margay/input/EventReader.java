package dev.margay.input;

import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import dev.margay.event.EventParser;
import dev.margay.event.Projection;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reads the events of one input (a file, a pipe, a stream) in two stages: <em>framing</em> finds each
 * record's bytes structurally, without building anything ({@link Framer}); <em>decoding</em> parses each
 * record on its own ({@link #decode}, on any thread), through the projected parser when one is set, and
 * unwraps envelopes ({@code lookup-events}, EventBridge, CloudWatch Logs) and skips non-events
 * (CloudTrail-Digest files). So a bad byte, escape, number or duplicate key costs exactly its record, in
 * every format: JSON Lines, objects back to back (Kinesis Firehose), JSON arrays, one or several
 * CloudTrail {@code {"Records": [...]}} documents, any mix of them, gzip'd or not (several gzip members
 * too, however slowly they arrive). The format is found by content, record by record, never by file
 * name; {@link #withFormat} forces one.
 *
 * <p>Limits are enforced while framing, never after building: a record over {@link #MAX_RECORD_BYTES}
 * or deeper than {@link #MAX_DEPTH} is skipped to its end and reported; strings over the parser's limit
 * fail that record's parse. Only an input that cannot be read further (corrupt or truncated gzip, a gzip
 * bomb, an I/O error) ends with an {@link InputException}, after every record before the damage was
 * delivered. Immutable and thread-safe; each {@link #read} call is independent.
 */
public final class EventReader {
  /** Decompressed bytes allowed from one gzip input. */
  public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 4L * 1024 * 1024 * 1024;
  /** Decompressed bytes allowed per compressed byte (beyond the first 16 MB): real JSON compresses ~10:1. */
  public static final long MAX_COMPRESSION_RATIO = 200;
  /** Largest record, in bytes: the event parser's document limit. */
  public static final int MAX_RECORD_BYTES = (int) EventParser.CONSTRAINTS.getMaxDocumentLength();
  /** Deepest record: the event parser's nesting limit. */
  public static final int MAX_DEPTH = EventParser.CONSTRAINTS.getMaxNestingDepth();

  /** Records are handed to a {@link FrameHandler} in batches of about this many bytes (or records). */
  static final int BATCH_BYTES = 128 * 1024;
  static final int BATCH_RECORDS = 256;

  private final EventParser parser;
  private final InputFormat forcedFormat;
  private final long maxDecompressedBytes;
  private final Projection projection; // null: whole events
  private final Projection parsing; // the projection plus the names that mark envelopes, or null

  /** Top-level names that make a record a candidate envelope or digest (see {@link Envelopes}). */
  private static final List<String> MARKERS = List.of("Records", "Events", "detail-type", "messageType", "digestStartTime");

  private EventReader(EventParser parser, InputFormat forcedFormat, long maxDecompressedBytes, Projection projection) {
    this.parser = parser;
    this.forcedFormat = forcedFormat;
    this.maxDecompressedBytes = maxDecompressedBytes;
    this.projection = projection;
    this.parsing = projection == null ? null
        : projection.with(MARKERS.stream().map(dev.margay.condition.FieldPath::key).toList());
  }

  /** Detects formats, parses with {@link EventParser#defaults()}. */
  public static EventReader create() {
    return new EventReader(EventParser.defaults(), null, DEFAULT_MAX_DECOMPRESSED_BYTES, null);
  }

  /** The parser events are read with. */
  public EventParser parser() {
    return parser;
  }

  /**
   * This reader, always reading {@code format} (null: find records by content). {@code jsonl}: one
   * record per line, judged as a whole; {@code array}: only JSON arrays; {@code records}: only CloudTrail
   * {@code Records} documents; {@code json}: any JSON values back to back, without the JSON Lines
   * recovery rule (for JSON formatted without indentation).
   */
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
   * This reader, parsing events with a projection (see {@link EventParser#parse(byte[], int, int,
   * Projection)}), e.g. {@code RuleEngine.projection()}; null for whole events. Applies to every format.
   */
  public EventReader withProjection(Projection keep) {
    return new EventReader(parser, forcedFormat, maxDecompressedBytes, keep);
  }

  /** The projection events are parsed with, or null. */
  public Projection projection() {
    return projection;
  }

  /**
   * A handler that decodes records itself (on other threads, say): it gets the framed records in
   * batches, in input order, and hands each to {@link EventReader#decode} when it wants the events.
   */
  public interface FrameHandler extends RecordHandler {
    /** Framed records, in input order; the list is the handler's. */
    void onFrames(List<Frame> frames);
  }

  /**
   * Reads every record of {@code in} (not closed here), in order, into {@code handler}: a
   * {@link FrameHandler} gets batches of framed records (a batch is also handed over whenever the input
   * has nothing more ready, so a slow stream's records are not held back); any other handler gets each
   * record decoded here.
   *
   * @param source the input's name in positions
   * @return what the input held first (JSON Lines for an empty input)
   * @throws InputException when the input cannot be read (further); every record before was delivered
   */
  public InputFormat read(String source, InputStream in, RecordHandler handler) throws InputException {
    FrameHandler frames = handler instanceof FrameHandler h ? h : null;
    Batch batch = new Batch(frames);
    try {
      InputStream bytes = decompressed(in, source);
      Framer framer = new Framer(source, bytes, mode(), MAX_RECORD_BYTES, MAX_DEPTH, batch::flush);
      try {
        Frame f;
        while ((f = framer.next()) != null) {
          if (frames == null) {
            decode(f, handler);
          } else {
            batch.add(f);
          }
        }
      } finally {
        if (bytes instanceof ReadAhead ahead) {
          ahead.close();
        }
        batch.flush(); // what was framed before a read error is still delivered
      }
      return framer.format();
    } catch (InputException e) {
      throw e;
    } catch (IOException e) {
      throw translate(source, e);
    }
  }

  /** Frames on their way to a {@link FrameHandler}: handed over when full, or when the input is idle. */
  private static final class Batch {
    private final FrameHandler handler;
    private List<Frame> frames = new ArrayList<>();
    private long bytes;

    Batch(FrameHandler handler) {
      this.handler = handler;
    }

    void add(Frame f) {
      frames.add(f);
      bytes += f.length();
      if (frames.size() >= BATCH_RECORDS || bytes >= BATCH_BYTES) {
        flush();
      }
    }

    void flush() {
      if (handler != null && !frames.isEmpty()) {
        List<Frame> full = frames;
        frames = new ArrayList<>();
        bytes = 0;
        handler.onFrames(full);
      }
    }
  }

  private Framer.Mode mode() {
    if (forcedFormat == null) {
      return Framer.Mode.AUTO;
    }
    return switch (forcedFormat) {
      case JSON_LINES -> Framer.Mode.LINES;
      case JSON_ARRAY -> Framer.Mode.ARRAY;
      case CLOUDTRAIL_RECORDS -> Framer.Mode.RECORDS;
      case JSON -> Framer.Mode.JSON;
    };
  }

  /**
   * The input's bytes: gunzipped (all members) when it starts with gzip's magic bytes, on a thread of its
   * own ({@link ReadAhead}) so that decompression overlaps framing and parsing.
   */
  private InputStream decompressed(InputStream in, String source) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    if (b0 != 0x1f || b1 != 0x8b) {
      return buffered;
    }
    BlockingAvailable raw = new BlockingAvailable(buffered);
    LimitedInputStream compressed = new LimitedInputStream(raw, Long.MAX_VALUE, () -> Long.MAX_VALUE);
    GZIPInputStream gunzip = new Members(compressed, raw);
    return new ReadAhead(new LimitedInputStream(gunzip, maxDecompressedBytes,
        () -> 16L * 1024 * 1024 + MAX_COMPRESSION_RATIO * compressed.count()), source);
  }

  /**
   * All gzip members, and an error rather than silence when something else follows the last one (the
   * JDK ends the stream quietly on a malformed next header, which would drop a plain file concatenated
   * after gzip'd ones). One or two stray bytes cannot hold a record and go unnoticed.
   */
  private static final class Members extends GZIPInputStream {
    private final BlockingAvailable raw;

    Members(InputStream compressed, BlockingAvailable raw) throws IOException {
      super(compressed, 64 * 1024);
      this.raw = raw;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n < 0 && len > 0 && (inf.getRemaining() > 8 || raw.available() > 0)) {
        throw new java.util.zip.ZipException("data after the last gzip member is not gzip data; it was not read");
      }
      return n;
    }
  }

  /**
   * Makes {@code available()} truthful by blocking: GZIPInputStream reads the next member only if the
   * stream says more bytes are available once a member ends, so on a slow pipe ({@code cat a.gz b.gz |})
   * the JDK would end the input early. Here {@code available()} waits for the next byte (or the end).
   */
  private static final class BlockingAvailable extends java.io.FilterInputStream {
    private int peeked = -2; // -2: nothing peeked; -1: the end was seen

    BlockingAvailable(InputStream in) {
      super(in);
    }

    @Override
    public int available() throws IOException {
      if (peeked == -2) {
        peeked = in.read();
      }
      return peeked >= 0 ? 1 : 0;
    }

    @Override
    public int read() throws IOException {
      if (peeked != -2) {
        int b = peeked;
        peeked = peeked < 0 ? -1 : -2;
        return b;
      }
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (peeked != -2) {
        if (peeked < 0) {
          return -1;
        }
        b[off] = (byte) peeked;
        peeked = -2;
        return 1;
      }
      return in.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
      if (n <= 0) {
        return 0;
      }
      if (peeked != -2) {
        if (peeked < 0) {
          return 0;
        }
        peeked = -2;
        return 1;
      }
      return in.skip(n);
    }

    @Override
    public boolean markSupported() {
      return false;
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

  /**
   * Decodes one framed record into {@code handler}: its event(s) — several for an envelope — or a bad
   * record with the reason, or a skipped document. Thread-safe; the frame's bytes must not change.
   */
  public void decode(Frame frame, RecordHandler handler) {
    if (frame.code != null) {
      handler.onBadRecord(frame.position, frame.code, frame.problem);
    } else if (frame.hints == Frame.UNVERIFIED_LINE) {
      decodeLine(frame, handler);
    } else if (frame.hints == 0) {
      parse(frame.bytes, frame.from, frame.to - frame.from, frame.position, handler);
    } else {
      Envelopes.decode(this, frame, handler);
    }
  }

  /**
   * An unverified JSON Lines line: usually one event, verified by its parse. If the parse fails, or the
   * event has a name that marks an envelope, the line is framed properly and decoded frame by frame, so
   * the result is the framer's.
   */
  private void decodeLine(Frame frame, RecordHandler handler) {
    Event event = null;
    try {
      event = parsing == null ? parser.parse(frame.bytes, frame.from, frame.to - frame.from)
          : parser.parse(frame.bytes, frame.from, frame.to - frame.from, parsing);
    } catch (EventParseException e) {
      // framed again below
    }
    if (event != null && !hasMarker(event.fields())) {
      handler.onEvent(event, frame.position);
      return;
    }
    RecordPosition at = frame.position;
    Framer framer = new Framer(at.source(), new java.io.ByteArrayInputStream(frame.bytes, frame.from,
        frame.to - frame.from), Framer.Mode.AUTO, MAX_RECORD_BYTES, MAX_DEPTH, null, false, true, at.line(), at.offset());
    try {
      Frame f;
      while ((f = framer.next()) != null) {
        decode(f, handler);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // a byte array cannot fail
    }
  }

  private static boolean hasMarker(com.fasterxml.jackson.databind.JsonNode fields) {
    for (String name : MARKERS) {
      if (fields.has(name)) {
        return true;
      }
    }
    return false;
  }

  /** Parses one record (projected when a projection is set) into the handler. */
  void parse(byte[] bytes, int offset, int length, RecordPosition position, RecordHandler handler) {
    Event event;
    try {
      event = projection == null ? parser.parse(bytes, offset, length) : parser.parse(bytes, offset, length, projection);
    } catch (EventParseException e) {
      handler.onBadRecord(position, e.code(), reason(e));
      return;
    }
    handler.onEvent(event, position);
  }

  /** Parses one record given as text (an envelope's string member) into the handler. */
  void parse(String json, RecordPosition position, RecordHandler handler) {
    Event event;
    try {
      event = projection == null ? parser.parse(json) : parser.parse(json, projection);
    } catch (EventParseException e) {
      handler.onBadRecord(position, e.code(), reason(e));
      return;
    }
    handler.onEvent(event, position);
  }

  /** The parser's reason, with the position inside the record when there is one. */
  static String reason(EventParseException e) {
    if (e.column() <= 0) {
      return e.reason();
    }
    return e.reason() + (e.line() > 1 ? " (line " + e.line() + " of the record, column " + e.column() + ")"
        : " (column " + e.column() + ")");
  }
}
