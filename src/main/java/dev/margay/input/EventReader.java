// Over 300 lines: framing and decoding live apart; this is the one place they meet, per input.
package dev.margay.input;

import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import dev.margay.event.EventParser;
import dev.margay.event.Projection;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the events of one input (a file, a pipe, a stream) in two stages: <em>framing</em> finds
 * each record's bytes structurally, without building anything ({@link Framer}); <em>decoding</em>
 * parses each record on its own ({@code decode}, on any thread), through the projected parser when
 * one is set, and unwraps envelopes ({@code lookup-events}, EventBridge, CloudWatch Logs) and skips
 * non-events (CloudTrail-Digest files). So a bad byte, escape, number or duplicate key costs
 * exactly its record, in every format: JSON Lines, objects back to back (Kinesis Firehose), JSON
 * arrays, one or several CloudTrail {@code {"Records": [...]}} documents, any mix of them, gzip'd
 * or not (several gzip members too, however slowly they arrive, and gzip members and plain data
 * mixed in any order, as {@code cat} of a bucket's files gives them: see {@link MixedGzip}). The
 * format is found by content, record by record, never by file name; {@link #withFormat} forces one.
 *
 * <p>Limits are enforced while framing, never after building: a record over {@link
 * #MAX_RECORD_BYTES} or deeper than {@link #MAX_DEPTH} is skipped to its end and reported; strings
 * over the parser's limit fail that record's parse. An input cut short (plain, or inside a gzip
 * member) costs its last record, reported as {@code TRUNCATED} with the (decompressed) byte offset
 * where it starts. Only an input that cannot be read further (corrupt gzip, a gzip bomb, an I/O
 * error) ends with an {@link InputException}, after every record before the damage was delivered.
 * Immutable and thread-safe; each {@link #read} call is independent.
 */
public final class EventReader {
  /** Decompressed bytes allowed from one gzip input. */
  public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 4L * 1024 * 1024 * 1024;

  /**
   * Decompressed bytes allowed per compressed byte (beyond the first 16 MB): real JSON compresses
   * ~10:1.
   */
  public static final long MAX_COMPRESSION_RATIO = 200;

  /** Largest record, in bytes: the event parser's document limit. */
  public static final int MAX_RECORD_BYTES = EventParser.MAX_DOCUMENT_BYTES;

  /** Deepest record: the event parser's nesting limit. */
  public static final int MAX_DEPTH = EventParser.MAX_DEPTH;

  /**
   * Records are handed to a {@link FrameHandler} in batches of about this many bytes (or records).
   */
  static final int BATCH_BYTES = 128 * 1024;

  static final int BATCH_RECORDS = 256;

  private final EventParser parser;
  private final InputFormat forcedFormat;
  private final long maxDecompressedBytes;
  private final Projection projection; // null: whole events
  private final Projection parsing; // the projection plus the names that mark envelopes, or null

  /** Top-level names that make a record a candidate envelope or digest (see {@link Envelopes}). */
  private static final List<String> MARKERS =
      List.of("Records", "Events", "detail-type", "messageType", "digestStartTime");

  private EventReader(
      EventParser parser,
      InputFormat forcedFormat,
      long maxDecompressedBytes,
      Projection projection) {
    this.parser = parser;
    this.forcedFormat = forcedFormat;
    this.maxDecompressedBytes = maxDecompressedBytes;
    this.projection = projection;
    this.parsing =
        projection == null
            ? null
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
   * record per line, judged as a whole; {@code array}: only JSON arrays; {@code records}: only
   * CloudTrail {@code Records} documents; {@code json}: any JSON values back to back, without the
   * JSON Lines recovery rule (for JSON formatted without indentation).
   */
  public EventReader withFormat(InputFormat format) {
    return new EventReader(parser, format, maxDecompressedBytes, projection);
  }

  /** This reader, parsing events with {@code eventParser}. */
  public EventReader withParser(EventParser eventParser) {
    return new EventReader(
        Objects.requireNonNull(eventParser), forcedFormat, maxDecompressedBytes, projection);
  }

  /** This reader, with another cap on decompressed gzip data. */
  public EventReader withMaxDecompressedBytes(long max) {
    return new EventReader(parser, forcedFormat, max, projection);
  }

  /**
   * This reader, parsing events with a projection (see {@link EventParser#parse(byte[], int, int,
   * Projection)}), e.g. {@code RuleEngine.projection()}; null for whole events. Applies to every
   * format.
   */
  public EventReader withProjection(Projection keep) {
    return new EventReader(parser, forcedFormat, maxDecompressedBytes, keep);
  }

  /** The projection events are parsed with, or null. */
  public Projection projection() {
    return projection;
  }

  /**
   * A handler that decodes records itself: it gets the framed records in batches, in input order,
   * and hands each to {@link EventReader#decode} when it wants the events. Package-private: users
   * get batches as {@link RecordBatch}es from {@link #readBatches}.
   */
  interface FrameHandler extends RecordHandler {
    /** Framed records, in input order; the list is the handler's. */
    void onFrames(List<Frame> frames);
  }

  /**
   * Reads every record of {@code in} (not closed here), in order, decoding each on the calling
   * thread into {@code handler}: the simple, push-style way to read an input. To decode on other
   * threads, use {@link #readBatches}; to scan with rules, {@code dev.margay.scan.EventScanner}
   * does both and keeps the input order.
   *
   * @param source the input's name in positions
   * @return what the input held first (JSON Lines for an empty input)
   * @throws InputException when the input cannot be read (further); every record before was
   *     delivered
   */
  public InputFormat read(String source, InputStream in, RecordHandler handler)
      throws InputException {
    return read(source, in, handler, null, null);
  }

  /**
   * Frames every record of {@code in} (not closed here) without parsing it, and hands the records
   * to {@code batches} in input order, in batches of about 128 KB or 256 records; a batch is also
   * handed over whenever the input has nothing more ready, so a slow stream's records are not held
   * back. Each batch is decoded later, on any thread, by {@link RecordBatch#decode}; the records it
   * holds are the same, with the same positions, as {@link #read} delivers. Memory: the reader
   * holds one batch being filled; what {@code batches} keeps is the caller's to bound.
   *
   * @param source the input's name in positions
   * @return what the input held first (JSON Lines for an empty input)
   * @throws InputException when the input cannot be read (further); every record before was handed
   *     over
   */
  public InputFormat readBatches(
      String source, InputStream in, java.util.function.Consumer<RecordBatch> batches)
      throws InputException {
    return readBatches(source, in, batches, null);
  }

  /**
   * {@link #readBatches(String, InputStream, java.util.function.Consumer)}, running {@code
   * whileWaiting} on the calling thread whenever it waits for the input: once when a wait starts,
   * then about every 10 ms while it lasts. A scan delivers the work its threads finished then, so a
   * slow stream's results are not held back until more input comes. What it throws ends the read
   * and propagates.
   *
   * @param whileWaiting null: none
   */
  public InputFormat readBatches(
      String source,
      InputStream in,
      java.util.function.Consumer<RecordBatch> batches,
      Runnable whileWaiting)
      throws InputException {
    Objects.requireNonNull(batches);
    return read(
        source,
        in,
        new FrameHandler() {
          @Override
          public void onFrames(List<Frame> frames) {
            batches.accept(new RecordBatch(EventReader.this, frames));
          }

          // A FrameHandler gets only frames: these are never called.
          @Override
          public void onEvent(Event event, RecordPosition position) {
            throw new IllegalStateException("framed records only");
          }

          @Override
          public void onBadRecord(
              RecordPosition position, EventParseException.Code code, String reason) {
            throw new IllegalStateException("framed records only");
          }
        },
        whileWaiting);
  }

  /** {@link #read}, with records handed to {@code frames} in batches, undecoded. */
  InputFormat readFrames(String source, InputStream in, FrameHandler frames) throws InputException {
    return read(source, in, frames, frames, null);
  }

  private InputFormat read(
      String source, InputStream in, FrameHandler frames, Runnable whileWaiting)
      throws InputException {
    return read(source, in, frames, frames, whileWaiting);
  }

  private InputFormat read(
      String source,
      InputStream in,
      RecordHandler handler,
      FrameHandler frames,
      Runnable whileWaiting)
      throws InputException {
    Batch batch = new Batch(frames);
    MixedGzip bytes = new MixedGzip(in, maxDecompressedBytes, MAX_COMPRESSION_RATIO);
    // Inflating (and reading) on a thread of its own overlaps framing and parsing.
    ReadAhead ahead = new ReadAhead(bytes, whileWaiting);
    try {
      java.io.PushbackInputStream text = new java.io.PushbackInputStream(ahead, 4);
      rejectWideEncodings(source, text);
      Framer framer = new Framer(source, text, mode(), MAX_RECORD_BYTES, MAX_DEPTH, batch::flush);
      try {
        Frame f;
        boolean cutReported = false;
        while ((f = framer.next()) != null) {
          if (f.isBad()
              && f.code == EventParseException.Code.TRUNCATED
              && bytes.truncatedAt() >= 0) {
            // The record open at the end is the one a cut gzip member broke: say so.
            f =
                new Frame(
                    f.position,
                    f.code,
                    f.problem + "; the input ends inside a gzip member (truncated file)");
            cutReported = true;
          }
          if (frames == null) {
            decode(f, handler);
          } else {
            batch.add(f);
          }
        }
        if (bytes.truncatedAt() >= 0 && !cutReported) {
          // Cut between records: nothing partial to show, but the loss must not go unseen.
          Frame cut =
              new Frame(
                  new RecordPosition(source, framer.currentLine(), -1, bytes.truncatedAt(), null),
                  EventParseException.Code.TRUNCATED,
                  "truncated: the input ends inside a gzip member after decompressed byte "
                      + bytes.truncatedAt()
                      + "; the records before were read");
          if (frames == null) {
            decode(cut, handler);
          } else {
            batch.add(cut);
          }
        }
      } finally {
        batch.flush(); // what was framed before a read error is still delivered
      }
      return framer.format();
    } catch (InputException e) {
      throw e;
    } catch (IOException e) {
      throw translate(source, e);
    } finally {
      ahead.close();
    }
  }

  /**
   * UTF-16 and UTF-32 text (PowerShell writes redirected output as UTF-16 with a byte-order mark)
   * is reported once, as the whole input, instead of as thousands of bad lines: a UTF-16/UTF-32
   * byte-order mark, or JSON's ASCII punctuation with a NUL every other byte at the start.
   */
  static void rejectWideEncodings(String source, java.io.PushbackInputStream in)
      throws IOException {
    byte[] head = new byte[4];
    int n = 0;
    int r;
    while (n < head.length && (r = in.read(head, n, head.length - n)) > 0) {
      n += r;
    }
    in.unread(head, 0, n);
    int b0 = n > 0 ? head[0] & 0xff : -1;
    int b1 = n > 1 ? head[1] & 0xff : -1;
    int b2 = n > 2 ? head[2] & 0xff : -1;
    int b3 = n > 3 ? head[3] & 0xff : -1;
    String encoding = null;
    if ((b0 == 0xff && b1 == 0xfe && b2 == 0 && b3 == 0)
        || (b0 == 0 && b1 == 0 && b2 == 0xfe && b3 == 0xff)) {
      encoding = "UTF-32";
    } else if ((b0 == 0xff && b1 == 0xfe)
        || (b0 == 0xfe && b1 == 0xff)
        || (n == 4 && b0 != 0 && b1 == 0 && b2 != 0 && b3 == 0)
        || (n == 4 && b0 == 0 && b1 != 0 && b2 == 0 && b3 != 0)) {
      encoding = "UTF-16";
    }
    if (encoding != null) {
      throw new InputException(
          InputException.Code.UNSUPPORTED_ENCODING,
          source
              + ": "
              + encoding
              + " input is not supported; convert it to UTF-8 (e.g. iconv -f "
              + encoding
              + " -t UTF-8)",
          null);
    }
  }

  /**
   * Frames on their way to a {@link FrameHandler}: handed over when full, or when the input is
   * idle.
   */
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

  static InputException translate(String source, IOException e) {
    if (e instanceof LimitedInputStream.LimitExceeded) {
      return new InputException(InputException.Code.GZIP_BOMB, source + ": " + e.getMessage(), e);
    }
    if (e instanceof java.util.zip.ZipException) {
      return new InputException(
          InputException.Code.CORRUPT_GZIP, source + ": corrupt gzip data: " + e.getMessage(), e);
    }
    if (e instanceof java.io.EOFException) {
      return new InputException(
          InputException.Code.TRUNCATED, source + ": truncated input (" + e.getMessage() + ")", e);
    }
    return new InputException(
        InputException.Code.UNREADABLE,
        source + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()),
        e);
  }

  /**
   * Decodes one framed record into {@code handler}: its event(s) — several for an envelope — or a
   * bad record with the reason, or a skipped document. Thread-safe; the frame's bytes must not
   * change.
   */
  void decode(Frame frame, RecordHandler handler) {
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
   * An unverified JSON Lines line: usually one event, verified by its parse. If the parse fails, or
   * the event has a name that marks an envelope, the line is framed properly and decoded frame by
   * frame, so the result is the framer's.
   */
  private void decodeLine(Frame frame, RecordHandler handler) {
    Event event = null;
    try {
      event =
          parsing == null
              ? parser.parse(frame.bytes, frame.from, frame.to - frame.from)
              : parser.parse(frame.bytes, frame.from, frame.to - frame.from, parsing);
    } catch (EventParseException e) {
      // framed again below
    }
    if (event != null && !hasMarker(event.fields())) {
      handler.onEvent(event, frame.position);
      return;
    }
    RecordPosition at = frame.position;
    Framer framer =
        new Framer(
            at.source(),
            new java.io.ByteArrayInputStream(frame.bytes, frame.from, frame.to - frame.from),
            Framer.Mode.AUTO,
            MAX_RECORD_BYTES,
            MAX_DEPTH,
            null,
            false,
            true,
            at.line(),
            at.offset());
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
      event =
          projection == null
              ? parser.parse(bytes, offset, length)
              : parser.parse(bytes, offset, length, projection);
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
    return e.reason()
        + (e.line() > 1
            ? " (line " + e.line() + " of the record, column " + e.column() + ")"
            : " (column " + e.column() + ")");
  }
}
