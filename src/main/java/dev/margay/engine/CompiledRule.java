package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.margay.condition.FieldPath;
import dev.margay.event.Event;
import dev.margay.rule.AlertContextField;
import dev.margay.rule.DynamicSeverity;
import dev.margay.rule.Rule;
import dev.margay.rule.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A rule with its conditions and output templates prepared. Immutable. */
final class CompiledRule {
  final Rule rule;

  /** What the rule index files this rule under; null when it has no usable requirement. */
  final Requirement requirement;

  private final Matcher detection;
  private final Matcher filters; // null: no InlineFilters

  /**
   * The rule as a conjunction of {@link SharedConditions}: the index requirement first when an
   * exact-value entry proves it ({@link #provenByIndex()}; it is then skipped), the InlineFilters,
   * then the detection's other conjuncts.
   */
  final List<SharedConditions.Key> conjuncts;

  // Copied out of the Rule so that building a match reads this object only.
  private final String id;
  private final String staticTitle; // null when AlertTitle is a template
  private final Severity severity;
  private final int dedupPeriodMinutes;
  private final int threshold;
  private final boolean createAlert;
  // Output paths go through the per-event path cache: many rules read the same ones
  // (recipientAccountId).
  private final TitlePart[] titleParts;

  /** A part of the title, its placeholders resolved to evaluation slots at build time. */
  private sealed interface TitlePart {
    void appendTo(BoundedText text, Evaluation ev);
  }

  private record TitleText(String text) implements TitlePart {
    @Override
    public void appendTo(BoundedText out, Evaluation ev) {
      out.append(text);
    }
  }

  private record TitleValue(Evaluation.Slot slot) implements TitlePart {
    @Override
    public void appendTo(BoundedText out, Evaluation ev) {
      out.appendValue(ev.find(slot, ev.root));
    }
  }

  private final Evaluation.Slot[] groupBy;
  private final String[] contextNames;
  private final Evaluation.Slot[] contextPaths;
  private final String[] summaryNames;
  private final Evaluation.Slot[] summaryPaths;
  private final Matcher[] severityConditions;
  private final Severity[] severityValues; // null entry: DEFAULT

  /**
   * Standard fields ({@code StandardFields.NEEDS_*}) this rule's outputs read: added only for its
   * matches.
   */
  final int outputNeeds;

  CompiledRule(Rule rule, Evaluation.Slots paths) {
    this.rule = rule;
    detection = Planner.plan(rule.detection(), Planner.Mode.DETECTION, paths);
    requirement = Requirement.best(rule.detection());
    filters =
        rule.inlineFilters() == null
            ? null
            : Planner.plan(rule.inlineFilters(), Planner.Mode.FILTER, paths);
    List<dev.margay.condition.Condition> conditions = rule.detection().conjuncts();
    List<SharedConditions.Key> keys = new java.util.ArrayList<>();
    dev.margay.condition.Condition proven =
        requirement != null && !requirement.prefix() ? requirement.conjunct() : null;
    if (proven != null) {
      keys.add(new SharedConditions.Key(proven, Planner.Mode.DETECTION));
    }
    if (rule.inlineFilters() != null) {
      keys.add(new SharedConditions.Key(rule.inlineFilters(), Planner.Mode.FILTER));
    }
    for (dev.margay.condition.Condition c : conditions) {
      if (c != proven) {
        keys.add(new SharedConditions.Key(c, Planner.Mode.DETECTION));
      }
    }
    conjuncts = List.copyOf(keys);
    id = rule.id();
    staticTitle = rule.alertTitle() == null ? truncate(rule.name()) : null;
    severity = rule.severity();
    dedupPeriodMinutes = rule.dedupPeriodMinutes();
    threshold = rule.threshold();
    createAlert = rule.createAlert();
    if (rule.alertTitle() == null) {
      titleParts = null;
    } else {
      titleParts =
          rule.alertTitle().parts().stream()
              .map(p -> p.<TitlePart>fold(TitleText::new, path -> new TitleValue(paths.slot(path))))
              .toArray(TitlePart[]::new);
    }
    groupBy =
        rule.groupBy().stream().map(f -> paths.slot(f.path())).toArray(Evaluation.Slot[]::new);
    List<AlertContextField> context = rule.alertContext();
    contextNames = context.stream().map(AlertContextField::keyName).toArray(String[]::new);
    contextPaths =
        context.stream().map(c -> paths.slot(c.value().path())).toArray(Evaluation.Slot[]::new);
    summaryNames = rule.summaryAttributes().toArray(String[]::new);
    summaryPaths =
        rule.summaryAttributes().stream()
            .map(a -> paths.slot(FieldPath.parseKeyPath(a)))
            .toArray(Evaluation.Slot[]::new);
    List<DynamicSeverity> dynamic = rule.dynamicSeverities();
    severityConditions =
        dynamic.stream()
            .map(d -> Planner.plan(d.conditions(), Planner.Mode.DETECTION, paths))
            .toArray(Matcher[]::new);
    severityValues = dynamic.stream().map(d -> d.changeTo().orElse(null)).toArray(Severity[]::new);
    List<FieldPath> outputs = new java.util.ArrayList<>();
    Paths.collectOutputs(rule, outputs);
    int needs = 0;
    for (FieldPath p : outputs) {
      needs |= dev.margay.event.StandardFields.needsOf(p);
    }
    outputNeeds = needs;
  }

