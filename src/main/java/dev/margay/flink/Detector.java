package dev.margay.flink;

import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import dev.margay.event.Ingestion;
import dev.margay.loader.RuleBundle;
import dev.margay.loader.RuleLoadException;
import dev.margay.wire.BadEvent;
import dev.margay.wire.MatchRecord;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What both detect functions do per record: parse with the current engine, evaluate (with Panther's
 * standard fields when a rule reads one), emit flat match records; bad records go to the caller.
 * Serializable configuration; the engine is transient and comes from {@link EngineCache}. Not
 * thread-safe: one per subtask.
 */
final class Detector implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RuleBundle initial;
  private final boolean includeEvents;
  private final String sourceLabel;
  private transient RuleEngine engine;
  private transient String sha256;
  private transient int subtask;
  private transient String rowPrefix;
  private transient long rows;
  private transient Signals signals;

  Detector(RuleBundle initial, boolean includeEvents, String sourceLabel) {
    this.initial = initial;
    this.includeEvents = includeEvents;
    this.sourceLabel = sourceLabel;
  }

  /** Builds (or finds) the initial engine; reports it. */
  RulesApplied open(int subtask) {
    this.subtask = subtask;
    // p_row_id: unique per subtask start (a random 48-bit id and the subtask), then a counter.
    this.rowPrefix =
        String.format(
            "%012x%04x",
            new java.security.SecureRandom().nextLong() & 0xffffffffffffL, subtask & 0xffff);
    this.rows = 0;
    EngineCache.Loaded l = EngineCache.get(initial);
    engine = l.engine();
    sha256 = initial.sha256();
    // Correlation rules stay those of the initial set: their state is keyed by them (rule updates
    // swap
    // detections only).
    signals = new Signals(l.result().correlationRules());
    return new RulesApplied(sha256, subtask, l.result().rules().size(), true, problems(l));
  }

  /** Current rule-set hash. */
  String sha256() {
    return sha256;
  }

  /** Swaps to {@code rules} when every file loads; otherwise keeps the current engine. */
  RulesApplied update(RuleBundle rules) {
    EngineCache.Loaded l = EngineCache.get(rules);
    boolean clean = l.result().isClean();
    if (clean) {
      engine = l.engine();
      sha256 = rules.sha256();
    }
    return new RulesApplied(rules.sha256(), subtask, l.result().rules().size(), clean, problems(l));
  }

  private static String problems(EngineCache.Loaded l) {
    return l.result().failures().stream()
        .map(RuleLoadException::toDisplayString)
        .collect(Collectors.joining("\n"));
  }

  void detect(byte[] bytes, Consumer<MatchRecord> out, Consumer<BadEvent> bad) {
    detect(bytes, out, bad, s -> {});
  }

  /**
   * As {@link #detect(byte[], Consumer, Consumer)}, also handing every match's correlation signals
   * to {@code sig}.
   */
  void detect(
      byte[] bytes, Consumer<MatchRecord> out, Consumer<BadEvent> bad, Consumer<SignalRecord> sig) {
    Event event;
    try {
      event = engine.parse(bytes, 0, bytes.length);
    } catch (EventParseException e) {
      bad.accept(BadEvent.of(bytes, e));
      return;
    }
    List<Match> matches =
        engine.readsStandardFields()
            ? engine.evaluate(
                event,
                new Ingestion(sourceLabel, Instant.now(), rowPrefix + Long.toHexString(rows++)))
            : engine.evaluate(event);
    String json =
        includeEvents && !matches.isEmpty() ? new String(bytes, StandardCharsets.UTF_8) : null;
    for (Match m : matches) {
      signals.of(m, sig);
      MatchRecord r = MatchRecord.of(m, null);
      out.accept(json == null ? r : r.withEvent(json));
    }
  }
}
