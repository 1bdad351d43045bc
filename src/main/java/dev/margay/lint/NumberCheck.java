package dev.margay.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.Always;
import dev.margay.condition.Check;
import dev.margay.condition.Compare;
import dev.margay.condition.CompareFields;
import dev.margay.condition.Condition;
import dev.margay.condition.ConditionWalker;
import dev.margay.condition.FieldPath;
import dev.margay.condition.Literal;
import dev.margay.condition.Membership;
import dev.margay.condition.Quantified;
import dev.margay.event.FieldValue;
import dev.margay.event.internal.EventPath;
import dev.margay.rule.Rule;
import dev.margay.rule.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * Numeric values compared with fields that the rule's own test events hold as strings. Fields are
 * resolved as the evaluator resolves them; inside list conditions, against the list's elements.
 * {@link RuleLinter}'s {@code number-vs-string} check: one instance per rule, not thread-safe.
 */
final class NumberCheck {
  private final List<JsonNode> events;
  private final List<Diagnostic> out;
  private final java.util.Set<String> reported = new java.util.HashSet<>();

  NumberCheck(Rule rule, List<Diagnostic> out) {
    this.events = rule.tests().stream().map(t -> t.log().json()).toList();
    this.out = out;
  }

  void check(Condition condition, SourceLocation location) {
    walk(condition, events, location);
  }

  private void walk(Condition c, List<JsonNode> scopes, SourceLocation location) {
    c.accept(new Walk(scopes, location));
  }

  /** One walk over a condition whose fields are read in {@code scopes}. */
  private final class Walk implements ConditionWalker {
    private final List<JsonNode> scopes;
    private final SourceLocation location;

    Walk(List<JsonNode> scopes, SourceLocation location) {
      this.scopes = scopes;
      this.location = location;
    }

    @Override
    public Void visitAlways(Always always) {
      return null;
    }

    @Override
    public Void visitCompareFields(CompareFields fields) {
      return null;
    }

    @Override
    public Void visitCheck(Check check) {
      return null;
    }

    @Override
    public Void visitCompare(Compare compare) {
      if (compare.value().kind() == Literal.Kind.NUMBER
          && compare.field() instanceof FieldPath path) {
        compareWith(path, List.of(compare.value()), scopes, location);
      }
      return null;
    }

    @Override
    public Void visitMembership(Membership membership) {
      if (membership.field() instanceof FieldPath path
          && !membership.values().isEmpty()
          && membership.values().get(0).kind() == Literal.Kind.NUMBER) {
        compareWith(path, membership.values(), scopes, location);
      }
      return null;
    }

    @Override
    public Void visitQuantified(Quantified q) {
      if (q.field() instanceof FieldPath path) {
        List<JsonNode> elements = new ArrayList<>();
        for (JsonNode scope : scopes) {
          JsonNode list = EventPath.of(path).find(scope);
          if (list != null && list.isArray()) {
            list.forEach(elements::add);
          }
        }
        Walk inner = new Walk(elements, location);
        q.expressions().forEach(e -> e.accept(inner));
      }
      return null;
    }
  }

  private void compareWith(
      FieldPath path, List<Literal> values, List<JsonNode> scopes, SourceLocation location) {
    EventPath prepared = EventPath.of(path);
    for (JsonNode scope : scopes) {
      FieldValue found = prepared.resolve(scope);
      JsonNode text =
          found instanceof FieldValue.Present p && p.node().isTextual()
              ? p.node()
              : found instanceof FieldValue.Collection col
                  ? col.values().stream().filter(JsonNode::isTextual).findFirst().orElse(null)
                  : null;
      if (text == null) {
        continue;
      }
      String shown = path.toKeyPath().orElse(path.toString());
      String value = values.size() == 1 ? values.get(0).text() : values.toString();
      if (!reported.add(location + " " + shown + " " + value)) {
        return;
      }
      String lostZero =
          values.stream()
                  .anyMatch(
                      v -> text.textValue().matches("0+" + java.util.regex.Pattern.quote(v.text())))
              ? " (YAML reads an unquoted number with leading zeros as that number: the zeros are lost)"
              : "";
      out.add(
          new Diagnostic(
              location,
              Diagnostic.Level.WARNING,
              RuleLinter.NUMBER_VS_STRING,
              (values.size() == 1 ? "Value " : "Values ")
                  + value
                  + (values.size() == 1 ? " is a number" : " are numbers")
                  + " but '"
                  + shown
                  + "' is a string in the "
                  + "rule's test events (\""
                  + text.textValue()
                  + "\"): a number never equals a string; quote the value"
                  + lostZero));
      return;
    }
  }
}