  /**
   * Whether the first of {@link #conjuncts} is a requirement an exact-value index entry guarantees.
   */
  boolean provenByIndex() {
    return requirement != null && !requirement.prefix();
  }

  /**
   * InlineFilters pass, then the detection holds: the rule on its own, through its own matchers
   * (the engine checks many rules at once through {@link #conjuncts} instead).
   */
  boolean matches(Evaluation ev) {
    JsonNode root = ev.root;
    return (filters == null || filters.test(ev, root)) && detection.test(ev, root);
  }

  /**
   * The match for an event this rule matched; {@code ev} is that event's evaluation, {@code
   * eventTime} its own time (epoch ms, or {@link dev.margay.event.EventTime#NONE}).
   */
  Match toMatch(Event event, Evaluation ev, long eventTime) {
    String title = title(ev);
    String dedup = dedup(ev, title);
    Map<String, JsonNode> context = Map.of();
    if (contextNames.length > 0) {
      context = new LinkedHashMap<>();
      for (int i = 0; i < contextNames.length; i++) {
        JsonNode v = ev.find(contextPaths[i], ev.root);
        context.put(contextNames[i], v == null ? NullNode.getInstance() : v);
      }
    }
    Map<String, JsonNode> summary = Map.of();
    if (summaryNames.length > 0) {
      summary = new LinkedHashMap<>();
      for (int i = 0; i < summaryNames.length; i++) {
        JsonNode v = ev.find(summaryPaths[i], ev.root);
        if (v != null) {
          summary.put(summaryNames[i], v);
        }
      }
    }
    return new Match(
        id,
        severity(ev),
        title,
        dedup,
        dedupPeriodMinutes,
        threshold,
        createAlert,
        context,
        summary,
        event,
        eventTime);
  }

  private String title(Evaluation ev) {
    if (titleParts == null) {
      return staticTitle;
    }
    BoundedText text = new BoundedText();
    for (int i = 0; i < titleParts.length && !text.full(); i++) {
      titleParts[i].appendTo(text, ev);
    }
    return text.toString();
  }

  private String dedup(Evaluation ev, String title) {
    if (groupBy.length == 0) {
      return title;
    }
    if (groupBy.length == 1) {
      JsonNode v = ev.find(groupBy[0], ev.root);
      if (BoundedText.rendersEmpty(v)) {
        return title;
      }
      if (v.isTextual() && v.textValue().length() <= BoundedText.LIMIT) {
        return v.textValue(); // the common case, as it is: fewer chars than the limit, fewer code
        // points
      }
    }
    BoundedText text = new BoundedText();
    boolean anyValue = false;
    for (int i = 0; i < groupBy.length; i++) {
      JsonNode v = ev.find(groupBy[i], ev.root);
      anyValue |= !BoundedText.rendersEmpty(v);
      if (!text.full()) {
        if (i > 0) {
          text.append(":");
        }
        text.appendValue(v);
      } else if (anyValue) {
        break;
      }
    }
    // No GroupBy field present at all: fall back to the title, as Panther does for an empty
    // dedup().
    return anyValue ? text.toString() : title;
  }

  private Severity severity(Evaluation ev) {
    for (int i = 0; i < severityConditions.length; i++) {
      if (severityConditions[i].test(ev, ev.root)) {
        return severityValues[i] == null ? severity : severityValues[i];
      }
    }
    return severity;
  }

  static String truncate(String s) {
    return BoundedText.truncate(s);
  }
}
