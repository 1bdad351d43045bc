package dev.margay.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.FieldPath;
import dev.margay.rule.AlertContextField;
import dev.margay.rule.Rule;
import dev.margay.rule.RuleTest;
import dev.margay.rule.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Warns about rules that load but are probably wrong:
 * <ul>
 *   <li>{@code unknown-field}: a {@code SummaryAttributes}, {@code AlertContext}, {@code GroupBy} or
 *       {@code AlertTitle} field that none of the rule's own test events contain with that exact
 *       spelling, with a did-you-mean when an event has it in another case (Panther standard
 *       {@code p_} fields are skipped: Panther adds them at ingest);</li>
 *   <li>{@code tests}: a rule without both an {@code ExpectedResult: true} and a {@code false} test.</li>
 * </ul>
 * Stateless.
 */
public final class RuleLinter {
  /** Code of the missing-field warning. */
  public static final String UNKNOWN_FIELD = "unknown-field";
  /** Code of the missing-tests warning. */
  public static final String TESTS = "tests";

  private RuleLinter() {}

  /** Every warning for one rule, in source order of the checked parts. */
  public static List<Diagnostic> lint(Rule rule) {
    List<Diagnostic> out = new ArrayList<>();
    boolean hasTrue = rule.tests().stream().anyMatch(RuleTest::expectedResult);
    boolean hasFalse = rule.tests().stream().anyMatch(t -> !t.expectedResult());
    if (!hasTrue || !hasFalse) {
      String missing = !hasTrue && !hasFalse ? "no tests" : !hasTrue ? "no ExpectedResult: true test"
          : "no ExpectedResult: false test";
      out.add(new Diagnostic(rule.locationOf("Tests"), Diagnostic.Level.WARNING, TESTS,
          "rule " + rule.id() + " has " + missing + "; it should have at least one of each"));
    }
    if (rule.tests().isEmpty()) {
      return out;
    }
    for (int i = 0; i < rule.summaryAttributes().size(); i++) {
      check(rule, FieldPath.parseKeyPath(rule.summaryAttributes().get(i)), "SummaryAttributes",
          rule.locationOf("SummaryAttributes[" + i + "]"), out);
    }
    for (int i = 0; i < rule.alertContext().size(); i++) {
      AlertContextField f = rule.alertContext().get(i);
      check(rule, f.value().path(), "AlertContext " + f.keyName(), rule.locationOf("AlertContext[" + i + "]"), out);
    }
    for (int i = 0; i < rule.groupBy().size(); i++) {
      check(rule, rule.groupBy().get(i).path(), "GroupBy", rule.locationOf("GroupBy[" + i + "]"), out);
    }
    if (rule.alertTitle() != null) {
      for (Object part : rule.alertTitle().parts()) {
        if (part instanceof FieldPath path) {
          check(rule, path, "AlertTitle", rule.locationOf("AlertTitle"), out);
        }
      }
    }
    return out;
  }

  private static void check(Rule rule, FieldPath path, String where, SourceLocation location, List<Diagnostic> out) {
    if (path.segments().get(0) instanceof FieldPath.Name first && first.name().startsWith("p_")) {
      return;
    }
    String suggestion = null;
    for (RuleTest test : rule.tests()) {
      JsonNode root = test.log().json();
      if (containsExactly(root, path.segments(), 0)) {
        return;
      }
      if (suggestion == null) {
        suggestion = spelling(root, path.segments(), 0, new StringBuilder());
      }
    }
    String text = path.toKeyPath().orElse(path.toString());
    out.add(new Diagnostic(location, Diagnostic.Level.WARNING, UNKNOWN_FIELD, where + " field '" + text
        + "' is in none of the rule's test events"
        + (suggestion != null && !suggestion.equals(text) ? " (did you mean '" + suggestion + "'?)" : "")));
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

  /** The path as the event spells it (names matched ignoring case), or null if it is not there at all. */
  private static String spelling(JsonNode node, List<FieldPath.Segment> segments, int i, StringBuilder sb) {
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
