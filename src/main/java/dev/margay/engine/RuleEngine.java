// Over 300 lines: the public entry point and its Builder; evaluation lives in Planner, RuleIndex.
package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.event.Event;
import dev.margay.event.EventParser;
import dev.margay.rule.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates events against a fixed set of rules. Built once ({@link #builder()}), then immutable
 * and safe to share between threads: a pipeline builds one engine and calls {@link
 * #evaluate(Event)} from any number of threads.
 *
 * <pre>{@code
 * RuleEngine engine = RuleEngine.builder().addRules(rules).build();
 * List<Match> matches = engine.evaluate(jsonLine);
 * }</pre>
 *
 * <p>A rule runs on an event when it is enabled (unless {@link Builder#includeDisabled(boolean)})
 * and the event's {@code p_log_type} (or, when the event has none, the engine's default log type,
 * {@code AWS.CloudTrail} unless configured) is one of its {@code LogTypes}.
 */
public final class RuleEngine {
  /** The log type assumed for events without {@code p_log_type}. */
  public static final String DEFAULT_LOG_TYPE = "AWS.CloudTrail";

  private final List<Rule> rules;
  private final Map<String, CompiledRule> byId;
  private final Evaluation.Slots paths;
  private final SharedConditions shared;
  private final Map<String, RuleIndex> byLogType;
  private final String defaultLogType;
  private final EventParser parser;
  private final dev.margay.event.Projection projection; // null: parse whole events
  // The projection for callers that add standard fields: the above plus the indicator sources
  // when only outputs read p_any_* (else the same object); the one that keeps those sources, if
  // any, is indicatorProjection.
  private final dev.margay.event.Projection standardFieldsProjection;
  private final dev.margay.event.Projection indicatorProjection;
  // Standard fields (StandardFields.NEEDS_* bits) the rules' conditions read, added before
  // evaluation, and
  // those only outputs read, added for matching events only.
  private final int conditionNeeds;
  private final int outputNeeds;

  private RuleEngine(Builder b) {
    Map<String, CompiledRule> compiled = new LinkedHashMap<>();
    Evaluation.Slots table = new Evaluation.Slots();
    for (Rule rule : b.rules) {
      if (compiled.putIfAbsent(rule.id(), new CompiledRule(rule, table)) != null) {
        throw new IllegalArgumentException(
            "duplicate RuleID '" + rule.id() + "' (" + rule.source() + ")");
      }
    }
    Map<String, List<CompiledRule>> grouped = new HashMap<>();
    for (CompiledRule c : compiled.values()) {
      if (!c.rule.enabled() && !b.includeDisabled) {
        continue;
      }
      for (String logType : c.rule.logTypes()) {
        grouped.computeIfAbsent(logType, k -> new ArrayList<>()).add(c);
      }
    }
    SharedConditions shared = SharedConditions.of(compiled.values(), b.indexed, table);
    Map<String, RuleIndex> index = new HashMap<>();
    grouped.forEach((k, v) -> index.put(k, new RuleIndex(v, b.indexed, table, shared)));
    this.rules = List.copyOf(b.rules);
    this.paths = table;
    this.shared = shared;
    this.byId = compiled;
    this.byLogType = index;
    this.defaultLogType = b.defaultLogType;
    this.parser = b.parser;
    List<dev.margay.condition.FieldPath> conditionPaths = new ArrayList<>();
    List<dev.margay.condition.FieldPath> outputPaths = new ArrayList<>();
    compiled
        .values()
        .forEach(
            c -> {
              Paths.collectConditions(c.rule, conditionPaths);
              Paths.collectOutputs(c.rule, outputPaths);
            });
    int needs = 0;
    for (dev.margay.condition.FieldPath p : conditionPaths) {
      needs |= dev.margay.event.StandardFields.needsOf(p);
    }
    conditionNeeds = needs;
    needs = 0;
    for (dev.margay.condition.FieldPath p : outputPaths) {
      needs |= dev.margay.event.StandardFields.needsOf(p);
    }
    outputNeeds = needs & ~conditionNeeds;
    if (b.projection) {
      List<dev.margay.condition.FieldPath> paths = new ArrayList<>();
      paths.add(dev.margay.condition.FieldPath.key(RuleIndex.EVENT_NAME));
      paths.add(dev.margay.condition.FieldPath.key(RuleIndex.EVENT_SOURCE));
      compiled.values().forEach(c -> Paths.collect(c.rule, paths));
      List<dev.margay.condition.FieldPath> withIndicators = new ArrayList<>(paths);
      dev.margay.event.Indicators.SOURCE_MEMBERS.forEach(
          m -> withIndicators.add(dev.margay.condition.FieldPath.key(m)));
      if ((conditionNeeds & dev.margay.event.StandardFields.NEEDS_INDICATORS) != 0) {
        // Conditions read p_any_*: every event needs what computing them reads.
        this.projection = dev.margay.event.Projection.of(withIndicators);
        this.standardFieldsProjection = projection;
        this.indicatorProjection = projection;
      } else if ((outputNeeds & dev.margay.event.StandardFields.NEEDS_INDICATORS) != 0) {
        // Only outputs read them: a caller adding standard fields keeps their sources in every
        // event (cheaper than a second, whole parse of each matching event when matches are
        // frequent, as in the corpus); evaluation alone does not pay for them.
        this.projection = dev.margay.event.Projection.of(paths);
        this.standardFieldsProjection = dev.margay.event.Projection.of(withIndicators);
        this.indicatorProjection = standardFieldsProjection;
      } else {
        this.projection = dev.margay.event.Projection.of(paths);
        this.standardFieldsProjection = projection;
        this.indicatorProjection = null;
      }
    } else {
      this.projection = null;
      this.standardFieldsProjection = null;
      this.indicatorProjection = null;
    }
  }

  /** A builder with the default log type {@code AWS.CloudTrail}, disabled rules skipped. */
  public static Builder builder() {
    return new Builder();
  }

  /** The rules the engine was built with, in order. */
  public List<Rule> rules() {
    return rules;
  }

  /** Matches of every applicable rule, in rule order; empty when none. */
  public List<Match> evaluate(Event event) {
    return run(event, null);
  }

  /**
   * The one evaluation path, with or without standard fields, so that both run the same compiled
   * code.
   */
  private List<Match> run(Event event, dev.margay.event.Ingestion ingestion) {
    String logType = event.logType().orElse(defaultLogType);
    RuleIndex index = byLogType.get(logType);
    if (index == null) {
      return List.of();
    }
    Event seen =
        ingestion == null || conditionNeeds == 0
            ? event
            : dev.margay.event.StandardFields.apply(
                event, logType, ingestion, conditionNeeds, false);
    Collector collector =
        new Collector(
            seen,
            new Evaluation(seen.fields(), paths, shared),
            event,
            outputNeeds == 0 ? null : ingestion,
            logType);
    index.matches(collector.evaluation, collector);
    // The list is never touched again: an unmodifiable view spares copying dozens of matches.
    return collector.out == null
        ? List.of()
        : java.util.Collections.unmodifiableList(collector.out);
  }

  /**
   * Evaluates an event as Panther's rules see it after ingestion: the standard fields that the
   * rules' conditions read ({@code p_log_type}, {@code p_event_time}, {@code p_parse_time}, {@code
   * p_row_id}, {@code p_source_label}, {@code p_any_*}, and {@code eventTime} in the data-lake
   * layout; see {@link dev.margay.event.StandardFields}) are added before evaluation, those only
   * titles, dedup keys, context or summary attributes read are added for matching events only, and
   * none when no rule reads any (then this costs what {@link #evaluate(Event)} costs). {@link
   * Match#event()} is the ingested event. {@code ingestion} null: the event as it is, like {@link
   * #evaluate(Event)} (and like rule tests).
   */
  public List<Match> evaluate(Event event, dev.margay.event.Ingestion ingestion) {
    return run(event, (conditionNeeds | outputNeeds) == 0 ? null : ingestion);
  }

  /**
   * Whether any rule reads a standard field (or {@code eventTime}, which ingestion rewrites): when
   * not, {@link #evaluate(Event, dev.margay.event.Ingestion)} is {@link #evaluate(Event)}, and a
   * caller need not even build the {@code Ingestion}.
   */
  public boolean readsStandardFields() {
    return (conditionNeeds | outputNeeds) != 0;
  }

  /** Gathers matches; allocates a list only when something matched. */
  private final class Collector implements RuleIndex.Visitor {
    private final Event event;
    private final Evaluation evaluation;
    private final Event
        original; // the event before standard fields: its own time is the match's time
    private final dev.margay.event.Ingestion
        ingestion; // non-null: add the fields only outputs read, for matches
    private final String logType;
    List<Match> out;
    long eventTime;
    private Event
        withOutputs; // the event with every field the rules read, built for the first match needing
    // it
    private Evaluation outputEvaluation;

    Collector(
        Event event,
        Evaluation evaluation,
        Event original,
        dev.margay.event.Ingestion ingestion,
        String logType) {
      this.event = event;
      this.evaluation = evaluation;
      this.original = original;
      this.ingestion = ingestion;
      this.logType = logType;
    }

    @Override
    public void matched(CompiledRule rule) {
      if (out == null) {
        out = new ArrayList<>(2);
        // Read once per matching event, never for the others.
        eventTime =
            dev.margay.event.EventTime.millis(
                dev.margay.event.EventTime.ofFields(original.fields()));
      }
      if (ingestion != null && (rule.outputNeeds & ~conditionNeeds) != 0) {
        // This rule's outputs read fields the conditions did not: add them, once per event.
        if (withOutputs == null) {
          // p_any_* from the projected fields when the event's projection kept their sources,
          // else from the whole event (parsed again, for this matching event only).
          boolean fromWhole =
              original.isProjected() && original.projection().orElse(null) != indicatorProjection;
          withOutputs =
              dev.margay.event.StandardFields.apply(
                  original, logType, ingestion, conditionNeeds | outputNeeds, fromWhole);
          outputEvaluation = new Evaluation(withOutputs.fields(), paths, shared);
        }
        out.add(rule.toMatch(withOutputs, outputEvaluation, eventTime));
      } else {
        out.add(rule.toMatch(event, evaluation, eventTime));
      }
    }
  }

  /** Index buckets split by a second field, over all log types (for tests). */
  int splitBucketCount() {
    return byLogType.values().stream().mapToInt(RuleIndex::splitBucketCount).sum();
  }

  /**
   * How many enabled rules are dispatched by eventName/eventSource rather than run on every event.
   */
  public int indexedRuleCount() {
    return byLogType.values().stream().mapToInt(RuleIndex::indexedCount).sum();
  }

  /** Evaluates an already parsed JSON object (which must not be modified afterwards). */
  public List<Match> evaluate(JsonNode event) {
    return evaluate(Event.of(event));
  }

  /**
   * Parses JSON text with the engine's {@link EventParser}, then evaluates it.
   *
   * @throws dev.margay.event.EventParseException if the text is not a valid event
   */
  public List<Match> evaluate(String json) {
    return evaluate(parse(json));
  }

  /** Parses UTF-8 JSON bytes, then evaluates them. */
  public List<Match> evaluate(byte[] json) {
    return evaluate(parse(json, 0, json.length));
  }

  /**
   * Parses an event for this engine: only the members its rules read are built (see {@link
   * #projection()}); {@link Event#json()} still gives the whole event, parsed from {@code json}
   * when first asked, so the bytes must not change while the event is in use.
   *
   * @throws dev.margay.event.EventParseException if the bytes are not a valid event
   */
  public Event parse(byte[] json, int offset, int length) {
    return projection == null
        ? parser.parse(json, offset, length)
        : parser.parse(json, offset, length, projection);
  }

  /** As {@link #parse(byte[], int, int)}, from text. */
  public Event parse(String json) {
    return projection == null ? parser.parse(json) : parser.parse(json, projection);
  }

  /** The members of events that this engine's rules read, or empty when it parses whole events. */
  public Optional<dev.margay.event.Projection> projection() {
    return Optional.ofNullable(projection);
  }

  /**
   * The projection to parse events with when they will be evaluated with standard fields ({@link
   * #evaluate(Event, dev.margay.event.Ingestion)}): {@link #projection()}, plus the members {@code
   * p_any_*} are computed from when only the rules' outputs read them, so that a matching event's
   * indicators come from its projected fields rather than from a second, whole parse. Events parsed
   * with {@link #projection()} give the same matches, at the cost of that second parse for matching
   * events. Empty when the engine parses whole events.
   */
  public Optional<dev.margay.event.Projection> standardFieldsProjection() {
    return Optional.ofNullable(standardFieldsProjection);
  }

  /**
   * Runs one rule on an event regardless of its {@code LogTypes} and {@code Enabled}, as test
   * replay does: the match if the rule matches, else empty.
   *
   * @throws IllegalArgumentException if the engine has no rule with that id
   */
  public Optional<Match> evaluateRule(String ruleId, Event event) {
    CompiledRule rule = byId.get(ruleId);
    if (rule == null) {
      throw new IllegalArgumentException("no rule '" + ruleId + "' in this engine");
    }
    Evaluation evaluation = new Evaluation(event.fields(), paths, shared);
    return rule.matches(evaluation)
        ? Optional.of(
            rule.toMatch(
                event,
                evaluation,
                dev.margay.event.EventTime.millis(
                    dev.margay.event.EventTime.ofFields(event.fields()))))
        : Optional.empty();
  }

  /** Configures a {@link RuleEngine}; not thread-safe. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();
    private String defaultLogType = DEFAULT_LOG_TYPE;
    private boolean includeDisabled;
    private boolean indexed = true;
    private boolean projection = true;
    private EventParser parser = EventParser.defaults();

    private Builder() {}

    public Builder addRule(Rule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    public Builder addRules(Collection<Rule> more) {
      more.forEach(this::addRule);
      return this;
    }

    /** The log type of events that carry no {@code p_log_type}. */
    public Builder defaultLogType(String logType) {
      defaultLogType = Objects.requireNonNull(logType, "logType");
      return this;
    }

    /** Whether rules with {@code Enabled: false} run too (default false). */
    public Builder includeDisabled(boolean include) {
      includeDisabled = include;
      return this;
    }

    /**
     * Whether rules that require particular {@code eventName}/{@code eventSource} values are
     * dispatched by them (default true). Turning it off only costs time: results are the same.
     */
    public Builder indexed(boolean useIndex) {
      indexed = useIndex;
      return this;
    }

    /**
     * Whether events given as text or bytes are parsed with a projection onto the members the rules
     * read (default true), which is faster; results are the same either way.
     */
    public Builder projection(boolean project) {
      projection = project;
      return this;
    }

    /**
     * The parser for JSON text given to {@code evaluate} (default {@link EventParser#defaults()}).
     */
    public Builder eventParser(EventParser eventParser) {
      parser = Objects.requireNonNull(eventParser, "eventParser");
      return this;
    }

    /**
     * Compiles the rules.
     *
     * @throws IllegalArgumentException if two rules share a RuleID
     */
    public RuleEngine build() {
      return new RuleEngine(this);
    }
  }
}
