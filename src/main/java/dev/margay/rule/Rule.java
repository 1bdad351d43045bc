// Over 300 lines: one value holding every top-level key of a rule file, and its Builder.
package dev.margay.rule;

import dev.margay.condition.All;
import dev.margay.condition.Condition;
import dev.margay.condition.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded rule: every top-level key of a Panther rule file (AnalysisType {@code rule}) with a YAML
 * {@code Detection}. Defaults follow Panther: {@code DedupPeriodMinutes} 60, {@code Threshold} 1,
 * {@code CreateAlert} true. Optional strings that are absent are {@code null} ({@code displayName},
 * {@code alertTitle}, {@code status}, {@code createdBy}); {@code inlineFilters} is {@code null}
 * when the rule has none. {@code warnings} are what the loader noticed without rejecting the file
 * (a {@code Key:} holding a dot, an unknown {@code ChangeTo}); {@code validate} reports them.
 * Immutable; build one with {@link #builder(String)}.
 */
public record Rule(
    String id,
    String displayName,
    boolean enabled,
    List<String> logTypes,
    Severity severity,
    Condition detection,
    Condition inlineFilters,
    String description,
    String runbook,
    String reference,
    List<String> tags,
    Map<String, List<String>> reports,
    List<String> summaryAttributes,
    List<String> outputIds,
    boolean createAlert,
    boolean onlyUseBaseRiskScore,
    int dedupPeriodMinutes,
    int threshold,
    TitleTemplate alertTitle,
    List<AlertContextField> alertContext,
    List<Field> groupBy,
    List<DynamicSeverity> dynamicSeverities,
    List<RuleTest> tests,
    String status,
    String createdBy,
    Integer baseVersion,
    SourceLocation source,
    Map<String, SourceLocation> locations,
    List<RuleWarning> warnings) {

  /** Panther's default dedup period. */
  public static final int DEFAULT_DEDUP_PERIOD_MINUTES = 60;

  public Rule {
    Objects.requireNonNull(id, "id");
    logTypes = List.copyOf(logTypes);
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(detection, "detection");
    description = Objects.requireNonNullElse(description, "");
    runbook = Objects.requireNonNullElse(runbook, "");
    reference = Objects.requireNonNullElse(reference, "");
    tags = List.copyOf(tags);
    reports = copyOfReports(reports);
    summaryAttributes = List.copyOf(summaryAttributes);
    outputIds = List.copyOf(outputIds);
    if (dedupPeriodMinutes < 1) {
      throw new IllegalArgumentException(
          "DedupPeriodMinutes must be at least 1, found " + dedupPeriodMinutes);
    }
    if (threshold < 1) {
      throw new IllegalArgumentException("Threshold must be at least 1, found " + threshold);
    }
    alertContext = List.copyOf(alertContext);
    groupBy = List.copyOf(groupBy);
    dynamicSeverities = List.copyOf(dynamicSeverities);
    tests = List.copyOf(tests);
    Objects.requireNonNull(source, "source");
    locations = CompactLocations.copyOf(locations);
    warnings = List.copyOf(warnings);
  }

  /**
   * Where a part of the rule was written ({@code AlertTitle:}); the rule's own {@link #source()}
   * when unknown (e.g. for rules built in code).
   */
  public SourceLocation locationOf(RulePart part) {
    return locations.getOrDefault(part.key(), source);
  }

  /**
   * Where item {@code index} (0-based) of a list part was written ({@code SummaryAttributes[2]});
   * the rule's own {@link #source()} when unknown.
   *
   * @throws IllegalArgumentException if the part is not a list, or {@code index} is negative
   */
  public SourceLocation locationOf(RulePart part, int index) {
    return locations.getOrDefault(part.itemKey(index), source);
  }

  /**
   * Where the {@code index}-th (0-based) mapping under {@code Reports: framework} was written (the
   * ATT&amp;CK lint's position); the rule's own {@link #source()} when unknown.
   *
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public SourceLocation locationOfReport(String framework, int index) {
    return locations.getOrDefault(RulePart.reportKey(framework, index), source);
  }

  /** A builder with Panther's defaults; {@code id} is the {@code RuleID}. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** {@code DisplayName}, else {@code RuleID}: the default alert title. */
  public String name() {
    return displayName != null ? displayName : id;
  }

  /** Builds {@link Rule}s; not thread-safe. */
  public static final class Builder {
    private final String id;
    private String displayName;
    private boolean enabled = true;
    private List<String> logTypes = List.of();
    private Severity severity = Severity.INFO;
    private Condition detection = new All(List.of());
    private Condition inlineFilters;
    private String description = "";
    private String runbook = "";
    private String reference = "";
    private List<String> tags = List.of();
    private Map<String, List<String>> reports = Map.of();
    private List<String> summaryAttributes = List.of();
    private List<String> outputIds = List.of();
    private boolean createAlert = true;
    private boolean onlyUseBaseRiskScore;
    private int dedupPeriodMinutes = DEFAULT_DEDUP_PERIOD_MINUTES;
    private int threshold = 1;
    private TitleTemplate alertTitle;
    private List<AlertContextField> alertContext = List.of();
    private List<Field> groupBy = List.of();
    private List<DynamicSeverity> dynamicSeverities = List.of();
    private List<RuleTest> tests = new ArrayList<>();
    private String status;
    private String createdBy;
    private Integer baseVersion;
    private SourceLocation source = new SourceLocation("<code>", 1, 1);
    private Map<String, SourceLocation> locations = Map.of();
    private List<RuleWarning> warnings = List.of();

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    public Builder displayName(String v) {
      displayName = v;
      return this;
    }

    public Builder enabled(boolean v) {
      enabled = v;
      return this;
    }

    public Builder logTypes(List<String> v) {
      logTypes = v;
      return this;
    }

    public Builder logTypes(String... v) {
      logTypes = List.of(v);
      return this;
    }

    public Builder severity(Severity v) {
      severity = v;
      return this;
    }

    public Builder detection(Condition v) {
      detection = v;
      return this;
    }

    public Builder inlineFilters(Condition v) {
      inlineFilters = v;
      return this;
    }

    public Builder description(String v) {
      description = v;
      return this;
    }

    public Builder runbook(String v) {
      runbook = v;
      return this;
    }

    public Builder reference(String v) {
      reference = v;
      return this;
    }

    public Builder tags(List<String> v) {
      tags = v;
      return this;
    }

    public Builder reports(Map<String, List<String>> v) {
      reports = v;
      return this;
    }

    public Builder summaryAttributes(List<String> v) {
      summaryAttributes = v;
      return this;
    }

    public Builder outputIds(List<String> v) {
      outputIds = v;
      return this;
    }

    public Builder createAlert(boolean v) {
      createAlert = v;
      return this;
    }

    public Builder onlyUseBaseRiskScore(boolean v) {
      onlyUseBaseRiskScore = v;
      return this;
    }

    public Builder dedupPeriodMinutes(int v) {
      dedupPeriodMinutes = v;
      return this;
    }

    public Builder threshold(int v) {
      threshold = v;
      return this;
    }

    public Builder alertTitle(TitleTemplate v) {
      alertTitle = v;
      return this;
    }

    public Builder alertTitle(String v) {
      alertTitle = v == null ? null : TitleTemplate.parse(v);
      return this;
    }

    public Builder alertContext(List<AlertContextField> v) {
      alertContext = v;
      return this;
    }

    public Builder groupBy(List<Field> v) {
      groupBy = v;
      return this;
    }

    public Builder dynamicSeverities(List<DynamicSeverity> v) {
      dynamicSeverities = v;
      return this;
    }

    public Builder tests(List<RuleTest> v) {
      tests = v;
      return this;
    }

    public Builder status(String v) {
      status = v;
      return this;
    }

    public Builder createdBy(String v) {
      createdBy = v;
      return this;
    }

    public Builder baseVersion(Integer v) {
      baseVersion = v;
      return this;
    }

    public Builder source(SourceLocation v) {
      source = v;
      return this;
    }

    public Builder locations(Map<String, SourceLocation> v) {
      locations = v;
      return this;
    }

    public Builder warnings(List<RuleWarning> v) {
      warnings = v;
      return this;
    }

    /**
     * @throws IllegalArgumentException if a value breaks an invariant (e.g. {@code Threshold} below
     *     1)
     */
    public Rule build() {
      return new Rule(
          id,
          displayName,
          enabled,
          logTypes,
          severity,
          detection,
          inlineFilters,
          description,
          runbook,
          reference,
          tags,
          reports,
          summaryAttributes,
          outputIds,
          createAlert,
          onlyUseBaseRiskScore,
          dedupPeriodMinutes,
          threshold,
          alertTitle,
          alertContext,
          groupBy,
          dynamicSeverities,
          tests,
          status,
          createdBy,
          baseVersion,
          source,
          locations,
          warnings);
    }
  }

  /** An unmodifiable copy of a {@code Reports} map (framework → ids), its order kept. */
  static Map<String, List<String>> copyOfReports(Map<String, List<String>> reports) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    reports.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(copy);
  }
}
