// Over 300 lines: the ordered hand-off between framing, workers and delivery is one protocol.
package dev.margay.scan;

import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import dev.margay.event.EventParser;
import dev.margay.input.EventReader;
import dev.margay.input.InputException;
import dev.margay.input.InputFormat;
import dev.margay.input.RecordBatch;
import dev.margay.input.RecordHandler;
import dev.margay.input.RecordPosition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Scans inputs (files, pipes, streams; every format {@link EventReader} reads, gzip'd or not) with
 * a {@link RuleEngine}, and hands the outcome of every record to a {@link ScanListener} <b>in input
 * order, on the calling thread</b>: what {@code margay scan} does, without the output.
 *
 * <p><b>Threads.</b> The calling thread only frames records (finds their bytes) and hands out
 * batches of them (about 128 KB or 256 records, {@link EventReader#readBatches}); {@code N} worker
 * threads (also when {@code N} is 1: the worker then runs beside the reading) parse, unwrap,
 * evaluate them and run {@link ScanListener#prepare}; the calling thread delivers the outcomes
 * strictly in input order, each batch as soon as it and those before it are done, also while it
 * waits for a slow input (so a slow stream's matches are not held back until more input comes).
 * {@link Builder#onCallingThread} instead does everything on the calling thread, with no worker
 * thread (for callers that own the threading, such as a stream processor's task). Each {@code scan}
 * call starts its own workers (daemon threads named {@code margay-scan}) and ends them before it
 * returns or throws, in every case. The scanner itself is immutable and thread-safe: several
 * threads may scan with it at once, each call independent.
 *
 * <p><b>Memory.</b> At most {@link Builder#batchesInFlight} batches (default {@code 2 * workers})
 * are framed ahead of the listener, with their events and matches: with the defaults, about {@code
 * 2 * workers * 128 KB} of records. The listener is never called ahead of the reading, so a slow
 * listener slows the reading (back-pressure), never the memory.
 *
 * <p><b>Errors.</b> A bad record costs only itself ({@link ScanListener#onBadRecord}); an input
 * that cannot be opened or read further costs the rest of that input, after every record before the
 * damage was delivered. An exception from the listener, or from the engine on a worker, stops the
 * scan and propagates unchanged (a checked one wrapped in {@link IllegalStateException}), after the
 * workers have ended; nothing is delivered after it.
 *
 * <p><b>Standard fields</b> (on by default, as Panther's rules see events: README <i>Semantics</i>,
 * {@code ../shared/design/panther-fields.md}): each event is evaluated with {@code p_source_label}
 * = the input's name, {@code p_parse_time} = {@link Builder#parseTime} (default: when the {@code
 * scan} call started) and a {@code p_row_id} unique within the call (random per call), and only
 * when some rule reads a standard field.
 */
public final class EventScanner {
  private final RuleEngine engine;
  private final EventReader reader;
  private final int workers;
  private final boolean onCallingThread;
  private final int batchesInFlight;
  private final boolean standardFields;
  private final Instant parseTime; // null: each call's start

  private EventScanner(Builder b) {
    this.engine = b.engine;
    EventReader r =
        EventReader.create()
            .withFormat(b.format)
            .withMaxDecompressedBytes(b.maxDecompressedBytes)
            .withProjection(
                (b.standardFields ? b.engine.standardFieldsProjection() : b.engine.projection())
                    .orElse(null));
    this.reader = b.parser == null ? r : r.withParser(b.parser);
    this.workers = b.workers;
    this.onCallingThread = b.onCallingThread;
    this.batchesInFlight = b.batchesInFlight > 0 ? b.batchesInFlight : 2 * b.workers;
    this.standardFields = b.standardFields;
    this.parseTime = b.parseTime;
  }

  /** A builder for a scanner of {@code engine}, with the defaults of {@code margay scan}. */
  public static Builder builder(RuleEngine engine) {
    return new Builder(engine);
  }

  /** The engine events are evaluated with. */
  public RuleEngine engine() {
    return engine;
  }

  /** Worker threads per scan call (unused with {@link Builder#onCallingThread}). */
  public int workers() {
    return workers;
  }

  /** Whether each scan call runs on the calling thread alone ({@link Builder#onCallingThread}). */
  public boolean onCallingThread() {
    return onCallingThread;
  }

  /**
   * Scans {@code inputs} one after the other, each opened when its turn comes and closed after
   * (except streams given open, see {@link ScanInput#of(String, InputStream)}). An input that
   * cannot be opened or read further goes to {@link ScanListener#onInputFailed}, which decides
   * whether the scan goes on; every other input ends with {@link ScanListener#onInputEnd}. One set
   * of workers serves all inputs, and {@code p_row_id}s are unique across them.
   */
  public <P> void scan(List<ScanInput> inputs, ScanListener<P> listener) {
    Objects.requireNonNull(listener, "listener");
    try (Run<P> run = new Run<>(listener)) {
      for (ScanInput input : inputs) {
        InputFormat format;
        try (InputStream in = input.open()) {
          format = run.read(input.source(), in);
        } catch (IOException e) {
          listener.onInputFailed(input.source(), e);
          continue;
        }
        listener.onInputEnd(input.source(), format);
      }
    }
  }

  /**
   * Scans one stream (not closed here), named {@code source} in positions, then calls {@link
   * ScanListener#onInputEnd}.
   *
   * @return what the input held first (JSON Lines for an empty input)
   * @throws InputException when the input cannot be read further (corrupt or truncated gzip, a gzip
   *     bomb, UTF-16 text, an I/O error); every record before was delivered
   */
  public <P> InputFormat scan(String source, InputStream in, ScanListener<P> listener)
      throws InputException {
    Objects.requireNonNull(listener, "listener");
    InputFormat format;
    try (Run<P> run = new Run<>(listener)) {
      format = run.read(source, in);
    }
    listener.onInputEnd(source, format);
    return format;
  }

  /**
   * Scans one file (or FIFO), named by {@code file.toString()}, then calls {@link
   * ScanListener#onInputEnd}.
   *
   * @throws IOException when it cannot be opened, or read further ({@link InputException}); every
   *     record before was delivered
   */
  public <P> InputFormat scan(Path file, ScanListener<P> listener) throws IOException {
    try (InputStream in = ScanInput.of(file).open()) {
      return scan(file.toString(), in, listener);
    }
  }

  /**
   * One scan call: its workers (none on the calling thread alone), the batches in flight, its
   * standard-field context.
   */
  private final class Run<P> implements AutoCloseable {
    private final ScanListener<P> listener;
    private final StandardFields fields;
    private final ExecutorService pool;
    private final ArrayDeque<Future<List<Outcome<P>>>> inFlight = new ArrayDeque<>();
    private boolean failed; // the listener (or a worker) threw: deliver nothing more

    Run(ScanListener<P> listener) {
      this.listener = listener;
      this.fields = standardFields ? new StandardFields(start()) : null;
      this.pool =
          onCallingThread
              ? null
              : Executors.newFixedThreadPool(
                  workers,
                  r -> {
                    Thread t = new Thread(r, "margay-scan");
                    t.setDaemon(true);
                    return t;
                  });
    }

    private Instant start() {
      return parseTime != null ? parseTime : Instant.now();
    }

    /** Reads one input; everything read is delivered before this returns or throws. */
    InputFormat read(String source, InputStream in) throws InputException {
      if (pool == null) {
        return reader.read(source, in, new Sequential());
      }
      try {
        return reader.readBatches(source, in, this::submit, this::deliverDone);
      } finally {
        // Also when the input failed: what was read before the damage comes first.
        if (!failed) {
          drain();
        }
      }
    }

    private void submit(RecordBatch batch) {
      if (failed) {
        return; // the reader flushes its last batch even while an exception passes
      }
      inFlight.add(pool.submit(() -> evaluate(batch)));
      deliverDone();
      while (inFlight.size() >= batchesInFlight) {
        deliver(inFlight.poll());
      }
    }

    /** Delivers the head batches already done, without waiting. */
    private void deliverDone() {
      while (!failed && !inFlight.isEmpty() && inFlight.peek().isDone()) {
        deliver(inFlight.poll());
      }
    }

    private void drain() {
      while (!inFlight.isEmpty()) {
        deliver(inFlight.poll());
      }
    }

    /** On a worker: the batch's outcomes, in order. */
    private List<Outcome<P>> evaluate(RecordBatch batch) {
      List<Outcome<P>> out = new ArrayList<>(batch.size());
      batch.decode(
          new RecordHandler() {
            @Override
            public void onEvent(Event event, RecordPosition position) {
              List<Match> matches = StandardFields.evaluate(engine, fields, event, position);
              out.add(new Outcome<>(position, matches, prepare(matches, position), null, null));
            }

            @Override
            public void onBadRecord(
                RecordPosition position, EventParseException.Code code, String reason) {
              out.add(new Outcome<>(position, null, null, code, reason));
            }

            @Override
            public void onSkipped(RecordPosition position, String what) {
              out.add(new Outcome<>(position, null, null, null, what));
            }
          });
      return out;
    }

    private List<P> prepare(List<Match> matches, RecordPosition position) {
      if (matches.isEmpty()) {
        return List.of();
      }
      List<P> prepared = new ArrayList<>(matches.size());
      for (Match m : matches) {
        prepared.add(listener.prepare(m, position));
      }
      return prepared;
    }

    private void deliver(Future<List<Outcome<P>>> future) {
      boolean delivered = false;
      try {
        for (Outcome<P> o : outcome(future)) {
          if (o.matches() != null) {
            listener.onMatches(o.position(), o.matches(), o.prepared());
          } else if (o.code() != null) {
            listener.onBadRecord(o.position(), o.code(), o.reason());
          } else {
            listener.onSkipped(o.position(), o.reason());
          }
        }
        delivered = true;
      } finally {
        if (!delivered) {
          failed = true;
        }
      }
    }

    private List<Outcome<P>> outcome(Future<List<Outcome<P>>> future) {
      try {
        return future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("scan interrupted", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      }
    }

    /** Ends the workers: drops the work in flight (nothing more is delivered), waits for them. */
    @Override
    public void close() {
      if (pool == null) {
        return;
      }
      inFlight.forEach(f -> f.cancel(true));
      inFlight.clear();
      pool.shutdownNow();
      try {
        // A worker finishes the batch it holds (milliseconds): evaluation does not poll interrupts.
        pool.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** One thread: each record is evaluated and delivered as it is read. */
    private final class Sequential implements RecordHandler {
      @Override
      public void onEvent(Event event, RecordPosition position) {
        List<Match> matches = StandardFields.evaluate(engine, fields, event, position);
        listener.onMatches(position, matches, prepare(matches, position));
      }

      @Override
      public void onBadRecord(
          RecordPosition position, EventParseException.Code code, String reason) {
        listener.onBadRecord(position, code, reason);
      }

      @Override
      public void onSkipped(RecordPosition position, String what) {
        listener.onSkipped(position, what);
      }
    }
  }

  /**
   * A record's outcome: its matches (and what was prepared of them), why it was bad, or skipped.
   */
  private record Outcome<P>(
      RecordPosition position,
      List<Match> matches,
      List<P> prepared,
      EventParseException.Code code,
      String reason) {}

  /**
   * Options of an {@link EventScanner}; the defaults are {@code margay scan}'s. Not thread-safe;
   * {@link #build} as often as needed.
   */
  public static final class Builder {
    private final RuleEngine engine;
    private int workers = Math.min(4, Runtime.getRuntime().availableProcessors());
    private boolean onCallingThread;
    private int batchesInFlight;
    private InputFormat format;
    private EventParser parser;
    private long maxDecompressedBytes = EventReader.DEFAULT_MAX_DECOMPRESSED_BYTES;
    private boolean standardFields = true;
    private Instant parseTime;

    private Builder(RuleEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Threads that parse and evaluate, at least 1 (1: one worker beside the calling thread, which
     * reads and delivers). Default: the number of processors, at most 4. The delivery order is the
     * input order whatever it is. Clears {@link #onCallingThread}.
     */
    public Builder workers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("workers must be at least 1, found " + n);
      }
      this.workers = n;
      this.onCallingThread = false;
      return this;
    }

    /**
     * Everything on the calling thread, no worker started (only {@link EventReader}'s thread that
     * reads the input ahead): each record is parsed, evaluated and delivered as it is read. For
     * callers that own the threading (a stream processor's task, a pool of scans); slower than one
     * worker when a core is free, since reading and evaluating no longer overlap.
     */
    public Builder onCallingThread() {
      this.onCallingThread = true;
      this.workers = 1;
      return this;
    }

    /**
     * How many batches (about 128 KB or 256 records each) may be read ahead of the listener, at
     * least 1; this bounds memory. Default: {@code 2 * workers}.
     */
    public Builder batchesInFlight(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("batchesInFlight must be at least 1, found " + n);
      }
      this.batchesInFlight = n;
      return this;
    }

    /** Forces an input format (null, the default: found by content, record by record). */
    public Builder inputFormat(InputFormat format) {
      this.format = format;
      return this;
    }

    /**
     * The event parser (default {@link EventParser#defaults()}; {@link
     * EventParser#allowingDuplicateKeys()} accepts a key twice). Events are parsed through the
     * engine's projection whatever the parser.
     */
    public Builder parser(EventParser parser) {
      this.parser = Objects.requireNonNull(parser, "parser");
      return this;
    }

    /**
     * Decompressed bytes allowed from one gzip input (default {@link
     * EventReader#DEFAULT_MAX_DECOMPRESSED_BYTES}); past it the input fails as a gzip bomb.
     */
    public Builder maxDecompressedBytes(long max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxDecompressedBytes must be positive, found " + max);
      }
      this.maxDecompressedBytes = max;
      return this;
    }

    /**
     * Whether events get the standard fields Panther adds at ingestion (default true; false:
     * evaluated exactly as read, {@code margay scan --raw}).
     */
    public Builder standardFields(boolean on) {
      this.standardFields = on;
      return this;
    }

    /**
     * The {@code p_parse_time} of every event (null, the default: when each {@code scan} call
     * starts).
     *
     * @throws IllegalArgumentException if its UTC year is outside 0000–9999, which Panther's layout
     *     cannot write
     */
    public Builder parseTime(Instant time) {
      if (time != null) {
        new dev.margay.event.Ingestion("", time, ""); // checks the range
      }
      this.parseTime = time;
      return this;
    }

    public EventScanner build() {
      return new EventScanner(this);
    }
  }
}
