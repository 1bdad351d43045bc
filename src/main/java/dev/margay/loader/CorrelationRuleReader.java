// Over 300 lines: one method per key of CORRELATION_RULE_SCHEMA, at every level.
package dev.margay.loader;

import dev.margay.event.EventTime;
import dev.margay.rule.CorrelationRule;
import dev.margay.rule.CorrelationRule.CriterionEntry;
import dev.margay.rule.CorrelationRule.Member;
import dev.margay.rule.CorrelationRule.Schedule;
import dev.margay.rule.CorrelationRule.Transition;
import dev.margay.rule.CorrelationTest;
import dev.margay.rule.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a correlation rule file (panther_analysis_tool's {@code CORRELATION_RULE_SCHEMA} and the
 * {@code Group}/{@code Sequence} branches of its JSON Schema) into a {@link CorrelationRule},
 * reporting every problem with its position. Unknown keys are errors at every level, as in
 * Panther's schema.
 */
final class CorrelationRuleReader {
  static final List<String> TOP_LEVEL_KEYS =
      List.of(
          "AnalysisType",
          "RuleID",
          "Enabled",
          "Detection",
          "Severity",
          "Description",
          "Reference",
          "Runbook",
          "Status",
          "CreatedBy",
          "DisplayName",
          "OnlyUseBaseRiskScore",
          "OutputIds",
          "SummaryAttributes",
          "Tags",
          "Reports",
          "CreateAlert",
          "Tests",
          "BaseVersion");
  static final List<String> GROUP_KEYS =
      List.of(
          "Group",
          "MatchCriteria",
          "MinMatchCount",
          "LookbackWindowMinutes",
          "EventEvaluationOrder",
          "Schedule");
  static final List<String> SEQUENCE_KEYS =
      List.of(
          "Sequence", "Transitions", "LookbackWindowMinutes", "EventEvaluationOrder", "Schedule");
  static final List<String> MEMBER_KEYS =
      List.of("ID", "RuleID", "MinMatchCount", "MaxMatchCount", "Absence");
  static final List<String> TRANSITION_KEYS =
      List.of("ID", "From", "To", "WithinTimeFrameMinutes", "Match");
  static final List<String> TEST_KEYS = List.of("Name", "ExpectedResult", "RuleOutputs");
  private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[^<>&\"%]+");

  private final YamlFile file;

  CorrelationRuleReader(YamlFile file) {
    this.file = file;
  }

