// Over 300 lines: one method per match-expression form; the forms nest in one another.
package dev.margay.loader;

import dev.margay.condition.All;
import dev.margay.condition.Always;
import dev.margay.condition.Check;
import dev.margay.condition.Combinator;
import dev.margay.condition.Compare;
import dev.margay.condition.CompareFields;
import dev.margay.condition.Comparison;
import dev.margay.condition.Condition;
import dev.margay.condition.ConditionParser;
import dev.margay.condition.ConditionSyntaxException;
import dev.margay.condition.Enrichment;
import dev.margay.condition.Field;
import dev.margay.condition.FieldPath;
import dev.margay.condition.Literal;
import dev.margay.condition.Membership;
import dev.margay.condition.Quantified;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads match expressions (YAML mappings, or strings in compact syntax) into {@link Condition}s.
 * Every keyword lives in the tables of the condition package ({@link Combinator}, {@link
 * Comparison}, {@link Check.Kind}, {@link Quantified.Quantifier}); problems are reported to the
 * {@link YamlFile} and the expression is skipped, so one bad expression does not hide the others.
 */
final class ExpressionReader {
  static final List<String> KEY_SPECIFIERS = List.of("Key", "DeepKey", "KeyPath");
  static final List<String> EXPRESSION_KEYS = expressionKeys();
  static final List<String> ENRICHMENT_KEYS = List.of("Table", "Selector", "FieldPath");

  /** Every {@code Condition:} name, for "allowed" lists. */
  static final List<String> CONDITION_NAMES;

  static {
    List<String> names = new ArrayList<>();
    for (Comparison c : Comparison.values()) {
      names.addAll(c.pantherNames());
    }
    names.add("IsIn");
    names.add("IsNotIn");
    for (Check.Kind k : Check.Kind.values()) {
      names.add(k.pantherName());
    }
    for (Quantified.Quantifier q : Quantified.Quantifier.values()) {
      names.add(q.pantherName());
    }
    names.add("AlwaysTrue");
    names.add("AlwaysFalse");
    CONDITION_NAMES = List.copyOf(names);
  }

  private static List<String> expressionKeys() {
    List<String> keys =
        new ArrayList<>(
            List.of(
                "Key",
                "DeepKey",
                "KeyPath",
                "Enrichment",
                "Condition",
                "Value",
                "Values",
                "Expressions"));
    keys.addAll(Combinator.pantherNames());
    return List.copyOf(keys);
  }

  /**
   * Every {@code Key:} whose name holds a dot, for the rule reader to check against the test
   * events.
   */
  final List<YamlFile.Entry> dottedKeys = new ArrayList<>();

  private final YamlFile file;

  ExpressionReader(YamlFile file) {
    this.file = file;
  }

  /** A list of match expressions as an implicit {@code All}; null if the node is not a list. */
  All readList(Node node, String what) {
    List<Node> items = file.list(node, what);
    if (items == null) {
      return null;
    }
    return new All(readItems(items, what));
  }

