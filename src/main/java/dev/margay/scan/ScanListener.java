package dev.margay.scan;

import dev.margay.engine.Match;
import dev.margay.event.EventParseException;
import dev.margay.input.InputFormat;
import dev.margay.input.RecordPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Receives what an {@link EventScanner} finds, <b>in input order, on the thread that called {@code
 * scan}</b>, whatever the number of workers: each input's records one by one ({@link #onMatches}
 * for every event, {@link #onBadRecord}, {@link #onSkipped}), then its end ({@link #onInputEnd} or
 * {@link #onInputFailed}), then the next input's. So a listener needs no synchronization, except in
 * {@link #prepare}, which workers call concurrently.
 *
 * <p>An exception thrown by any method stops the scan: it propagates out of {@code scan},
 * unchanged, after the scanner's worker threads have ended; nothing is delivered after it.
 *
 * @param <P> what {@link #prepare} makes of each match on a worker thread ({@code Void} for
 *     nothing)
 */
public interface ScanListener<P> {
  /**
   * Called on a worker thread, concurrently with other calls and in no particular order, for each
   * match of each event, before the event's {@link #onMatches}: work that is better spread over the
   * workers than done in order (writing the match as JSON costs about as much as finding it). Must
   * be thread-safe. By default nothing ({@code null}). With {@link
   * EventScanner.Builder#onCallingThread}, called on the calling thread, just before {@link
   * #onMatches}.
   */
  default P prepare(Match match, RecordPosition position) {
    return null;
  }

  /**
   * One event was evaluated: called for every event (so records are counted), with its matches in
   * rule order (often none) and, at the same indices, what {@link #prepare} made of them. An
   * envelope's events come one by one, each with its own position.
   */
  void onMatches(RecordPosition position, List<Match> matches, List<P> prepared);

  /**
   * A record that is not a valid event (broken JSON, a duplicate key, over a limit, cut short): it
   * costs only itself, the scan goes on with the next record. {@code reason} is the parser's, with
   * the column inside the record when there is one.
   */
  void onBadRecord(RecordPosition position, EventParseException.Code code, String reason);

  /**
   * A document that is no event at all (a CloudTrail-Digest file, a CloudWatch Logs control
   * message): never evaluated. Ignored by default.
   */
  default void onSkipped(RecordPosition position, String what) {}

  /** Every record of input {@code source} was delivered; it held {@code format} first. */
  default void onInputEnd(String source, InputFormat format) {}

  /**
   * Input {@code source} could not be opened, or read further ({@link
   * dev.margay.input.InputException} for corrupt or truncated gzip, a gzip bomb, UTF-16 text...):
   * every record before the damage was delivered. Only {@link EventScanner#scan(List,
   * ScanListener)} reports it here; return to go on with the next input. By default the scan stops,
   * with the error as an {@link UncheckedIOException}.
   */
  default void onInputFailed(String source, IOException error) {
    throw new UncheckedIOException(error);
  }
}