  /** The rule, or null when there were problems (all recorded in the file). */
  CorrelationRule read(Node root) {
    Map<String, YamlFile.Entry> top = file.mapping(root, "a correlation rule file");
    if (top == null) {
      return null;
    }
    file.checkKeys(top, TOP_LEVEL_KEYS, "a correlation rule");
    for (String key : List.of("AnalysisType", "RuleID", "Enabled", "Detection", "Severity")) {
      if (!top.containsKey(key)) {
        file.problem(
            root,
            ProblemCode.MISSING_KEY,
            "missing required key "
                + key
                + " (a correlation rule needs "
                + "AnalysisType, RuleID, Enabled, Detection and Severity)");
      }
    }
    String id = value(top, "RuleID", n -> file.nonEmptyString(n, "RuleID"));
    if (id != null && !NAME.matcher(id).matches()) {
      file.problem(
          top.get("RuleID").value(),
          ProblemCode.BAD_VALUE,
          "RuleID: must not contain <, >, &, \" or %; found '" + id + "'");
    }
    String displayName = value(top, "DisplayName", n -> file.string(n, "DisplayName"));
    if (displayName != null && !NAME.matcher(displayName).matches()) {
      file.problem(
          top.get("DisplayName").value(),
          ProblemCode.BAD_VALUE,
          "DisplayName: must be non-empty without <, >, &, \" or %; found '" + displayName + "'");
    }
    Boolean enabled = value(top, "Enabled", n -> file.bool(n, "Enabled"));
    Severity severity = null;
    String severityText = value(top, "Severity", n -> file.string(n, "Severity"));
    if (severityText != null) {
      severity = Severity.fromPantherName(severityText).orElse(null);
      if (severity == null) {
        file.problem(
            top.get("Severity").value(),
            ProblemCode.BAD_VALUE,
            "Severity: unknown severity '"
                + severityText
                + "'"
                + YamlFile.didYouMean(severityText, RuleReader.SEVERITY_NAMES)
                + "; allowed: "
                + String.join(", ", RuleReader.SEVERITY_NAMES));
      }
    }
    Detection detection =
        top.containsKey("Detection") ? detection(top.get("Detection").value()) : null;
    List<String> tags = stringList(top, "Tags");
    Map<String, List<String>> reports = new LinkedHashMap<>();
    if (top.containsKey("Reports")) {
      Map<String, YamlFile.Entry> entries = file.mapping(top.get("Reports").value(), "Reports");
      if (entries != null) {
        for (YamlFile.Entry e : entries.values()) {
          List<Node> items = file.list(e.value(), "Reports " + e.key());
          if (items == null) {
            continue;
          }
          // Report ids are strings or numbers (CIS 3.10), as for rules; the text is kept as
          // written.
          List<String> values = new ArrayList<>();
          for (Node item : items) {
            if (item instanceof ScalarNode scalar
                && (Tag.STR.equals(item.getTag())
                    || Tag.INT.equals(item.getTag())
                    || Tag.FLOAT.equals(item.getTag()))) {
              values.add(scalar.getValue());
            } else if (file.checkTag(item)) {
              file.problem(
                  item,
                  ProblemCode.TYPE,
                  "Reports "
                      + e.key()
                      + " item: expected a string or number, found "
                      + YamlFile.describe(item));
            }
          }
          reports.put(e.key(), values);
        }
      }
    }
    List<String> summary = stringList(top, "SummaryAttributes");
    List<String> outputIds = stringList(top, "OutputIds");
    Boolean createAlert = value(top, "CreateAlert", n -> file.bool(n, "CreateAlert"));
    Boolean baseRisk =
        value(top, "OnlyUseBaseRiskScore", n -> file.bool(n, "OnlyUseBaseRiskScore"));
    Integer baseVersion = value(top, "BaseVersion", n -> file.integer(n, "BaseVersion"));
    String description = value(top, "Description", n -> file.string(n, "Description"));
    String reference = value(top, "Reference", n -> file.string(n, "Reference"));
    String runbook = value(top, "Runbook", n -> file.string(n, "Runbook"));
    String status = value(top, "Status", n -> file.string(n, "Status"));
    String createdBy = value(top, "CreatedBy", n -> file.string(n, "CreatedBy"));
    List<CorrelationTest> tests =
        top.containsKey("Tests") && detection != null
            ? tests(top.get("Tests").value(), detection.members)
            : List.of();
    String analysisType = value(top, "AnalysisType", n -> file.string(n, "AnalysisType"));
    if (analysisType != null && !analysisType.equals("correlation_rule")) {
      file.problem(
          top.get("AnalysisType").value(),
          ProblemCode.BAD_VALUE,
          "AnalysisType: expected correlation_rule, found '" + analysisType + "'");
    }
    if (!file.problems.isEmpty()
        || id == null
        || enabled == null
        || severity == null
        || detection == null) {
      if (file.problems.isEmpty()) {
        file.problem(root, ProblemCode.BAD_VALUE, "the correlation rule is incomplete");
      }
      return null;
    }
    try {
      return new CorrelationRule(
          id,
          displayName,
          enabled,
          severity,
          detection.form,
          detection.members,
          detection.criteria,
          detection.transitions,
          detection.minMatchCount,
          detection.lookback,
          detection.order,
          detection.schedule,
          description,
          runbook,
          reference,
          tags,
          reports,
          summary,
          outputIds,
          createAlert == null || createAlert,
          baseRisk != null && baseRisk,
          status,
          createdBy,
          baseVersion,
          tests,
          file.location(root));
    } catch (IllegalArgumentException e) {
      file.problem(root, ProblemCode.BAD_VALUE, e.getMessage());
      return null;
    }
  }

  private <T> T value(
      Map<String, YamlFile.Entry> map, String key, java.util.function.Function<Node, T> read) {
    YamlFile.Entry e = map.get(key);
    return e == null ? null : read.apply(e.value());
  }

  private List<String> stringList(Map<String, YamlFile.Entry> top, String key) {
    List<String> v = value(top, key, n -> file.stringList(n, key));
    return v == null ? List.of() : v;
  }

