package dev.margay.rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded correlation rule ({@code AnalysisType: correlation_rule}): every key of
 * panther_analysis_tool's {@code CORRELATION_RULE_SCHEMA} and of its {@code Detection} item, in one
 * of two forms: a {@link Form#GROUP} (members whose signals share a value within the lookback
 * window, with {@code MatchCriteria}) or a {@link Form#SEQUENCE} (members chained by {@code
 * Transitions}). Members consume <em>signals</em>: matches of the rule named by their {@code
 * RuleID}, including rules with {@code CreateAlert: false}.
 *
 * <p>Defaults: {@code LookbackWindowMinutes} 15, member {@code MinMatchCount} 1, {@code Absence}
 * false, {@code Transitions[].WithinTimeFrameMinutes} the lookback, {@code CreateAlert} true
 * (Panther's correlation rule style guide and reference). A member without {@code ID} is known by
 * its {@code RuleID}. Optional strings that are absent are {@code ""} ({@code description}, {@code
 * runbook}, {@code reference}) or {@code null} ({@code displayName}, {@code status}, {@code
 * createdBy}); absent optional numbers are {@code null}. Immutable and thread-safe.
 *
 * @param matchCriteria Group form: criterion name to its entries, in file order; empty when there
 *     is none
 * @param transitions Sequence form: the transitions in list order; empty for a Group
 * @param detectionMinMatchCount the detection-level {@code MinMatchCount}, read and kept (no
 *     effect: its meaning is undocumented)
 * @param eventEvaluationOrder {@code Chronological} or {@code ReverseChronological}, or null; no
 *     effect on evaluation (Panther's tests show Group member order is not enforced even when
 *     Chronological)
 */
public record CorrelationRule(
    String id,
    String displayName,
    boolean enabled,
    Severity severity,
    Form form,
    List<Member> members,
    Map<String, List<CriterionEntry>> matchCriteria,
    List<Transition> transitions,
    Integer detectionMinMatchCount,
    int lookbackWindowMinutes,
    String eventEvaluationOrder,
    Schedule schedule,
    String description,
    String runbook,
    String reference,
    List<String> tags,
    Map<String, List<String>> reports,
    List<String> summaryAttributes,
    List<String> outputIds,
    boolean createAlert,
    boolean onlyUseBaseRiskScore,
    String status,
    String createdBy,
    Integer baseVersion,
    List<CorrelationTest> tests,
    SourceLocation source) {

  /** Panther's default {@code LookbackWindowMinutes}. */
  public static final int DEFAULT_LOOKBACK_MINUTES = 15;

  /** The two detection forms. */
  public enum Form {
    GROUP,
    SEQUENCE
  }

  /**
   * One member of a Group or Sequence.
   *
   * @param id the member's {@code ID} (its {@code RuleID} when the file gives none)
   * @param ruleId the rule whose signals the member consumes
   * @param minMatchCount signals needed, at least 1 (default 1)
   * @param maxMatchCount at most this many signals in the window, or null for no limit
   * @param absence true when the member's signals must <em>not</em> occur
   */
  public record Member(
      String id,
      String ruleId,
      int minMatchCount,
      Integer maxMatchCount,
      boolean absence,
      SourceLocation location) {
    public Member {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(ruleId, "ruleId");
      if (minMatchCount < 1) {
        throw new IllegalArgumentException(
            "MinMatchCount must be at least 1, found " + minMatchCount);
      }
      if (maxMatchCount != null && maxMatchCount < minMatchCount) {
        throw new IllegalArgumentException(
            "MaxMatchCount " + maxMatchCount + " is below MinMatchCount " + minMatchCount);
      }
      Objects.requireNonNull(location, "location");
    }
  }

  /**
   * One {@code MatchCriteria} entry: the member ({@code GroupID}) and the field path ({@code
   * Match}) it joins on.
   */
  public record CriterionEntry(String groupId, String field) {
    public CriterionEntry {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(field, "field");
    }
  }

  /**
   * One Sequence transition: {@code From} member, {@code To} member, the time frame, and the join
   * fields ({@code Match: [{On: f}]} gives {@code fromField = toField = f}; {@code From}/{@code To}
   * give one per side; both null when the transition has no {@code Match}).
   *
   * @param withinTimeFrameMinutes the {@code WithinTimeFrameMinutes}, or null for the lookback
   */
  public record Transition(
      String id,
      String from,
      String to,
      Integer withinTimeFrameMinutes,
      String fromField,
      String toField) {
    public Transition {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /**
   * {@code Schedule}: how often Panther runs the rule; read and kept (local evaluation is
   * continuous).
   */
  public record Schedule(Integer rateMinutes, String cronExpression, int timeoutMinutes) {}

  public CorrelationRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(form, "form");
    members = List.copyOf(members);
    Map<String, List<CriterionEntry>> criteria = new LinkedHashMap<>();
    matchCriteria.forEach((k, v) -> criteria.put(k, List.copyOf(v)));
    matchCriteria = Collections.unmodifiableMap(criteria);
    transitions = List.copyOf(transitions);
    if (lookbackWindowMinutes < 1) {
      throw new IllegalArgumentException(
          "LookbackWindowMinutes must be at least 1, found " + lookbackWindowMinutes);
    }
    Objects.requireNonNull(schedule, "schedule");
    description = Objects.requireNonNullElse(description, "");
    runbook = Objects.requireNonNullElse(runbook, "");
    reference = Objects.requireNonNullElse(reference, "");
    tags = List.copyOf(tags);
    reports = Rule.copyOfReports(reports);
    summaryAttributes = List.copyOf(summaryAttributes);
    outputIds = List.copyOf(outputIds);
    tests = List.copyOf(tests);
    Objects.requireNonNull(source, "source");
  }

  /** {@code DisplayName}, else {@code RuleID}: the correlation alert's title. */
  public String name() {
    return displayName != null ? displayName : id;
  }

  /** The member with this {@code ID}. */
  public Optional<Member> member(String memberId) {
    return members.stream().filter(m -> m.id().equals(memberId)).findFirst();
  }

  /** The distinct RuleIDs the members consume, in member order. */
  public List<String> memberRuleIds() {
    List<String> out = new ArrayList<>();
    for (Member m : members) {
      if (!out.contains(m.ruleId())) {
        out.add(m.ruleId());
      }
    }
    return List.copyOf(out);
  }
}
