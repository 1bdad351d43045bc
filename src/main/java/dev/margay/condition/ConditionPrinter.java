package dev.margay.condition;

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
    condition.accept(new Printer(sb));
    return sb.toString();
  }

  /**
   * Appends one node; returns whether it was printed as an infix chain ({@code a and b}), which
   * needs parentheses where it is an operand.
   */
  private record Printer(StringBuilder sb) implements ConditionVisitor<Boolean> {

    private void operand(Condition c) {
      int start = sb.length();
      if (c.accept(this)) {
        sb.insert(start, '(').append(')');
      }
    }

    private Boolean call(Combinator combinator, List<Condition> args) {
      sb.append(combinator.callWord()).append('(');
      for (int i = 0; i < args.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        args.get(i).accept(this);
      }
      sb.append(')');
      return false;
    }

    /** {@code a and b and c}: only for two or more children; one or none print as a call. */
    private Boolean chain(Combinator combinator, List<Condition> children) {
      if (children.size() < 2) {
        return call(combinator, children);
      }
      String op = combinator.infixWord().orElseThrow();
      for (int i = 0; i < children.size(); i++) {
        if (i > 0) {
          sb.append(' ').append(op).append(' ');
        }
        operand(children.get(i));
      }
      return true;
    }

    @Override
    public Boolean visitAll(All all) {
      return chain(Combinator.ALL, all.children());
    }

    @Override
    public Boolean visitAny(Any any) {
      return chain(Combinator.ANY, any.children());
    }

    @Override
    public Boolean visitNone(None none) {
      if (none.children().size() != 1) {
        return call(Combinator.NONE, none.children());
      }
      sb.append("not ");
      operand(none.children().get(0));
      return false;
    }

    @Override
    public Boolean visitOnlyOne(OnlyOne onlyOne) {
      return call(Combinator.ONLY_ONE, onlyOne.children());
    }

    @Override
    public Boolean visitAlways(Always always) {
      sb.append(always.value());
      return false;
    }

    @Override
    public Boolean visitCompare(Compare compare) {
      appendField(sb, compare.field());
      sb.append(' ').append(compare.comparison().word()).append(' ');
      appendLiteral(sb, compare.value());
      return false;
    }

    @Override
    public Boolean visitCompareFields(CompareFields fields) {
      appendField(sb, fields.left());
      sb.append(' ').append(fields.comparison().word()).append(' ');
      appendField(sb, fields.right());
      return false;
    }

    @Override
    public Boolean visitMembership(Membership membership) {
      appendField(sb, membership.field());
      sb.append(membership.negated() ? " not in [" : " in [");
      for (int i = 0; i < membership.values().size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        appendLiteral(sb, membership.values().get(i));
      }
      sb.append(']');
      return false;
    }

    @Override
    public Boolean visitCheck(Check check) {
      appendField(sb, check.field());
      sb.append(' ').append(check.kind().word());
      return false;
    }

    @Override
    public Boolean visitQuantified(Quantified quantified) {
      sb.append(quantified.quantifier().word()).append('(');
      appendField(sb, quantified.field());
      for (Condition e : quantified.expressions()) {
        sb.append(", ");
        e.accept(this);
      }
      sb.append(')');
      return false;
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
    if (literal instanceof Literal.Str s) {
      appendString(sb, s.value());
    } else {
      sb.append(literal.text());
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