  /** One item of Detection, read. */
  private static final class Detection {
    CorrelationRule.Form form;
    List<Member> members = new ArrayList<>();
    Map<String, List<CriterionEntry>> criteria = new LinkedHashMap<>();
    List<Transition> transitions = new ArrayList<>();
    Integer minMatchCount;
    int lookback = CorrelationRule.DEFAULT_LOOKBACK_MINUTES;
    String order;
    Schedule schedule;
  }

  private Detection detection(Node node) {
    List<Node> items = file.list(node, "Detection");
    if (items == null) {
      return null;
    }
    if (items.size() != 1) {
      file.problem(
          node,
          items.isEmpty() ? ProblemCode.BAD_VALUE : ProblemCode.UNSUPPORTED,
          "Detection: expected "
              + "exactly one Group or Sequence item, found "
              + items.size()
              + " (every correlation rule in "
              + "panther-analysis has one; several have no documented meaning)");
      return null;
    }
    Node itemNode = items.get(0);
    Map<String, YamlFile.Entry> item = file.mapping(itemNode, "Detection item");
    if (item == null) {
      return null;
    }
    Detection d = new Detection();
    boolean group = item.containsKey("Group");
    boolean sequence = item.containsKey("Sequence");
    if (group && sequence) {
      file.problem(
          item.get("Sequence").keyNode(),
          ProblemCode.BAD_EXPRESSION,
          "a Detection item is either a Group or a Sequence, not both");
      return null;
    }
    if (!group && !sequence) {
      file.problem(
          itemNode,
          ProblemCode.MISSING_KEY,
          "a correlation Detection item needs Group or Sequence");
      return null;
    }
    d.form = group ? CorrelationRule.Form.GROUP : CorrelationRule.Form.SEQUENCE;
    file.checkKeys(
        item,
        group ? GROUP_KEYS : SEQUENCE_KEYS,
        group ? "a Group detection" : "a Sequence detection");
    List<Node> memberNodes =
        file.list(item.get(group ? "Group" : "Sequence").value(), group ? "Group" : "Sequence");
    Map<String, Node> memberIds = new LinkedHashMap<>();
    if (memberNodes != null) {
      if (memberNodes.isEmpty()) {
        file.problem(
            item.get(group ? "Group" : "Sequence").value(),
            ProblemCode.BAD_VALUE,
            (group ? "Group" : "Sequence") + ": expected at least one member");
      }
      for (Node m : memberNodes) {
        Member member = member(m);
        if (member != null) {
          if (memberIds.containsKey(member.id())) {
            file.problem(m, ProblemCode.BAD_VALUE, "duplicate member ID '" + member.id() + "'");
          } else {
            memberIds.put(member.id(), m);
            d.members.add(member);
          }
        }
      }
    }
    if (item.containsKey("LookbackWindowMinutes")) {
      Integer v = positive(item.get("LookbackWindowMinutes").value(), "LookbackWindowMinutes", 1);
      if (v != null) {
        d.lookback = v;
      }
    }
    if (item.containsKey("EventEvaluationOrder")) {
      Node n = item.get("EventEvaluationOrder").value();
      String v = file.string(n, "EventEvaluationOrder");
      List<String> allowed = List.of("Chronological", "ReverseChronological");
      if (v != null && !allowed.contains(v)) {
        file.problem(
            n,
            ProblemCode.BAD_VALUE,
            "EventEvaluationOrder: expected Chronological or ReverseChronological, "
                + "found '"
                + v
                + "'"
                + YamlFile.didYouMean(v, allowed));
      }
      d.order = v;
    }
    if (item.containsKey("MinMatchCount")) {
      d.minMatchCount = positive(item.get("MinMatchCount").value(), "MinMatchCount", 1);
    }
    if (!item.containsKey("Schedule")) {
      file.problem(
          itemNode,
          ProblemCode.MISSING_KEY,
          "missing required key Schedule (with TimeoutMinutes, and "
              + "RateMinutes or CronExpression)");
    } else {
      d.schedule = schedule(item.get("Schedule").value());
    }
    if (group && item.containsKey("MatchCriteria")) {
      criteria(item.get("MatchCriteria").value(), memberIds, d);
    }
    if (sequence && item.containsKey("Transitions")) {
      transitions(item.get("Transitions").value(), memberIds, d);
    }
    return d;
  }

