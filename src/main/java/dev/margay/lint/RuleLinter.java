// Over 300 lines: one pass per rule; the checks share the test events and the field lookup.
package dev.margay.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.Always;
import dev.margay.condition.Check;
import dev.margay.condition.Compare;
import dev.margay.condition.CompareFields;
import dev.margay.condition.Condition;
import dev.margay.condition.ConditionWalker;
import dev.margay.condition.Field;
import dev.margay.condition.FieldPath;
import dev.margay.condition.Membership;
import dev.margay.condition.Quantified;
import dev.margay.rule.OutputPath;
import dev.margay.rule.Rule;
import dev.margay.rule.RulePart;
import dev.margay.rule.RuleTest;
import dev.margay.rule.RuleWarning;
import dev.margay.rule.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Warns about rules that load but are probably wrong (each warning has a stable code, for SARIF):
 *
 * <ul>
 *   <li>{@code unknown-field}: a {@code SummaryAttributes}, {@code AlertContext}, {@code GroupBy}
 *       or {@code AlertTitle} field that none of the rule's own test events contain (Panther
 *       standard {@code p_} fields are skipped: Panther adds them at ingest);
 *   <li>{@code field-case}: such a field, or a field any condition reads ({@code Detection}, {@code
 *       InlineFilters}, {@code DynamicSeverities}; inside a list condition, within the list's
 *       elements), that the events hold only in another case: the evaluator finds it (keys fall
 *       back to a case-insensitive match), so it is named as such, not as missing; located at the
 *       top-level condition item. A condition field absent from every test event is not reported: a
 *       false test need not hold it;
 *   <li>{@code number-vs-string}: a numeric {@code Value}/{@code Values} compared with a field that
 *       is a string in the rule's own test events (an account id written {@code 012345678901}
 *       unquoted is the number 12345678901 and can never equal the string);
 *   <li>{@code attack-mapping}: a {@code Reports: MITRE ATT&CK} item checked against an {@link
 *       AttackTable}: malformed, unknown tactic or technique, technique not in that tactic, revoked
 *       or deprecated (the message names the ATT&amp;CK version);
 *   <li>{@code tests}: a rule without both an {@code ExpectedResult: true} and a {@code false}
 *       test;
 *   <li>the loader's own findings ({@link Rule#warnings()}): {@code key-with-dot}, {@code
 *       unknown-severity}.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class RuleLinter {
  /** Code of the missing-field warning. */
  public static final String UNKNOWN_FIELD = "unknown-field";

  /** Code of the field found only ignoring case. */
  public static final String FIELD_CASE = "field-case";

  /** Code of the missing-tests warning. */
  public static final String TESTS = "tests";

  /** Code of a number compared with a string field. */
  public static final String NUMBER_VS_STRING = "number-vs-string";

  /** Code of an ATT&amp;CK mapping that the table does not support. */
  public static final String ATTACK_MAPPING = "attack-mapping";

  /** Code of a {@code Key:} holding a dot (found by the loader). */
  public static final String KEY_WITH_DOT = "key-with-dot";

  /** Code of an unknown {@code ChangeTo} severity (found by the loader). */
  public static final String UNKNOWN_SEVERITY = "unknown-severity";

  /** The {@code Reports} framework key the ATT&amp;CK lint reads. */
  public static final String ATTACK_FRAMEWORK = "MITRE ATT&CK";

  private RuleLinter() {}

  /**
   * Every warning for one rule, checking ATT&amp;CK mappings against the bundled table when there
   * is one.
   */
  public static List<Diagnostic> lint(Rule rule) {
    return lint(rule, AttackTable.bundled().orElse(null));
  }

  /**
   * Every warning for one rule; {@code attack} null skips the ATT&amp;CK lint. Loader findings come
   * first, then the checks in the order of the list above.
   */
  public static List<Diagnostic> lint(Rule rule, AttackTable attack) {
    List<Diagnostic> out = new ArrayList<>();
    for (RuleWarning w : rule.warnings()) {
      out.add(new Diagnostic(w.location(), Diagnostic.Level.WARNING, w.code(), w.message()));
    }
    if (attack != null) {
      List<String> mappings = rule.reports().getOrDefault(ATTACK_FRAMEWORK, List.of());
      for (int i = 0; i < mappings.size(); i++) {
        int index = i;
        attack
            .check(mappings.get(i))
            .ifPresent(
                problem ->
                    out.add(
                        new Diagnostic(
                            rule.locationOfReport(ATTACK_FRAMEWORK, index),
                            Diagnostic.Level.WARNING,
                            ATTACK_MAPPING,
                            "Reports: " + problem)));
      }
    }
    boolean hasTrue = rule.tests().stream().anyMatch(RuleTest::expectedResult);
    boolean hasFalse = rule.tests().stream().anyMatch(t -> !t.expectedResult());
    if (!hasTrue || !hasFalse) {
      String missing =
          !hasTrue && !hasFalse
              ? "no tests"
              : !hasTrue ? "no ExpectedResult: true test" : "no ExpectedResult: false test";
      out.add(
          new Diagnostic(
              rule.locationOf(RulePart.TESTS),
              Diagnostic.Level.WARNING,
              TESTS,
              "rule " + rule.id() + " has " + missing + "; it should have at least one of each"));
    }
    if (rule.tests().isEmpty()) {
      return out;
    }
    NumberCheck numbers = new NumberCheck(rule, out);
    List<Condition> conjuncts = rule.detection().conjuncts();
    for (int i = 0; i < conjuncts.size(); i++) {
      numbers.check(conjuncts.get(i), detectionLocation(rule, i));
    }
    if (rule.inlineFilters() != null) {
      numbers.check(rule.inlineFilters(), rule.locationOf(RulePart.INLINE_FILTERS));
    }
    for (int i = 0; i < rule.dynamicSeverities().size(); i++) {
      numbers.check(
          rule.dynamicSeverities().get(i).conditions(),
          rule.locationOf(RulePart.DYNAMIC_SEVERITIES, i));
    }
    // Fields the conditions read: a missing one is normal (a false test need not hold it), but one
    // found
    // only ignoring case matches silently through the fallback, so it is named.
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < conjuncts.size(); i++) {
      conditionFields(
          rule, conjuncts.get(i), List.of(), "Detection", detectionLocation(rule, i), seen, out);
    }
    if (rule.inlineFilters() != null) {
      conditionFields(
          rule,
          rule.inlineFilters(),
          List.of(),
          "InlineFilters",
          rule.locationOf(RulePart.INLINE_FILTERS),
          seen,
          out);
    }
    for (int i = 0; i < rule.dynamicSeverities().size(); i++) {
      conditionFields(
          rule,
          rule.dynamicSeverities().get(i).conditions(),
          List.of(),
          "DynamicSeverities",
          rule.locationOf(RulePart.DYNAMIC_SEVERITIES, i),
          seen,
          out);
    }
    for (OutputPath output : OutputPath.of(rule)) {
      check(rule, output.path(), output.reader(), output.locationIn(rule), out);
    }
    return out;
  }

  /**
   * Where the {@code i}th conjunct of the detection was written: its item of the {@code Detection}
   * list, or the detection itself when it is a single condition, not a list.
   */
  private static SourceLocation detectionLocation(Rule rule, int i) {
    List<Condition> conjuncts = rule.detection().conjuncts();
    return conjuncts.size() == 1 && conjuncts.get(0) == rule.detection()
        ? rule.locationOf(RulePart.DETECTION)
        : rule.locationOf(RulePart.DETECTION, i);
  }

  /**
   * The {@code field-case} check for every field {@code c} reads; inside a list condition ({@code
   * prefix} not empty) a field is relative to the list's elements, so it is checked as {@code
   * list[*].field}.
   */
  private static void conditionFields(
      Rule rule,
      Condition c,
      List<FieldPath.Segment> prefix,
      String where,
      SourceLocation location,
      java.util.Set<String> seen,
      List<Diagnostic> out) {
    c.accept(new FieldCase(rule, prefix, where, location, seen, out));
  }

  /** {@link #conditionFields}: every field of a condition, relative to {@code prefix}. */
  private record FieldCase(
      Rule rule,
      List<FieldPath.Segment> prefix,
      String where,
      SourceLocation location,
      java.util.Set<String> seen,
      List<Diagnostic> out)
      implements ConditionWalker {

    private Void field(Field field) {
      conditionField(rule, field, prefix, where, location, seen, out);
      return null;
    }

    @Override
    public Void visitAlways(Always always) {
      return null;
    }

    @Override
    public Void visitCompare(Compare compare) {
      return field(compare.field());
    }

    @Override
    public Void visitCompareFields(CompareFields fields) {
      field(fields.left());
      return field(fields.right());
    }

    @Override
    public Void visitMembership(Membership membership) {
      return field(membership.field());
    }

    @Override
    public Void visitCheck(Check check) {
      return field(check.field());
    }

    @Override
    public Void visitQuantified(Quantified q) {
      field(q.field());
      if (q.field() instanceof FieldPath list) {
        List<FieldPath.Segment> inner = new ArrayList<>(prefix);
        inner.addAll(list.segments());
        inner.add(FieldPath.Wildcard.INSTANCE);
        FieldCase elements = new FieldCase(rule, inner, where, location, seen, out);
        q.expressions().forEach(e -> e.accept(elements));
      }
      return null;
    }
  }

  private static void conditionField(
      Rule rule,
      Field field,
      List<FieldPath.Segment> prefix,
      String where,
      SourceLocation location,
      java.util.Set<String> seen,
      List<Diagnostic> out) {
    if (!(field instanceof FieldPath path) || path.segments().isEmpty()) {
      return;
    }
    List<FieldPath.Segment> segments = new ArrayList<>(prefix);
    segments.addAll(path.segments());
    FieldPath full = new FieldPath(segments);
    if (seen.add(location + " " + full)) {
      check(rule, full, where, location, false, out);
    }
  }

  private static void check(
      Rule rule, FieldPath path, String where, SourceLocation location, List<Diagnostic> out) {
    check(rule, path, where, location, true, out);
  }

  /**
   * {@code reportMissing} false: only a field found ignoring case is reported, not one that is
   * absent.
   */
  private static void check(
      Rule rule,
      FieldPath path,
      String where,
      SourceLocation location,
      boolean reportMissing,
      List<Diagnostic> out) {
    if (path.segments().get(0) instanceof FieldPath.Name first && first.name().startsWith("p_")) {
      return;
    }
    String spelling = null;
    for (RuleTest test : rule.tests()) {
      JsonNode root = test.log().json();
      if (containsExactly(root, path.segments(), 0)) {
        return;
      }
      if (spelling == null) {
        spelling = spelling(root, path.segments(), 0, new StringBuilder());
      }
    }
    String text = path.toKeyPath().orElse(path.toString());
    if (spelling != null) {
      out.add(
          new Diagnostic(
              location,
              Diagnostic.Level.WARNING,
              FIELD_CASE,
              where
                  + " field '"
                  + text
                  + "' matches '"
                  + spelling
                  + "' only ignoring case (keys fall back to a case-insensitive match; write it as the events do)"));
      return;
    }
    if (!reportMissing) {
      return;
    }
    out.add(
        new Diagnostic(
            location,
            Diagnostic.Level.WARNING,
            UNKNOWN_FIELD,
            where + " field '" + text + "' is in none of the rule's test events"));
  }

  private static boolean containsExactly(JsonNode node, List<FieldPath.Segment> segments, int i) {
    if (node == null) {
      return false;
    }
    if (i == segments.size()) {
      return true;
    }
    FieldPath.Segment s = segments.get(i);
    if (s instanceof FieldPath.Name name) {
      return node.isObject() && containsExactly(node.get(name.name()), segments, i + 1);
    }
    if (s instanceof FieldPath.Index index) {
      return node.isArray() && containsExactly(node.get(index.index()), segments, i + 1);
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (containsExactly(element, segments, i + 1)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The path as the event spells it (names matched ignoring case), or null if it is not there at
   * all.
   */
  private static String spelling(
      JsonNode node, List<FieldPath.Segment> segments, int i, StringBuilder sb) {
    if (node == null) {
      return null;
    }
    if (i == segments.size()) {
      return sb.toString();
    }
    FieldPath.Segment s = segments.get(i);
    if (s instanceof FieldPath.Name name) {
      if (!node.isObject()) {
        return null;
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getKey().equalsIgnoreCase(name.name())) {
          int mark = sb.length();
          sb.append(sb.length() > 0 ? "." : "").append(e.getKey());
          String found = spelling(e.getValue(), segments, i + 1, sb);
          if (found != null) {
            return found;
          }
          sb.setLength(mark);
        }
      }
      return null;
    }
    if (s instanceof FieldPath.Index index) {
      sb.append('[').append(index.index()).append(']');
      return node.isArray() ? spelling(node.get(index.index()), segments, i + 1, sb) : null;
    }
    sb.append("[*]");
    if (node.isArray()) {
      for (JsonNode element : node) {
        String found = spelling(element, segments, i + 1, new StringBuilder(sb));
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
