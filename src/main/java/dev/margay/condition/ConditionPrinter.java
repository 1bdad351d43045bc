package dev.margay.condition;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prints conditions in compact syntax, such that {@link ConditionParser} reads the text back to an
 * equal AST.
 */
final class ConditionPrinter {
  private ConditionPrinter() {}

  /** Literals of YAML, Python, JSON and Go that a rule author may write meaning a value. */
  private static final List<String> LITERAL_WORDS =
      List.of("null", "Null", "NULL", "None", "none", "nil", "True", "TRUE", "False", "FALSE");

  /** Words that cannot start a bare field name, because they start another construct. */
  static final Set<String> RESERVED = reserved();

  private static Set<String> reserved() {
    Set<String> words = new HashSet<>(List.of("not", "in", "true", "false", "enrichment"));
    for (Combinator c : Combinator.values()) {
      words.add(c.callWord());
      c.infixWord().ifPresent(words::add);
    }
    for (Quantified.Quantifier q : Quantified.Quantifier.values()) {
      words.add(q.word());
    }
    words.addAll(LITERAL_WORDS);
    return Set.copyOf(words);
  }

  static String print(Condition condition) {
    StringBuilder sb = new StringBuilder();
    append(sb, condition);
    return sb.toString();
  }

  private static boolean isInfix(Condition c) {
    return (c instanceof All all && all.children().size() >= 2)
        || (c instanceof Any any && any.children().size() >= 2);
  }

  private static void appendOperand(StringBuilder sb, Condition c) {
    if (isInfix(c)) {
      sb.append('(');
      append(sb, c);
      sb.append(')');
    } else {
      append(sb, c);
    }
  }

  private static void appendCall(StringBuilder sb, String name, List<Condition> args) {
    sb.append(name).append('(');
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      append(sb, args.get(i));
    }
    sb.append(')');
  }

  private static void appendInfix(
      StringBuilder sb, Combinator combinator, List<Condition> children) {
    String op = combinator.infixWord().orElseThrow();
    for (int i = 0; i < children.size(); i++) {
      if (i > 0) {
        sb.append(' ').append(op).append(' ');
      }
      appendOperand(sb, children.get(i));
    }
  }

  private static void append(StringBuilder sb, Condition condition) {
    if (condition instanceof All all) {
      if (all.children().size() < 2) {
        appendCall(sb, Combinator.ALL.callWord(), all.children());
      } else {
        appendInfix(sb, Combinator.ALL, all.children());
      }
    } else if (condition instanceof Any any) {
      if (any.children().size() < 2) {
        appendCall(sb, Combinator.ANY.callWord(), any.children());
      } else {
        appendInfix(sb, Combinator.ANY, any.children());
      }
    } else if (condition instanceof None none) {
      if (none.children().size() == 1) {
        sb.append("not ");
        appendOperand(sb, none.children().get(0));
      } else {
        appendCall(sb, Combinator.NONE.callWord(), none.children());
      }
    } else if (condition instanceof OnlyOne onlyOne) {
      appendCall(sb, Combinator.ONLY_ONE.callWord(), onlyOne.children());
    } else if (condition instanceof Always always) {
      sb.append(always.value());
    } else if (condition instanceof Compare compare) {
      appendField(sb, compare.field());
      sb.append(' ').append(compare.comparison().word()).append(' ');
      appendLiteral(sb, compare.value());
    } else if (condition instanceof CompareFields fields) {
      appendField(sb, fields.left());
      sb.append(' ').append(fields.comparison().word()).append(' ');
      appendField(sb, fields.right());
    } else if (condition instanceof Membership membership) {
      appendField(sb, membership.field());
      sb.append(membership.negated() ? " not in [" : " in [");
      for (int i = 0; i < membership.values().size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        appendLiteral(sb, membership.values().get(i));
      }
      sb.append(']');
    } else if (condition instanceof Check check) {
      appendField(sb, check.field());
      sb.append(' ').append(check.kind().word());
    } else if (condition instanceof Quantified quantified) {
      sb.append(quantified.quantifier().word()).append('(');
      appendField(sb, quantified.field());
      for (Condition e : quantified.expressions()) {
        sb.append(", ");
        append(sb, e);
      }
      sb.append(')');
    } else {
      throw new AssertionError("unhandled condition " + condition.getClass());
    }
  }

  static String printField(Field field) {
    StringBuilder sb = new StringBuilder();
    appendField(sb, field);
    return sb.toString();
  }

  static String printLiteral(Literal literal) {
    StringBuilder sb = new StringBuilder();
    appendLiteral(sb, literal);
    return sb.toString();
  }

  static boolean isIdentifier(String s) {
    if (s.isEmpty() || !isIdentifierStart(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!isIdentifierPart(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@' || c == '$';
  }

  static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
  }

  private static void appendField(StringBuilder sb, Field field) {
    if (field instanceof Enrichment enrichment) {
      sb.append("enrichment(");
      appendString(sb, enrichment.table());
      sb.append(", ");
      appendString(sb, enrichment.selector());
      sb.append(", ");
      appendString(sb, enrichment.fieldPath().toKeyPath().orElseThrow());
      sb.append(')');
      return;
    }
    FieldPath path = (FieldPath) field;
    boolean first = true;
    for (FieldPath.Segment segment : path.segments()) {
      if (segment instanceof FieldPath.Name name) {
        String text = name.name();
        boolean bare = isIdentifier(text) && !(first && RESERVED.contains(text));
        if (bare) {
          if (!first) {
            sb.append('.');
          }
          sb.append(text);
        } else {
          sb.append('[');
          appendString(sb, text);
          sb.append(']');
        }
      } else if (segment instanceof FieldPath.Index index) {
        sb.append('[').append(index.index()).append(']');
      } else {
        sb.append("[*]");
      }
      first = false;
    }
  }

  private static void appendLiteral(StringBuilder sb, Literal literal) {
    Object value = literal.value();
    if (value instanceof String s) {
      appendString(sb, s);
    } else if (value instanceof BigDecimal number) {
      sb.append(number.toString());
    } else {
      sb.append(value);
    }
  }

  /** Appends a JSON string literal. */
  static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