  private Member member(Node node) {
    Map<String, YamlFile.Entry> m = file.mapping(node, "a member");
    if (m == null) {
      return null;
    }
    file.checkKeys(m, MEMBER_KEYS, "a correlation member");
    if (!m.containsKey("RuleID")) {
      file.problem(
          node,
          ProblemCode.MISSING_KEY,
          "a member needs RuleID (the rule whose signals it consumes)");
      return null;
    }
    String ruleId = file.nonEmptyString(m.get("RuleID").value(), "RuleID");
    String id = m.containsKey("ID") ? file.nonEmptyString(m.get("ID").value(), "ID") : ruleId;
    Integer min =
        m.containsKey("MinMatchCount")
            ? positive(m.get("MinMatchCount").value(), "MinMatchCount", 1)
            : null;
    Integer max =
        m.containsKey("MaxMatchCount")
            ? positive(m.get("MaxMatchCount").value(), "MaxMatchCount", 1)
            : null;
    Boolean absence =
        m.containsKey("Absence") ? file.bool(m.get("Absence").value(), "Absence") : null;
    if (max != null && min != null && max < min) {
      file.problem(
          m.get("MaxMatchCount").value(),
          ProblemCode.BAD_VALUE,
          "MaxMatchCount: " + max + " is below MinMatchCount " + min);
      return null;
    }
    if (ruleId == null || id == null) {
      return null;
    }
    return new Member(
        id, ruleId, min == null ? 1 : min, max, absence != null && absence, file.location(node));
  }

  private Integer positive(Node node, String what, int least) {
    Integer v = file.integer(node, what);
    if (v != null && v < least) {
      file.problem(
          node, ProblemCode.BAD_VALUE, what + ": expected at least " + least + ", found " + v);
      return null;
    }
    return v;
  }

  private Schedule schedule(Node node) {
    Map<String, YamlFile.Entry> s = file.mapping(node, "Schedule");
    if (s == null) {
      return null;
    }
    file.checkKeys(s, List.of("RateMinutes", "CronExpression", "TimeoutMinutes"), "Schedule");
    if (!s.containsKey("TimeoutMinutes")) {
      file.problem(node, ProblemCode.MISSING_KEY, "Schedule: missing required key TimeoutMinutes");
      return null;
    }
    Integer timeout = positive(s.get("TimeoutMinutes").value(), "TimeoutMinutes", 1);
    Integer rate =
        s.containsKey("RateMinutes")
            ? positive(s.get("RateMinutes").value(), "RateMinutes", 1)
            : null;
    String cron =
        s.containsKey("CronExpression")
            ? file.string(s.get("CronExpression").value(), "CronExpression")
            : null;
    return timeout == null ? null : new Schedule(rate, cron, timeout);
  }

  private void criteria(Node node, Map<String, Node> memberIds, Detection d) {
    Map<String, YamlFile.Entry> criteria = file.mapping(node, "MatchCriteria");
    if (criteria == null) {
      return;
    }
    Map<String, Set<String>> named = new LinkedHashMap<>();
    for (YamlFile.Entry c : criteria.values()) {
      List<Node> entries = file.list(c.value(), "MatchCriteria " + c.key());
      if (entries == null) {
        continue;
      }
      List<CriterionEntry> out = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      for (Node e : entries) {
        Map<String, YamlFile.Entry> entry = file.mapping(e, "a MatchCriteria entry");
        if (entry == null) {
          continue;
        }
        file.checkKeys(entry, List.of("GroupID", "Match"), "a MatchCriteria entry");
        if (!entry.containsKey("GroupID") || !entry.containsKey("Match")) {
          file.problem(
              e,
              ProblemCode.MISSING_KEY,
              "a MatchCriteria entry needs GroupID (a member ID) and Match (a field)");
          continue;
        }
        String groupId = file.nonEmptyString(entry.get("GroupID").value(), "GroupID");
        String field = file.nonEmptyString(entry.get("Match").value(), "Match");
        if (groupId != null && !memberIds.containsKey(groupId)) {
          file.problem(
              entry.get("GroupID").value(),
              ProblemCode.BAD_VALUE,
              "GroupID: no member has ID '"
                  + groupId
                  + "'"
                  + YamlFile.didYouMean(groupId, new ArrayList<>(memberIds.keySet()))
                  + "; members: "
                  + String.join(", ", memberIds.keySet()));
        } else if (groupId != null && !ids.add(groupId)) {
          file.problem(
              entry.get("GroupID").value(),
              ProblemCode.BAD_VALUE,
              "MatchCriteria " + c.key() + ": member '" + groupId + "' is named twice");
        } else if (groupId != null && field != null) {
          out.add(new CriterionEntry(groupId, field));
        }
      }
      named.put(c.key(), ids);
      d.criteria.put(c.key(), out);
    }
    // A member named by one criterion but not another has no unattested meaning to fall back on.
    for (String memberId : memberIds.keySet()) {
      long in = named.values().stream().filter(s -> s.contains(memberId)).count();
      if (in > 0 && in < named.size()) {
        file.problem(
            memberIds.get(memberId),
            ProblemCode.UNSUPPORTED,
            "member '"
                + memberId
                + "' is named by "
                + in
                + " of the "
                + named.size()
                + " MatchCriteria criteria; name it in all of them or in none "
                + "(a member named in none joins every value)");
      }
    }
  }

