package dev.margay.loader;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.All;
import dev.margay.condition.Any;
import dev.margay.condition.Check;
import dev.margay.condition.Compare;
import dev.margay.condition.Condition;
import dev.margay.condition.Field;
import dev.margay.condition.FieldPath;
import dev.margay.condition.Membership;
import dev.margay.rule.AlertContextField;
import dev.margay.rule.DynamicSeverity;
import dev.margay.rule.Rule;
import dev.margay.rule.RulePart;
import dev.margay.rule.RuleTest;
import dev.margay.rule.Severity;
import dev.margay.rule.TitleTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads the top level of a rule file (Panther's RULE_SCHEMA) into a {@link Rule}, reporting every
 * problem.
 */
final class RuleReader {
  static final List<String> TOP_LEVEL_KEYS =
      List.of(
          "AnalysisType",
          "RuleID",
          "DisplayName",
          "Enabled",
          "LogTypes",
          "Severity",
          "Detection",
          "Filename",
          "Description",
          "Runbook",
          "Reference",
          "DedupPeriodMinutes",
          "Threshold",
          "Tags",
          "Reports",
          "SummaryAttributes",
          "OutputIds",
          "CreateAlert",
          "OnlyUseBaseRiskScore",
          "InlineFilters",
          "AlertTitle",
          "AlertContext",
          "GroupBy",
          "DynamicSeverities",
          "Tests",
          "Status",
          "CreatedBy",
          "BaseVersion",
          "ScheduledQueries");
  static final List<String> TEST_KEYS =
      List.of("Name", "ExpectedResult", "Log", "Mocks", "LogType", "ResourceType");

  /** Panther's NAME_ID_VALIDATION_REGEX for RuleID. */
  private static final java.util.regex.Pattern RULE_ID =
      java.util.regex.Pattern.compile("[^<>&\"%]+");

  static final List<String> SEVERITY_NAMES = List.of("Info", "Low", "Medium", "High", "Critical");

  private final YamlFile file;
  private final ExpressionReader expressions;
  private final boolean readTests;

  /** Top-level member names of the test events, for the dotted-key warning. */
  private final Set<String> testEventKeys = new HashSet<>();

  RuleReader(YamlFile file, boolean readTests) {
    this.file = file;
    this.expressions = new ExpressionReader(file);
    this.readTests = readTests;
  }

  /** The rule, or null when there were problems (all of them recorded in the file). */
  Rule read(Node root) {
    Map<String, YamlFile.Entry> top = file.mapping(root, "a rule file");
    if (top == null) {
      return null;
    }
    file.checkKeys(top, TOP_LEVEL_KEYS, "a rule");

    String analysisType =
        required(top, root, "AnalysisType")
            ? file.string(top.get("AnalysisType").value(), "AnalysisType")
            : null;
    if (analysisType != null && !analysisType.equals("rule")) {
      Optional<AnalysisKind> kind = AnalysisKind.ofOtherType(analysisType);
      if (kind.isPresent()) {
        file.problem(
            top.get("AnalysisType").value(),
            ProblemCode.UNSUPPORTED,
            "this is a "
                + kind.get().singular()
                + " (AnalysisType: "
                + analysisType
                + "); Margay runs YAML detections (AnalysisType: rule with Detection)");
      } else {
        file.problem(
            top.get("AnalysisType").value(),
            ProblemCode.BAD_VALUE,
            "unknown AnalysisType '"
                + analysisType
                + "'"
                + YamlFile.didYouMean(analysisType, AnalysisKind.ANALYSIS_TYPES)
                + "; allowed: "
                + String.join(", ", AnalysisKind.ANALYSIS_TYPES));
      }
    }
    String id =
        required(top, root, "RuleID")
            ? file.nonEmptyString(top.get("RuleID").value(), "RuleID")
            : null;
    if (id != null && !RULE_ID.matcher(id).matches()) {
      file.problem(
          top.get("RuleID").value(),
          ProblemCode.BAD_VALUE,
          "RuleID: must not contain <, >, &, \" or %; found '" + id + "'");
    }
    Rule.Builder b = Rule.builder(id == null ? "?" : id);
    b.source(file.location(root));
    Map<String, dev.margay.rule.SourceLocation> locations = new LinkedHashMap<>();
    for (YamlFile.Entry e : top.values()) {
      locations.put(e.key(), file.location(e.value()));
      Optional<RulePart> part = RulePart.ofKey(e.key());
      if (part.isPresent()
          && part.get().isList()
          && e.value() instanceof org.snakeyaml.engine.v2.nodes.SequenceNode seq) {
        for (int i = 0; i < seq.getValue().size(); i++) {
          locations.put(part.get().itemKey(i), file.location(seq.getValue().get(i)));
        }
      }
      if (part.equals(Optional.of(RulePart.REPORTS))
          && e.value() instanceof org.snakeyaml.engine.v2.nodes.MappingNode reports) {
        // "Reports MITRE ATT&CK[0]": where each mapping was written, for the ATT&CK lint.
        for (org.snakeyaml.engine.v2.nodes.NodeTuple t : reports.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode framework
              && t.getValueNode() instanceof org.snakeyaml.engine.v2.nodes.SequenceNode items) {
            for (int i = 0; i < items.getValue().size(); i++) {
              locations.put(
                  RulePart.reportKey(framework.getValue(), i),
                  file.location(items.getValue().get(i)));
            }
          }
        }
      }
    }
    b.locations(locations);
    Reading reading = new Reading(top, root, b);
    for (KeyReader reader : KEY_READERS) {
      YamlFile.Entry entry = top.get(reader.key());
      if (entry != null || reader.presence() == Presence.READ_EITHER_WAY) {
        reader.read().accept(this, reading, entry == null ? null : entry.value());
      } else if (reader.presence() == Presence.REQUIRED
          || reader.presence() == Presence.REQUIRED_WITHOUT_SCHEDULED_QUERIES
              && !top.containsKey("ScheduledQueries")) {
        file.problem(root, ProblemCode.MISSING_KEY, "missing required key " + reader.key());
      }
    }
    warnDottedKeys();
    if (!file.problems.isEmpty()) {
      return null;
    }
    b.warnings(file.warnings);
    return b.build();
  }

  /** What one top-level key's reading needs besides its value. */
  private record Reading(Map<String, YamlFile.Entry> top, Node root, Rule.Builder builder) {}

  /** A reader of one value. */
  @FunctionalInterface
  private interface ValueReader {
    void accept(RuleReader reader, Reading reading, Node value);
  }

  /** Whether a rule file must have a key. */
  private enum Presence {
    OPTIONAL,
    REQUIRED,
    /** Required unless the file is a scheduled rule, which is reported on its own. */
    REQUIRED_WITHOUT_SCHEDULED_QUERIES,
    /** Its reader runs with a null value when the key is missing, and reports that itself. */
    READ_EITHER_WAY
  }

  /** How one top-level key is read. */
  private record KeyReader(String key, Presence presence, ValueReader read) {
    static KeyReader optional(String key, ValueReader read) {
      return new KeyReader(key, Presence.OPTIONAL, read);
    }

    static KeyReader required(String key, ValueReader read) {
      return new KeyReader(key, Presence.REQUIRED, read);
    }
  }

  /**
   * Every top-level key after {@code AnalysisType} and {@code RuleID} (read first: the builder
   * needs the id), in the order they are read, which is the order problems are reported in. {@code
   * Detection} also reads {@code Filename}; a missing {@code Detection} is reported after the keys
   * before it, as it always was.
   */
  private static final List<KeyReader> KEY_READERS =
      List.of(
          KeyReader.optional(
              "DisplayName", (r, x, n) -> x.builder().displayName(r.file.string(n, "DisplayName"))),
          KeyReader.required(
              "Enabled",
              (r, x, n) -> {
                Boolean enabled = r.file.bool(n, "Enabled");
                x.builder().enabled(enabled == null || enabled);
              }),
          KeyReader.optional(
              "ScheduledQueries",
              (r, x, n) ->
                  r.file.problem(
                      x.top().get("ScheduledQueries").keyNode(),
                      ProblemCode.UNSUPPORTED,
                      "scheduled rules (ScheduledQueries) are not supported: Margay runs streaming"
                          + " rules with LogTypes")),
          new KeyReader(
              "LogTypes", Presence.REQUIRED_WITHOUT_SCHEDULED_QUERIES, RuleReader::logTypes),
          KeyReader.required("Severity", RuleReader::baseSeverity),
          new KeyReader(
              "Detection",
              Presence.READ_EITHER_WAY,
              (r, x, n) -> r.readDetection(x.top(), x.root(), x.builder())),
          KeyReader.optional(
              "InlineFilters", (r, x, n) -> x.builder().inlineFilters(r.inlineFilters(n))),
          KeyReader.optional(
              "Description", (r, x, n) -> x.builder().description(r.file.string(n, "Description"))),
          KeyReader.optional(
              "Runbook", (r, x, n) -> x.builder().runbook(r.file.string(n, "Runbook"))),
          KeyReader.optional(
              "Reference", (r, x, n) -> x.builder().reference(r.file.string(n, "Reference"))),
          KeyReader.optional("DedupPeriodMinutes", RuleReader::dedupPeriodMinutes),
          KeyReader.optional("Threshold", RuleReader::threshold),
          KeyReader.optional("Tags", RuleReader::tags),
          KeyReader.optional("Reports", (r, x, n) -> x.builder().reports(r.reports(n))),
          KeyReader.optional("SummaryAttributes", RuleReader::summaryAttributes),
          KeyReader.optional(
              "OutputIds",
              (r, x, n) -> {
                List<String> ids = r.file.stringList(n, "OutputIds");
                if (ids != null) {
                  x.builder().outputIds(ids);
                }
              }),
          KeyReader.optional(
              "CreateAlert",
              (r, x, n) -> {
                Boolean v = r.file.bool(n, "CreateAlert");
                if (v != null) {
                  x.builder().createAlert(v);
                }
              }),
          KeyReader.optional(
              "OnlyUseBaseRiskScore",
              (r, x, n) -> {
                Boolean v = r.file.bool(n, "OnlyUseBaseRiskScore");
                if (v != null) {
                  x.builder().onlyUseBaseRiskScore(v);
                }
              }),
          KeyReader.optional("AlertTitle", RuleReader::alertTitle),
          KeyReader.optional(
              "AlertContext", (r, x, n) -> x.builder().alertContext(r.alertContext(n))),
          KeyReader.optional("GroupBy", RuleReader::groupBy),
          KeyReader.optional(
              "DynamicSeverities",
              (r, x, n) -> x.builder().dynamicSeverities(r.dynamicSeverities(n, r.baseSeverity))),
          KeyReader.optional("Status", (r, x, n) -> x.builder().status(r.file.string(n, "Status"))),
          KeyReader.optional(
              "CreatedBy", (r, x, n) -> x.builder().createdBy(r.file.string(n, "CreatedBy"))),
          KeyReader.optional(
              "BaseVersion",
              (r, x, n) -> x.builder().baseVersion(r.file.integer(n, "BaseVersion"))),
          KeyReader.optional(
              "Tests",
              (r, x, n) -> {
                if (r.readTests) {
                  x.builder().tests(r.tests(n));
                } else {
                  r.testEventKeys(n);
                }
              }));

  /** The base severity once read (DynamicSeverities' warnings name it), or null. */
  private Severity baseSeverity;

  private void logTypes(Reading x, Node n) {
    if (x.top().containsKey("ScheduledQueries")) {
      return; // reported as a scheduled rule; its LogTypes are not read
    }
    List<String> logTypes = file.stringList(n, "LogTypes");
    if (logTypes != null) {
      if (logTypes.isEmpty()) {
        file.problem(n, ProblemCode.BAD_VALUE, "LogTypes: expected at least one log type");
      }
      checkUnique(n, logTypes, "LogTypes", false);
      x.builder().logTypes(logTypes);
    }
  }

  private void baseSeverity(Reading x, Node n) {
    Severity s = severity(n, "Severity");
    if (s != null) {
      baseSeverity = s;
      x.builder().severity(s);
    }
  }

  private void dedupPeriodMinutes(Reading x, Node n) {
    Integer v = file.integer(n, "DedupPeriodMinutes");
    if (v != null && v < 0) {
      file.problem(
          n,
          ProblemCode.BAD_VALUE,
          "DedupPeriodMinutes: expected a positive number of minutes, found " + v);
    } else if (v != null) {
      // Panther ignores 0 and uses its default.
      x.builder().dedupPeriodMinutes(v == 0 ? Rule.DEFAULT_DEDUP_PERIOD_MINUTES : v);
    }
  }

  private void threshold(Reading x, Node n) {
    Integer v = file.integer(n, "Threshold");
    if (v != null && v < 1) {
      file.problem(n, ProblemCode.BAD_VALUE, "Threshold: expected at least 1, found " + v);
    } else if (v != null) {
      x.builder().threshold(v);
    }
  }

  private void tags(Reading x, Node n) {
    List<String> tags = file.stringList(n, "Tags");
    if (tags != null) {
      checkUnique(n, tags, "Tags", true);
      x.builder().tags(tags);
    }
  }

  private void summaryAttributes(Reading x, Node n) {
    List<String> attributes = file.stringList(n, "SummaryAttributes");
    if (attributes != null) {
      checkUnique(n, attributes, "SummaryAttributes", false);
      for (String a : attributes) {
        try {
          FieldPath.parseKeyPath(a);
        } catch (IllegalArgumentException e) {
          file.problem(n, ProblemCode.BAD_VALUE, "SummaryAttributes: " + e.getMessage());
        }
      }
      x.builder().summaryAttributes(attributes);
    }
  }

  private void alertTitle(Reading x, Node n) {
    String title = file.string(n, "AlertTitle");
    if (title != null) {
      try {
        x.builder().alertTitle(TitleTemplate.parse(title));
      } catch (IllegalArgumentException e) {
        file.problem(n, ProblemCode.BAD_VALUE, "AlertTitle: " + e.getMessage());
      }
    }
  }

  private void groupBy(Reading x, Node n) {
    List<Node> items = file.list(n, "GroupBy");
    if (items != null) {
      List<Field> fields = new ArrayList<>();
      for (Node item : items) {
        Field f = expressions.readKeySpecifier(item, "GroupBy item");
        if (f != null) {
          fields.add(f);
        }
      }
      x.builder().groupBy(fields);
    }
  }

  /**
   * {@code Key: a.b} reads one member literally named {@code a.b} (Panther's key specifier, §5.24),
   * so it never reaches {@code b} nested in {@code a}: a warning, unless a test event has a member
   * of that very name.
   */
  private void warnDottedKeys() {
    for (YamlFile.Entry key : expressions.dottedKeys) {
      if (!testEventKeys.contains(key.key())) {
        file.warn(
            key.value(),
            "key-with-dot",
            "Key reads one member name ('"
                + key.key()
                + "'), so it never reads a "
                + "nested field; use KeyPath: "
                + key.key()
                + " for a nested field");
      }
    }
  }

  private boolean required(Map<String, YamlFile.Entry> top, Node root, String key) {
    if (top.containsKey(key)) {
      return true;
    }
    file.problem(root, ProblemCode.MISSING_KEY, "missing required key " + key);
    return false;
  }

  private void readDetection(Map<String, YamlFile.Entry> top, Node root, Rule.Builder b) {
    YamlFile.Entry detection = top.get("Detection");
    YamlFile.Entry filename = top.get("Filename");
    if (detection == null && filename != null) {
      String name = file.string(filename.value(), "Filename");
      file.problem(
          filename.keyNode(),
          ProblemCode.UNSUPPORTED,
          "this is a Python rule (Filename: "
              + name
              + "); Margay runs only YAML detections: give the logic as Detection:");
      return;
    }
    if (detection != null && filename != null) {
      file.problem(
          filename.keyNode(),
          ProblemCode.UNSUPPORTED,
          "Filename and Detection are exclusive: a rule is either Python (Filename) "
              + "or a YAML detection (Detection)");
    }
    if (detection == null) {
      file.problem(
          root,
          ProblemCode.MISSING_KEY,
          "missing required key Detection (a list of match expressions)");
      return;
    }
    All all = expressions.readList(detection.value(), "Detection");
    if (all != null) {
      b.detection(all);
    }
  }

  private Condition inlineFilters(Node node) {
    List<Node> items = file.list(node, "InlineFilters");
    if (items == null) {
      return null;
    }
    List<Condition> filters = new ArrayList<>();
    for (Node item : items) {
      Condition c = expressions.read(item, "InlineFilters");
      if (c == null) {
        continue;
      }
      String bad = forbiddenInFilters(c);
      if (bad != null) {
        file.problem(
            item,
            ProblemCode.BAD_EXPRESSION,
            "InlineFilters allow only All, Any and field conditions (key/value, key/values, "
                + "existence, IP); found "
                + bad);
        continue;
      }
      filters.add(c);
    }
    return new All(filters);
  }

  /** The first construct InlineFilters' reduced grammar does not have, or null. */
  private static String forbiddenInFilters(Condition c) {
    if (c instanceof All all) {
      return firstForbidden(all.children());
    }
    if (c instanceof Any any) {
      return firstForbidden(any.children());
    }
    if (c instanceof Compare || c instanceof Membership || c instanceof Check) {
      return null;
    }
    return c.getClass().getSimpleName() + " (" + c + ")";
  }

  private static String firstForbidden(List<Condition> children) {
    for (Condition child : children) {
      String bad = forbiddenInFilters(child);
      if (bad != null) {
        return bad;
      }
    }
    return null;
  }

  /** A severity by its Panther name, or null (reported) for anything else. */
  private Severity severity(Node node, String what) {
    String text = file.string(node, what);
    if (text == null) {
      return null;
    }
    Optional<Severity> s = Severity.fromPantherName(text);
    if (s.isEmpty()) {
      file.problem(
          node,
          ProblemCode.BAD_VALUE,
          what
              + ": unknown severity '"
              + text
              + "'"
              + YamlFile.didYouMean(text, SEVERITY_NAMES)
              + "; allowed: "
              + String.join(", ", SEVERITY_NAMES));
      return null;
    }
    return s.get();
  }

  private void checkUnique(Node node, List<String> values, String what, boolean ignoreCase) {
    Set<String> seen = new HashSet<>();
    for (String v : values) {
      if (!seen.add(ignoreCase ? v.toLowerCase(Locale.ROOT) : v)) {
        file.problem(node, ProblemCode.BAD_VALUE, what + ": duplicate entry '" + v + "'");
      }
    }
  }

  private Map<String, List<String>> reports(Node node) {
    Map<String, YamlFile.Entry> entries = file.mapping(node, "Reports");
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (entries == null) {
      return out;
    }
    for (YamlFile.Entry e : entries.values()) {
      List<Node> items = file.list(e.value(), "Reports " + e.key());
      if (items == null) {
        continue;
      }
      List<String> values = new ArrayList<>();
      for (Node item : items) {
        // Report ids are strings or numbers (CIS 3.10); keep the text as written.
        if (item instanceof ScalarNode scalar
            && !org.snakeyaml.engine.v2.nodes.Tag.NULL.equals(item.getTag())
            && file.checkTag(item)) {
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
      out.put(e.key(), values);
    }
    return out;
  }

  private List<AlertContextField> alertContext(Node node) {
    List<Node> items = file.list(node, "AlertContext");
    List<AlertContextField> out = new ArrayList<>();
    if (items == null) {
      return out;
    }
    Set<String> names = new HashSet<>();
    for (Node item : items) {
      Map<String, YamlFile.Entry> entries = file.mapping(item, "AlertContext item");
      if (entries == null) {
        continue;
      }
      file.checkKeys(entries, List.of("KeyName", "KeyValue"), "an AlertContext item");
      YamlFile.Entry name = entries.get("KeyName");
      YamlFile.Entry value = entries.get("KeyValue");
      if (name == null || value == null) {
        file.problem(
            item, ProblemCode.MISSING_KEY, "an AlertContext item needs KeyName and KeyValue");
        continue;
      }
      String keyName = file.nonEmptyString(name.value(), "KeyName");
      Field field = expressions.readKeySpecifier(value.value(), "KeyValue");
      if (keyName != null && !names.add(keyName)) {
        file.problem(
            name.value(),
            ProblemCode.BAD_VALUE,
            "AlertContext: duplicate KeyName '" + keyName + "'");
      } else if (keyName != null && field != null) {
        out.add(new AlertContextField(keyName, field));
      }
    }
    return out;
  }

  /**
   * A {@code ChangeTo}: a severity or {@code DEFAULT}. An unknown severity ({@code Hight}) is what
   * Panther's runtime turns into the base severity, so it loads as {@code DEFAULT} with a warning
   * and a did-you-mean.
   */
  /** A {@code ChangeTo}'s severity: empty for {@code DEFAULT}, the base severity. */
  private record ChangeTo(Optional<Severity> severity) {}

  private ChangeTo changeTo(Node node, Severity base) {
    String text = file.string(node, "ChangeTo");
    if (text == null) {
      return null;
    }
    if (text.equals("DEFAULT")) {
      return new ChangeTo(Optional.empty());
    }
    Optional<Severity> s = Severity.fromPantherName(text);
    if (s.isEmpty()) {
      List<String> allowed = new ArrayList<>(SEVERITY_NAMES);
      allowed.add("DEFAULT");
      file.warn(
          node,
          "unknown-severity",
          "ChangeTo: unknown severity '"
              + text
              + "'"
              + YamlFile.didYouMean(text, allowed)
              + "; Panther keeps the base severity"
              + (base == null ? "" : " (" + base.pantherName() + ")")
              + " for it; allowed: "
              + String.join(", ", allowed));
      return new ChangeTo(Optional.empty());
    }
    return new ChangeTo(s);
  }

  private List<DynamicSeverity> dynamicSeverities(Node node, Severity base) {
    List<Node> items = file.list(node, "DynamicSeverities");
    List<DynamicSeverity> out = new ArrayList<>();
    if (items == null) {
      return out;
    }
    for (Node item : items) {
      Map<String, YamlFile.Entry> entries = file.mapping(item, "DynamicSeverities item");
      if (entries == null) {
        continue;
      }
      file.checkKeys(entries, List.of("ChangeTo", "Conditions"), "a DynamicSeverities item");
      YamlFile.Entry changeTo = entries.get("ChangeTo");
      YamlFile.Entry conditions = entries.get("Conditions");
      if (changeTo == null || conditions == null) {
        file.problem(
            item,
            ProblemCode.MISSING_KEY,
            "a DynamicSeverities item needs ChangeTo and Conditions");
        continue;
      }
      ChangeTo severity = changeTo(changeTo.value(), base);
      All all = expressions.readList(conditions.value(), "Conditions");
      if (severity != null && all != null) {
        out.add(new DynamicSeverity(severity.severity(), all));
      }
    }
    return out;
  }

  private List<RuleTest> tests(Node node) {
    List<Node> items = file.list(node, "Tests");
    List<RuleTest> out = new ArrayList<>();
    if (items == null) {
      return out;
    }
    JsonConverter converter = new JsonConverter(file);
    for (Node item : items) {
      Map<String, YamlFile.Entry> entries = file.mapping(item, "Tests item");
      if (entries == null) {
        continue;
      }
      file.checkKeys(entries, TEST_KEYS, "a test");
      String name = null;
      Boolean expected = null;
      JsonNode log = null;
      for (String key : List.of("Name", "ExpectedResult", "Log")) {
        if (!entries.containsKey(key)) {
          file.problem(
              item,
              ProblemCode.MISSING_KEY,
              "a test needs " + key + " (Name, ExpectedResult and Log)");
        }
      }
      if (entries.containsKey("Name")) {
        name = file.string(entries.get("Name").value(), "Name");
      }
      if (entries.containsKey("ExpectedResult")) {
        expected = file.bool(entries.get("ExpectedResult").value(), "ExpectedResult");
      }
      if (entries.containsKey("Log")) {
        Node logNode = entries.get("Log").value();
        log = converter.convert(logNode, "Log");
        if (log != null && !log.isObject()) {
          file.problem(
              logNode,
              ProblemCode.TYPE,
              "Log: expected a mapping (the event), found " + YamlFile.describe(logNode));
          log = null;
        }
      }
      List<String> mocks = new ArrayList<>();
      if (entries.containsKey("Mocks")) {
        List<Node> mockItems = file.list(entries.get("Mocks").value(), "Mocks");
        if (mockItems != null) {
          for (Node m : mockItems) {
            Map<String, YamlFile.Entry> mock = file.mapping(m, "Mocks item");
            if (mock != null) {
              YamlFile.Entry objectName = mock.get("objectName");
              mocks.add(
                  objectName != null && objectName.value() instanceof ScalarNode s
                      ? s.getValue()
                      : String.join(",", mock.keySet()));
            }
          }
        }
      }
      if (log != null) {
        log.fieldNames().forEachRemaining(testEventKeys::add);
      }
      if (name != null && expected != null && log != null) {
        out.add(RuleTest.ofJson(name, expected, log, mocks, file.location(item)));
      }
    }
    return out;
  }

  /**
   * Without reading tests: the top-level keys of each test's {@code Log} mapping, read from the
   * YAML as it stands (nothing converted, nothing checked), for {@link #warnDottedKeys}.
   */
  private void testEventKeys(Node node) {
    if (!(node instanceof org.snakeyaml.engine.v2.nodes.SequenceNode tests)) {
      return;
    }
    for (Node item : tests.getValue()) {
      if (item instanceof org.snakeyaml.engine.v2.nodes.MappingNode entry) {
        for (org.snakeyaml.engine.v2.nodes.NodeTuple t : entry.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k
              && k.getValue().equals("Log")
              && t.getValueNode() instanceof org.snakeyaml.engine.v2.nodes.MappingNode log) {
            for (org.snakeyaml.engine.v2.nodes.NodeTuple member : log.getValue()) {
              if (member.getKeyNode() instanceof ScalarNode name) {
                testEventKeys.add(name.getValue());
              }
            }
          }
        }
      }
    }
  }
}