  List<Condition> readItems(List<Node> items, String what) {
    List<Condition> out = new ArrayList<>();
    for (Node item : items) {
      Condition c = read(item, what);
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  /** One match expression; null after reporting a problem. */
  Condition read(Node node, String what) {
    if (node instanceof ScalarNode scalar && Tag.STR.equals(node.getTag())) {
      return parseCompact(scalar);
    }
    Map<String, YamlFile.Entry> entries = file.mapping(node, what + " item (a match expression)");
    if (entries == null) {
      return null;
    }
    int problemsBefore = file.problems.size();
    file.checkKeys(entries, EXPRESSION_KEYS, "a match expression");
    List<YamlFile.Entry> combinators = new ArrayList<>();
    for (Combinator c : Combinator.values()) {
      if (entries.containsKey(c.pantherName())) {
        combinators.add(entries.get(c.pantherName()));
      }
    }
    if (!combinators.isEmpty()) {
      if (entries.size() > 1) {
        file.problem(
            node,
            ProblemCode.BAD_EXPRESSION,
            "a combinator ("
                + combinators.get(0).key()
                + ") must be the only key of its match expression; found "
                + String.join(", ", entries.keySet()));
        return null;
      }
      YamlFile.Entry e = combinators.get(0);
      List<Node> items = file.list(e.value(), e.key());
      if (items == null) {
        return null;
      }
      List<Condition> children = readItems(items, e.key());
      if (file.problems.size() > problemsBefore) {
        return null;
      }
      return Combinator.fromPantherName(e.key()).orElseThrow().of(children);
    }
    YamlFile.Entry conditionEntry = entries.get("Condition");
    if (conditionEntry == null) {
      file.problem(
          node,
          ProblemCode.MISSING_KEY,
          "a match expression needs a Condition (or one of "
              + String.join(", ", Combinator.pantherNames())
              + "); found keys "
              + String.join(", ", entries.keySet()));
      return null;
    }
    String name = file.string(conditionEntry.value(), "Condition");
    if (name == null) {
      return null;
    }
    if (file.problems.size() > problemsBefore) {
      return null;
    }
    return readCondition(node, entries, name, conditionEntry.value());
  }

  private Condition readCondition(
      Node node, Map<String, YamlFile.Entry> entries, String name, Node nameNode) {
    YamlFile.Entry value = entries.get("Value");
    YamlFile.Entry values = entries.get("Values");
    YamlFile.Entry expressions = entries.get("Expressions");
    if (name.equals("AlwaysTrue") || name.equals("AlwaysFalse")) {
      if (entries.size() > 1) {
        file.problem(
            node,
            ProblemCode.BAD_EXPRESSION,
            name + " takes no other keys; found " + String.join(", ", entries.keySet()));
        return null;
      }
      return name.equals("AlwaysTrue") ? Always.TRUE : Always.FALSE;
    }
    Optional<Quantified.Quantifier> quantifier = Quantified.Quantifier.fromPantherName(name);
    Optional<Check.Kind> check = Check.Kind.fromPantherName(name);
    Optional<Comparison> comparison = Comparison.fromPantherName(name);
    boolean membership = name.equals("IsIn") || name.equals("IsNotIn");
    if (quantifier.isEmpty() && check.isEmpty() && comparison.isEmpty() && !membership) {
      file.problem(
          nameNode,
          ProblemCode.UNKNOWN_CONDITION,
          "unknown condition '"
              + name
              + "'"
              + YamlFile.didYouMean(name, CONDITION_NAMES)
              + "; allowed conditions: "
              + String.join(", ", CONDITION_NAMES));
      return null;
    }
    if (expressions != null && quantifier.isEmpty()) {
      file.problem(
          expressions.keyNode(),
          ProblemCode.BAD_EXPRESSION,
          "Expressions belongs to the list conditions (AnyElement, AllElements, "
              + "NoElement, OnlyOneElement), not to "
              + name);
      return null;
    }
    // Multi-key form: Values holds two key specifiers and there is no key of its own.
    boolean hasField = hasField(entries);
    if (comparison.isPresent() && !hasField && values != null) {
      return readMultiKey(node, comparison.get(), values);
    }
    if (!hasField) {
      file.problem(
          node,
          ProblemCode.MISSING_KEY,
          name + " needs a field: one of Key, DeepKey, KeyPath or Enrichment");
      return null;
    }
    Field field = readField(node, entries);
    if (field == null) {
      return null;
    }
    if (quantifier.isPresent()) {
      if (value != null || values != null) {
        file.problem(
            (value != null ? value : values).keyNode(),
            ProblemCode.BAD_EXPRESSION,
            name + " takes Expressions, not Value or Values");
        return null;
      }
      if (expressions == null) {
        file.problem(
            node,
            ProblemCode.MISSING_KEY,
            name + " needs Expressions: a list of match expressions applied to each element");
        return null;
      }
      All all = readList(expressions.value(), "Expressions");
      if (all == null) {
        return null;
      }
      if (all.children().isEmpty()) {
        file.problem(
            expressions.value(),
            ProblemCode.BAD_VALUE,
            "Expressions: expected at least one match expression");
        return null;
      }
      return new Quantified(field, quantifier.get(), all.children());
    }
    if (check.isPresent()) {
      if (value != null || values != null) {
        file.problem(
            (value != null ? value : values).keyNode(),
            ProblemCode.BAD_EXPRESSION,
            name + " takes no Value or Values");
        return null;
      }
      return new Check(field, check.get());
    }
    if (membership) {
      if (value != null) {
        file.problem(
            value.keyNode(),
            ProblemCode.BAD_EXPRESSION,
            name + " takes Values (a list), not Value");
        return null;
      }
      if (values == null) {
        file.problem(
            node,
            ProblemCode.MISSING_KEY,
            name + " needs Values: a list of strings, numbers or booleans");
        return null;
      }
      List<Node> items = file.list(values.value(), "Values");
      if (items == null) {
        return null;
      }
      List<Literal> literals = new ArrayList<>();
      for (Node item : items) {
        Literal l = literal(item, "Values item");
        if (l == null) {
          return null;
        }
        literals.add(l);
      }
      try {
        return new Membership(field, literals, name.equals("IsNotIn"));
      } catch (IllegalArgumentException e) {
        file.problem(values.value(), ProblemCode.BAD_VALUE, "Values: " + e.getMessage());
        return null;
      }
    }
    if (values != null) {
      file.problem(
          values.keyNode(),
          ProblemCode.BAD_EXPRESSION,
          name
              + " takes Value (one string, number or boolean); Values is for IsIn, "
              + "IsNotIn and multi-key comparisons");
      return null;
    }
    if (value == null) {
      file.problem(node, ProblemCode.MISSING_KEY, name + " needs a Value");
      return null;
    }
    Literal literal = literal(value.value(), "Value");
    if (literal == null) {
      return null;
    }
    try {
      return new Compare(field, comparison.get(), literal);
    } catch (IllegalArgumentException e) {
      file.problem(value.value(), ProblemCode.BAD_VALUE, "Value: " + e.getMessage());
      return null;
    }
  }

  private Condition readMultiKey(Node node, Comparison comparison, YamlFile.Entry values) {
    List<Node> items = file.list(values.value(), "Values");
    if (items == null) {
      return null;
    }
    if (items.size() != 2
        || !(items.get(0) instanceof MappingNode)
        || !(items.get(1) instanceof MappingNode)) {
      file.problem(
          values.value(),
          ProblemCode.BAD_EXPRESSION,
          comparison.pantherName()
              + " without a key compares two fields: Values must be "
              + "exactly two key specifiers ({KeyPath: a}, {KeyPath: b}); found "
              + items.size()
              + " item(s)");
      return null;
    }
    Field left = readKeySpecifier(items.get(0), "Values item");
    Field right = readKeySpecifier(items.get(1), "Values item");
    if (left == null || right == null) {
      return null;
    }
    return new CompareFields(left, comparison, right);
  }

  private static boolean hasField(Map<String, YamlFile.Entry> entries) {
    return entries.containsKey("Key")
        || entries.containsKey("DeepKey")
        || entries.containsKey("KeyPath")
        || entries.containsKey("Enrichment");
  }

  /**
   * A mapping holding exactly one of Key, DeepKey, KeyPath (or Enrichment): GroupBy items,
   * KeyValue.
   */
  Field readKeySpecifier(Node node, String what) {
    Map<String, YamlFile.Entry> entries = file.mapping(node, what);
    if (entries == null) {
      return null;
    }
    int before = file.problems.size();
    file.checkKeys(entries, List.of("Key", "DeepKey", "KeyPath", "Enrichment"), what);
    if (file.problems.size() > before) {
      return null;
    }
    if (!hasField(entries)) {
      file.problem(
          node,
          ProblemCode.MISSING_KEY,
          what + ": expected one of Key, DeepKey, KeyPath or Enrichment");
      return null;
    }
    return readField(node, entries);
  }

  private Field readField(Node node, Map<String, YamlFile.Entry> entries) {
    List<YamlFile.Entry> specs = new ArrayList<>();
    for (String k : List.of("Key", "DeepKey", "KeyPath", "Enrichment")) {
      if (entries.containsKey(k)) {
        specs.add(entries.get(k));
      }
    }
    if (specs.size() > 1) {
      file.problem(
          specs.get(1).keyNode(),
          ProblemCode.BAD_EXPRESSION,
          "only one of Key, DeepKey, KeyPath, Enrichment may be given; found "
              + specs.get(0).key()
              + " and "
              + specs.get(1).key());
      return null;
    }
    YamlFile.Entry spec = specs.get(0);
    switch (spec.key()) {
      case "Key":
        {
          String key = file.nonEmptyString(spec.value(), "Key");
          if (key != null && key.contains(".")) {
            dottedKeys.add(new YamlFile.Entry(key, spec.keyNode(), spec.value()));
          }
          return key == null ? null : FieldPath.key(key);
        }
      case "KeyPath":
        return keyPath(spec.value(), "KeyPath");
      case "DeepKey":
        return deepKey(spec.value());
      default:
        return enrichment(spec.value());
    }
  }

  private FieldPath keyPath(Node node, String what) {
    String text = file.nonEmptyString(node, what);
    if (text == null) {
      return null;
    }
    try {
      return FieldPath.parseKeyPath(text);
    } catch (IllegalArgumentException e) {
      file.problem(node, ProblemCode.BAD_VALUE, what + ": " + e.getMessage());
      return null;
    }
  }

  private FieldPath deepKey(Node node) {
    List<Node> items = file.list(node, "DeepKey");
    if (items == null) {
      return null;
    }
    if (items.isEmpty()) {
      file.problem(node, ProblemCode.BAD_VALUE, "DeepKey: expected at least one key");
      return null;
    }
    List<FieldPath.Segment> segments = new ArrayList<>();
    for (Node item : items) {
      if (item instanceof ScalarNode scalar && Tag.INT.equals(item.getTag())) {
        java.math.BigInteger index = YamlFile.parseInt(scalar.getValue());
        if (index.signum() < 0 || index.bitLength() > 30) {
          file.problem(
              item,
              ProblemCode.BAD_VALUE,
              "DeepKey: an array index must be between 0 and 2^30, found " + scalar.getValue());
          return null;
        }
        segments.add(new FieldPath.Index(index.intValue()));
      } else {
        String name = file.nonEmptyString(item, "DeepKey item");
        if (name == null) {
          return null;
        }
        segments.add(new FieldPath.Name(name));
      }
    }
    return new FieldPath(segments);
  }

  private Enrichment enrichment(Node node) {
    Map<String, YamlFile.Entry> entries = file.mapping(node, "Enrichment");
    if (entries == null) {
      return null;
    }
    int before = file.problems.size();
    file.checkKeys(entries, ENRICHMENT_KEYS, "Enrichment");
    String[] parts = new String[3];
    for (int i = 0; i < 3; i++) {
      YamlFile.Entry e = entries.get(ENRICHMENT_KEYS.get(i));
      if (e == null) {
        file.problem(
            node,
            ProblemCode.MISSING_KEY,
            "Enrichment needs " + ENRICHMENT_KEYS.get(i) + " (Table, Selector and FieldPath)");
      } else {
        parts[i] = file.nonEmptyString(e.value(), "Enrichment " + e.key());
      }
    }
    if (file.problems.size() > before) {
      return null;
    }
    FieldPath fieldPath = keyPath(entries.get("FieldPath").value(), "Enrichment FieldPath");
    return fieldPath == null ? null : new Enrichment(parts[0], parts[1], fieldPath);
  }

  private Literal literal(Node node, String what) {
    if (node instanceof ScalarNode scalar) {
      Tag tag = node.getTag();
      if (Tag.STR.equals(tag)) {
        return Literal.of(scalar.getValue());
      }
      if (Tag.BOOL.equals(tag)) {
        Boolean b = file.boolValue(scalar, what);
        return b == null ? null : Literal.of(b);
      }
      if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
        BigDecimal number = file.number(scalar, what);
        return number == null ? null : Literal.of(number);
      }
    }
    if (file.checkTag(node)) {
      file.problem(
          node,
          ProblemCode.TYPE,
          what + ": expected a string, number or boolean, found " + YamlFile.describe(node));
    }
    return null;
  }

  private Condition parseCompact(ScalarNode scalar) {
    String text = scalar.getValue();
    try {
      return ConditionParser.parse(text);
    } catch (ConditionSyntaxException e) {
      Mark mark = YamlFile.start(scalar);
      ScalarStyle style = scalar.getScalarStyle();
      boolean oneLine = mark.getLine() == scalar.getEndMark().map(Mark::getLine).orElse(-1);
      if (oneLine
          && (style == ScalarStyle.PLAIN
              || style == ScalarStyle.SINGLE_QUOTED
              || style == ScalarStyle.DOUBLE_QUOTED)) {
        int quote = style == ScalarStyle.PLAIN ? 0 : 1;
        file.problem(
            mark.getLine() + 1,
            mark.getColumn() + 1 + quote + e.column() - 1,
            ProblemCode.BAD_CONDITION,
            "bad condition: " + e.reason());
      } else {
        file.problem(
            scalar,
            ProblemCode.BAD_CONDITION,
            "bad condition at column "
                + e.column()
                + " of the condition: "
                + e.reason()
                + "\n    "
                + e.caretDisplay().replace("\n", "\n    "));
      }
      return null;
    }
  }
}