  private void transitions(Node node, Map<String, Node> memberIds, Detection d) {
    List<Node> items = file.list(node, "Transitions");
    if (items == null) {
      return;
    }
    for (Node t : items) {
      Map<String, YamlFile.Entry> tr = file.mapping(t, "a transition");
      if (tr == null) {
        continue;
      }
      file.checkKeys(tr, TRANSITION_KEYS, "a transition");
      if (!tr.containsKey("From") || !tr.containsKey("To")) {
        file.problem(t, ProblemCode.MISSING_KEY, "a transition needs From and To (member IDs)");
        continue;
      }
      String id = tr.containsKey("ID") ? file.string(tr.get("ID").value(), "ID") : null;
      String from = memberRef(tr.get("From").value(), "From", memberIds);
      String to = memberRef(tr.get("To").value(), "To", memberIds);
      Integer within =
          tr.containsKey("WithinTimeFrameMinutes")
              ? positive(tr.get("WithinTimeFrameMinutes").value(), "WithinTimeFrameMinutes", 0)
              : null;
      String fromField = null;
      String toField = null;
      if (tr.containsKey("Match")) {
        List<Node> match = file.list(tr.get("Match").value(), "Match");
        if (match != null && match.size() != 1) {
          file.problem(
              tr.get("Match").value(),
              ProblemCode.BAD_VALUE,
              "Match: expected exactly one item "
                  + "({On: field} or {From: field, To: field}), found "
                  + match.size());
        } else if (match != null) {
          Map<String, YamlFile.Entry> m = file.mapping(match.get(0), "a Match item");
          if (m != null) {
            file.checkKeys(m, List.of("On", "From", "To"), "a Match item");
            String on = m.containsKey("On") ? file.nonEmptyString(m.get("On").value(), "On") : null;
            fromField =
                m.containsKey("From") ? file.nonEmptyString(m.get("From").value(), "From") : on;
            toField = m.containsKey("To") ? file.nonEmptyString(m.get("To").value(), "To") : on;
          }
        }
      }
      if (from != null && to != null) {
        d.transitions.add(new Transition(id, from, to, within, fromField, toField));
      }
    }
  }

  private String memberRef(Node node, String what, Map<String, Node> memberIds) {
    String id = file.nonEmptyString(node, what);
    if (id != null && !memberIds.containsKey(id)) {
      file.problem(
          node,
          ProblemCode.BAD_VALUE,
          what
              + ": no member has ID '"
              + id
              + "'"
              + YamlFile.didYouMean(id, new ArrayList<>(memberIds.keySet()))
              + "; members: "
              + String.join(", ", memberIds.keySet()));
      return null;
    }
    return id;
  }

