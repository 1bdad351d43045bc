package dev.margay.input;

import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * Pull-based reading of one input, record by record, with a position to resume from: what a source
 * that checkpoints (a Flink {@code FileSource}) needs, where {@link EventReader} pushes. The same
 * framing ({@link Framer}) and envelope rules as {@link EventReader}: JSON Lines, objects back to
 * back (Kinesis Firehose), JSON arrays, CloudTrail {@code {"Records": [...]}} documents (streamed
 * element by element), {@code lookup-events} output, EventBridge and CloudWatch Logs envelopes,
 * gzip members and plain data in any mix, all found by content. {@link #next()} gives each record
 * as an {@link Item}: an event's JSON bytes (not parsed here: the caller's parser judges them, so
 * each record is parsed once), a bad record (what could not be framed, or an envelope entry that is
 * no event) with its position and reason, or a document skipped as no event (a CloudTrail-Digest
 * file).
 *
 * <p>Bytes: a plain record's bytes are the input's own; an event unwrapped from an envelope (a
 * {@code lookup-events} string, an EventBridge {@code detail}, a {@code Records} document too small
 * to be streamed) is its compact JSON text, re-written from the parsed envelope.
 *
 * <p>Positions ({@link Position}): a byte offset in the decompressed input where framing can
 * restart (a top-level record, or the start of the array or document a record is an element of) and
 * how many items to skip after it. {@link #position()} after an item is where the next one starts;
 * {@link #open(String, InputStream, InputFormat, Position)} over the same input resumes there: it
 * reads (and decompresses) the bytes before the offset without framing or parsing them, counting
 * lines so that positions stay right, then frames and drops the items to skip. Inside a {@code
 * Records} document of N events the offset is the document's start and the skip up to N.
 *
 * <p>Limits and failures as {@link EventReader}: records over {@link EventReader#MAX_RECORD_BYTES}
 * or deeper than {@link EventReader#MAX_DEPTH} are bad items; an input cut inside a gzip member
 * ends with a {@code TRUNCATED} bad item; an input that cannot be read further (corrupt gzip, a
 * gzip bomb, UTF-16 text, an I/O error) is an {@link InputException} from {@link #next()}, after
 * every item before the damage. Not thread-safe: one reader per input.
 */
public final class RecordReader implements Closeable {
  /** What an {@link Item} is. */
  public enum Kind {
    /** An event's JSON bytes. */
    EVENT,
    /** A record that is not an event: {@link Item#code()} and {@link Item#reason()} say why. */
    BAD,
    /** A document that holds no event (CloudTrail-Digest file, CloudWatch Logs control message). */
    SKIPPED
  }

  /**
   * Where to resume: frame from byte {@code offset} of the decompressed input (a restart point this
   * reader gave) and skip {@code skip} items. {@link #START} is the input's start.
   */
  public record Position(long offset, long skip) implements Serializable {
    /** The start of an input. */
    public static final Position START = new Position(0, 0);

    public Position {
      if (offset < 0 || skip < 0) {
        throw new IllegalArgumentException("negative position: " + offset + "/" + skip);
      }
    }
  }

  /**
   * One record of the input. Immutable; {@link #bytes()} hands out the item's own array (a fresh
   * one per item, never shared with the reader).
   */
  public static final class Item {
    private final Kind kind;
    private final byte[] bytes;
    private final RecordPosition position;
    private final EventParseException.Code code;
    private final String reason;

    private Item(
        Kind kind,
        byte[] bytes,
        RecordPosition position,
        EventParseException.Code code,
        String reason) {
      this.kind = kind;
      this.bytes = bytes;
      this.position = position;
      this.code = code;
      this.reason = reason;
    }

    public Kind kind() {
      return kind;
    }

    /** An event's JSON (UTF-8); null for other kinds. */
    public byte[] bytes() {
      return bytes;
    }

    /** Where the record sits in its input. */
    public RecordPosition position() {
      return position;
    }

    /** Why a {@link Kind#BAD} record is bad; null for other kinds. */
    public EventParseException.Code code() {
      return code;
    }

    /** What was wrong ({@link Kind#BAD}), or what was skipped ({@link Kind#SKIPPED}); else null. */
    public String reason() {
      return reason;
    }

    @Override
    public String toString() {
      return kind
          + " "
          + position
          + (bytes != null ? " " + new String(bytes, StandardCharsets.UTF_8) : "")
          + (reason != null ? " " + (code != null ? code.id() + ": " : "") + reason : "");
    }
  }

  private final String source;
  private final InputStream in;
  private final MixedGzip bytes;
  private final Framer framer;
  private final EventReader envelopes = EventReader.create();
  private final ArrayDeque<Item> pending = new ArrayDeque<>();
  private boolean framesDone;
  private boolean cutReported;

  // The restart point of the items in `pending` and of the last item handed out, and how many items
  // of that restart point were handed out (or skipped) so far.
  private long restart;
  private long taken;

  private RecordReader(
      String source, InputStream in, MixedGzip bytes, Framer framer, long restart) {
    this.source = source;
    this.in = in;
    this.bytes = bytes;
    this.framer = framer;
    this.restart = restart;
  }

  /** Reads {@code in} from its start, finding the format by content. */
  public static RecordReader open(String source, InputStream in) throws InputException {
    return open(source, in, null, Position.START);
  }

  /**
   * Reads {@code in} (from its start: the same input as when {@code from} was taken) and resumes at
   * {@code from}.
   *
   * @param source the input's name in positions
   * @param format the format to force (see {@link EventReader#withFormat}), or null: by content
   * @param from where to resume ({@link Position#START}: the whole input)
   * @throws InputException when the input cannot be read up to {@code from} (it is shorter: {@code
   *     TRUNCATED}), is not UTF-8 text, or is corrupt gzip
   */
  public static RecordReader open(String source, InputStream in, InputFormat format, Position from)
      throws InputException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(from, "from");
    MixedGzip bytes =
        new MixedGzip(
            in, EventReader.DEFAULT_MAX_DECOMPRESSED_BYTES, EventReader.MAX_COMPRESSION_RATIO);
    try {
      PushbackInputStream text = new PushbackInputStream(bytes, 4);
      EventReader.rejectWideEncodings(source, text);
      long line = 1;
      long lineStart = 0;
      long left = from.offset();
      if (left > 0) {
        // Only newlines are looked at before the restart point: line numbers stay the input's.
        byte[] buf = new byte[64 * 1024];
        long at = 0;
        boolean bom = false;
        while (left > 0) {
          int n = text.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            throw new InputException(
                InputException.Code.TRUNCATED,
                source + ": the input ends at byte " + at + ", before position " + from.offset(),
                null);
          }
          if (at == 0 && n >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB) {
            bom = buf[2] == (byte) 0xBF;
          }
          for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
              line++;
              lineStart = at + i + 1;
            }
          }
          at += n;
          left -= n;
        }
        if (bom && line == 1) {
          lineStart = 3; // the framer starts the first line after a byte-order mark
        }
      }
      Framer framer =
          new Framer(
              source,
              text,
              mode(format),
              EventReader.MAX_RECORD_BYTES,
              EventReader.MAX_DEPTH,
              null,
              false, // every record framed whole, so a plain record's bytes need no parse here
              false,
              line,
              from.offset());
      if (lineStart != from.offset()) {
        framer.resumeMidLine(lineStart);
      }
      RecordReader reader = new RecordReader(source, in, bytes, framer, from.offset());
      for (long k = 0; k < from.skip(); k++) {
        if (reader.next() == null) {
          throw new InputException(
              InputException.Code.TRUNCATED,
              source + ": the input ends before position " + from.offset() + "/" + from.skip(),
              null);
        }
      }
      return reader;
    } catch (InputException e) {
      throw e;
    } catch (IOException e) {
      throw EventReader.translate(source, e);
    }
  }

  private static Framer.Mode mode(InputFormat format) {
    if (format == null) {
      return Framer.Mode.AUTO;
    }
    return switch (format) {
      case JSON_LINES -> Framer.Mode.LINES;
      case JSON_ARRAY -> Framer.Mode.ARRAY;
      case CLOUDTRAIL_RECORDS -> Framer.Mode.RECORDS;
      case JSON -> Framer.Mode.JSON;
    };
  }

  /**
   * The next item, or null at the end of the input.
   *
   * @throws InputException when the input cannot be read further (every item before was returned)
   */
  public Item next() throws InputException {
    while (pending.isEmpty()) {
      if (framesDone) {
        return null;
      }
      fill();
    }
    taken++;
    return pending.poll();
  }

  /**
   * Where the item after the last one {@link #next()} returned starts: resuming there with {@link
   * #open(String, InputStream, InputFormat, Position)} gives the items that follow it.
   */
  public Position position() {
    return new Position(restart, taken);
  }

  /** Closes the input. */
  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Frames the next record and decodes it into {@link #pending} (maybe nothing, or several). */
  private void fill() throws InputException {
    Frame f;
    try {
      f = framer.next();
    } catch (IOException e) {
      framesDone = true;
      throw e instanceof InputException ie ? ie : EventReader.translate(source, e);
    }
    if (f == null) {
      framesDone = true;
      if (bytes.truncatedAt() >= 0 && !cutReported) {
        // Cut between records: nothing partial to show, but the loss must not go unseen.
        pending.add(
            bad(
                new RecordPosition(source, framer.currentLine(), -1, bytes.truncatedAt(), null),
                EventParseException.Code.TRUNCATED,
                "truncated: the input ends inside a gzip member after decompressed byte "
                    + bytes.truncatedAt()
                    + "; the records before were read"));
      }
      return;
    }
    if (framer.topOffset() != restart) {
      restart = framer.topOffset();
      taken = 0;
    }
    if (f.isBad()) {
      String problem = f.problem;
      if (f.code == EventParseException.Code.TRUNCATED && bytes.truncatedAt() >= 0) {
        problem += "; the input ends inside a gzip member (truncated file)";
        cutReported = true;
      }
      pending.add(bad(f.position, f.code, problem));
    } else if (f.hints == 0) {
      pending.add(
          new Item(Kind.EVENT, Arrays.copyOfRange(f.bytes, f.from, f.to), f.position, null, null));
    } else {
      envelopes.decode(
          f,
          new RecordHandler() {
            @Override
            public void onEvent(Event event, RecordPosition position) {
              pending.add(
                  new Item(
                      Kind.EVENT,
                      event.toJson().getBytes(StandardCharsets.UTF_8),
                      position,
                      null,
                      null));
            }

            @Override
            public void onBadRecord(
                RecordPosition position, EventParseException.Code code, String reason) {
              pending.add(bad(position, code, reason));
            }

            @Override
            public void onSkipped(RecordPosition position, String what) {
              pending.add(new Item(Kind.SKIPPED, null, position, null, what));
            }
          });
    }
  }

  private static Item bad(RecordPosition position, EventParseException.Code code, String reason) {
    return new Item(Kind.BAD, null, position, code, reason);
  }
}