  private List<CorrelationTest> tests(Node node, List<Member> members) {
    List<Node> items = file.list(node, "Tests");
    List<CorrelationTest> out = new ArrayList<>();
    if (items == null) {
      return out;
    }
    List<String> memberIds = members.stream().map(Member::id).toList();
    for (Node item : items) {
      Map<String, YamlFile.Entry> t = file.mapping(item, "Tests item");
      if (t == null) {
        continue;
      }
      file.checkKeys(t, TEST_KEYS, "a correlation rule test");
      if (!t.keySet().containsAll(TEST_KEYS)) {
        file.problem(
            item,
            ProblemCode.MISSING_KEY,
            "a correlation rule test needs Name, ExpectedResult and RuleOutputs");
        continue;
      }
      String name = file.string(t.get("Name").value(), "Name");
      Boolean expected = file.bool(t.get("ExpectedResult").value(), "ExpectedResult");
      List<CorrelationTest.Signal> signals = new ArrayList<>();
      List<Node> outputs = file.list(t.get("RuleOutputs").value(), "RuleOutputs");
      if (outputs != null) {
        for (Node o : outputs) {
          readOutput(o, memberIds, signals);
        }
      }
      if (name != null && expected != null) {
        out.add(new CorrelationTest(name, expected, signals, file.location(item)));
      }
    }
    return out;
  }

  private void readOutput(Node node, List<String> memberIds, List<CorrelationTest.Signal> signals) {
    Map<String, YamlFile.Entry> o = file.mapping(node, "a RuleOutputs entry");
    if (o == null) {
      return;
    }
    file.checkKeys(o, List.of("ID", "Matches"), "a RuleOutputs entry");
    if (!o.containsKey("ID")) {
      file.problem(node, ProblemCode.MISSING_KEY, "a RuleOutputs entry needs ID (a member ID)");
      return;
    }
    String id = file.nonEmptyString(o.get("ID").value(), "ID");
    if (id != null && !memberIds.contains(id)) {
      file.problem(
          o.get("ID").value(),
          ProblemCode.BAD_VALUE,
          "ID: no member has ID '"
              + id
              + "'"
              + YamlFile.didYouMean(id, memberIds)
              + "; members: "
              + String.join(", ", memberIds));
      return;
    }
    if (id == null || !o.containsKey("Matches")) {
      return;
    }
    Map<String, YamlFile.Entry> fields = file.mapping(o.get("Matches").value(), "Matches");
    if (fields == null) {
      return;
    }
    for (YamlFile.Entry field : fields.values()) {
      Map<String, YamlFile.Entry> values = file.mapping(field.value(), "Matches " + field.key());
      if (values == null) {
        continue;
      }
      for (YamlFile.Entry value : values.values()) {
        List<Node> times =
            file.list(value.value(), "Matches " + field.key() + " '" + value.key() + "'");
        if (times == null) {
          continue;
        }
        for (Node time : times) {
          Long millis = time(time);
          if (millis != null) {
            signals.add(new CorrelationTest.Signal(id, field.key(), value.key(), millis));
          }
        }
      }
    }
  }

  /** An ISO-8601 timestamp, or an integer number of minutes. */
  private Long time(Node node) {
    if (node instanceof ScalarNode s && Tag.INT.equals(node.getTag())) {
      Integer minutes = file.integer(node, "a signal time (minutes)");
      return minutes == null ? null : minutes * 60_000L;
    }
    if (node instanceof ScalarNode s && Tag.STR.equals(node.getTag())) {
      Instant t = EventTime.parse(s.getValue());
      if (t == null) {
        try {
          // An ISO-8601 time with an offset, or without one (read as UTC, like Panther's times).
          t =
              s.getValue().matches(".*([zZ]|[+-]\\d\\d:?\\d\\d)$")
                  ? java.time.OffsetDateTime.parse(s.getValue()).toInstant()
                  : java.time.LocalDateTime.parse(s.getValue()).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
          file.problem(
              node,
              ProblemCode.BAD_VALUE,
              "a signal time: expected an ISO-8601 timestamp "
                  + "(2024-06-01T10:00:01Z) or an integer number of minutes, found '"
                  + s.getValue()
                  + "'");
          return null;
        }
      }
      return t.toEpochMilli();
    }
    if (file.checkTag(node)) {
      file.problem(
          node,
          ProblemCode.TYPE,
          "a signal time: expected an ISO-8601 timestamp or an integer number "
              + "of minutes, found "
              + YamlFile.describe(node));
    }
    return null;
  }
}
