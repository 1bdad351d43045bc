// Over 300 lines: one recursive-descent parser; each method is one grammar production.
package dev.margay.condition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Parses the compact condition syntax (Margay Condition Syntax), a one-line form of Simple
 * Detections:
 *
 * <pre>
 * not (errorCode is_not_null or errorMessage is_not_null)
 * eventName in ["AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"]
 * any_element(requestParameters.items, fromPort &lt;= 22 and toPort &gt;= 22)
 * </pre>
 *
 * <p>{@code and} is {@link All}, {@code or} is {@link Any}, {@code not x} is {@link None} of one
 * child; {@code one_of(...)}, {@code none_of(...)}, {@code all_of(...)}, {@code any_of(...)} write
 * the combinators with any number of children. Precedence: {@code not} over {@code and} over {@code
 * or}; parentheses make a node of their own (they are not flattened into the enclosing chain).
 * String literals are always quoted, so a bare word right of an operator is a field (a multi-key
 * comparison). {@code #} starts a comment. Stateless and thread-safe.
 */
public final class ConditionParser {
  /**
   * Deepest nesting of parentheses, {@code not} and calls; deeper text is rejected, not recursed
   * into.
   */
  public static final int MAX_DEPTH = 100;

  private final String input;
  private int pos;
  private int depth;

  private ConditionParser(String input) {
    this.input = input;
  }

  /**
   * Parses one condition.
   *
   * @throws ConditionSyntaxException with the column of the first problem
   */
  public static Condition parse(String text) {
    ConditionParser parser = new ConditionParser(text);
    Condition result = parser.parseOr();
    parser.skipSpace();
    if (parser.pos < text.length()) {
      throw parser.error(
          "expected 'and', 'or' or the end of the condition, found " + parser.describeNext());
    }
    return result;
  }

  private ConditionSyntaxException error(String reason) {
    return error(pos, reason);
  }

  private ConditionSyntaxException error(int at, String reason) {
    return new ConditionSyntaxException(input, at + 1, reason);
  }

  private void skipSpace() {
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (c == '#') {
        while (pos < input.length() && input.charAt(pos) != '\n') {
          pos++;
        }
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else {
        break;
      }
    }
  }

  private String describeNext() {
    skipSpace();
    if (pos >= input.length()) {
      return "the end of the condition";
    }
    int start = pos;
    char c = input.charAt(pos);
    int end = start + 1;
    if (ConditionPrinter.isIdentifierPart(c)) {
      while (end < input.length() && ConditionPrinter.isIdentifierPart(input.charAt(end))) {
        end++;
      }
    }
    return "'" + input.substring(start, end) + "'";
  }

  /** The identifier at the cursor, without consuming it; empty if none. */
  private String peekWord() {
    skipSpace();
    int end = pos;
    if (end < input.length() && ConditionPrinter.isIdentifierStart(input.charAt(end))) {
      end++;
      while (end < input.length() && ConditionPrinter.isIdentifierPart(input.charAt(end))) {
        end++;
      }
    }
    return input.substring(pos, end);
  }

  private boolean acceptWord(String word) {
    if (peekWord().equals(word)) {
      pos += word.length();
      return true;
    }
    return false;
  }

  private boolean accept(char c) {
    skipSpace();
    if (pos < input.length() && input.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c, String context) {
    if (!accept(c)) {
      throw error("expected '" + c + "' " + context + ", found " + describeNext());
    }
  }

  private Condition parseOr() {
    if (++depth > MAX_DEPTH) {
      throw error("the condition nests deeper than " + MAX_DEPTH + " levels");
    }
    try {
      return parseOrChain();
    } finally {
      depth--;
    }
  }

  private Condition parseOrChain() {
    return parseChain(Combinator.ANY, this::parseAnd);
  }

  private Condition parseAnd() {
    return parseChain(Combinator.ALL, this::parseNot);
  }

  /** {@code operand (word operand)*}: one operand alone, or the combinator over all of them. */
  private Condition parseChain(Combinator combinator, Supplier<Condition> operand) {
    String word = combinator.infixWord().orElseThrow();
    Condition first = operand.get();
    if (!peekWord().equals(word)) {
      return first;
    }
    List<Condition> children = new ArrayList<>();
    children.add(first);
    while (acceptWord(word)) {
      children.add(operand.get());
    }
    return combinator.of(children);
  }

  private Condition parseNot() {
    int nots = 0;
    while (acceptWord("not")) {
      if (++nots > MAX_DEPTH) {
        throw error("the condition nests deeper than " + MAX_DEPTH + " levels");
      }
    }
    Condition result = parsePrimary();
    for (int i = 0; i < nots; i++) {
      result = new None(List.of(result));
    }
    return result;
  }

  private Condition parsePrimary() {
    skipSpace();
    if (pos >= input.length()) {
      throw error("expected a condition, found the end of the condition");
    }
    if (accept('(')) {
      Condition inner = parseOr();
      expect(')', "to close '('");
      return inner;
    }
    String word = peekWord();
    if (word.equals("true") || word.equals("false")) {
      if (comparisonFollows(pos + word.length())) {
        throw literalOnTheLeft();
      }
      pos += word.length();
      return word.equals("true") ? Always.TRUE : Always.FALSE;
    }
    Optional<Combinator> combinator = Combinator.fromCallWord(word);
    if (combinator.isPresent()) {
      return parseGroup(combinator.get());
    }
    Optional<Quantified.Quantifier> quantifier = Quantified.Quantifier.fromWord(word);
    if (quantifier.isPresent()) {
      return parseQuantified(quantifier.get());
    }
    return parsePredicate();
  }

  private Condition parseGroup(Combinator combinator) {
    String word = combinator.callWord();
    pos += word.length();
    expect('(', "after '" + word + "'");
    List<Condition> children = new ArrayList<>();
    if (!accept(')')) {
      do {
        children.add(parseOr());
      } while (accept(','));
      expect(')', "to close '" + word + "('");
    }
    return combinator.of(children);
  }

  private Condition parseQuantified(Quantified.Quantifier quantifier) {
    pos += quantifier.word().length();
    expect('(', "after '" + quantifier.word() + "'");
    Field field = parseField();
    List<Condition> expressions = new ArrayList<>();
    expect(',', "after the list field of '" + quantifier.word() + "'");
    do {
      expressions.add(parseOr());
    } while (accept(','));
    expect(')', "to close '" + quantifier.word() + "('");
    return new Quantified(field, quantifier, expressions);
  }

  /** Whether a comparison operator (==, !=, <, >, ...) starts at {@code at}, after spaces. */
  private boolean comparisonFollows(int at) {
    int saved = pos;
    pos = at;
    try {
      return parseComparison() != null;
    } finally {
      pos = saved;
    }
  }

  /**
   * {@code true == flag}, {@code "X" == eventName}, {@code 22 < port}: a condition is FIELD
   * OPERATOR VALUE, so a value on the left is an error that says what to write (the comparison
   * turned round when it can be).
   */
  private ConditionSyntaxException literalOnTheLeft() {
    int start = pos;
    Literal value = parseLiteral();
    int opStart = pos;
    Comparison comparison = parseComparison();
    String op = comparison == null ? null : input.substring(opStart, pos).trim();
    Field right = null;
    if (comparison != null) {
      try {
        right = parseField();
      } catch (ConditionSyntaxException e) {
        right = null;
      }
    }
    Comparison turned =
        comparison == null
            ? null
            : switch (comparison) {
              case EQUALS, DOES_NOT_EQUAL -> comparison;
              case GREATER_THAN -> Comparison.LESS_THAN;
              case GREATER_THAN_OR_EQUALS -> Comparison.LESS_THAN_OR_EQUALS;
              case LESS_THAN -> Comparison.GREATER_THAN;
              case LESS_THAN_OR_EQUALS -> Comparison.GREATER_THAN_OR_EQUALS;
              // Only equality and order are accepted with the literal on the left.
              case I_EQUALS,
                  STARTS_WITH,
                  DOES_NOT_START_WITH,
                  I_STARTS_WITH,
                  ENDS_WITH,
                  DOES_NOT_END_WITH,
                  I_ENDS_WITH,
                  CONTAINS,
                  DOES_NOT_CONTAIN,
                  I_CONTAINS,
                  IN_CIDR ->
                  null;
            };
    if (comparison == null) {
      return error(
          start,
          "expected a field, found the value " + value + " (a condition is FIELD OPERATOR VALUE)");
    }
    return error(
        start,
        "a value cannot be on the left of '"
            + op
            + "': a condition is FIELD OPERATOR VALUE"
            + (turned != null && right != null
                ? "; write '" + right + " " + turned.word() + " " + value + "'"
                : ""));
  }

  private Condition parsePredicate() {
    skipSpace();
    if (pos < input.length() && startsLiteral()) {
      throw literalOnTheLeft();
    }
    int fieldStart = pos;
    Field field = parseField();
    skipSpace();
    int opStart = pos;
    String word = peekWord();
    Optional<Check.Kind> check = Check.Kind.fromWord(word);
    if (check.isPresent()) {
      pos += word.length();
      return new Check(field, check.get());
    }
    if (word.equals("not")) {
      pos += 3;
      if (!acceptWord("in")) {
        throw error("expected 'in' after 'not' (as in 'f not in [...]'), found " + describeNext());
      }
      return parseMembership(field, true);
    }
    if (word.equals("in")) {
      pos += 2;
      return parseMembership(field, false);
    }
    Comparison comparison = parseComparison();
    if (comparison == null) {
      throw error(
          opStart,
          "expected an operator after field '"
              + input.substring(fieldStart, opStart).trim()
              + "' (==, !=, >, >=, <, <=, in, not in, contains, starts_with, is_null, ...), found "
              + describeNext());
    }
    skipSpace();
    int valueStart = pos;
    if (pos < input.length() && startsLiteral()) {
      Literal literal = parseLiteral();
      try {
        return new Compare(field, comparison, literal);
      } catch (IllegalArgumentException e) {
        throw error(valueStart, e.getMessage());
      }
    }
    rejectLiteralWord(valueStart, field, comparison);
    Field right = parseField();
    return new CompareFields(field, comparison, right);
  }

  /**
   * A bare word on the right is a field, but {@code null}, {@code None}, {@code nil}, {@code True}
   * and {@code False} were meant as values: comparing with a field of that name (absent in every
   * event) would make {@code x != null} true on every event. They are errors that say what to write
   * instead.
   */
  private void rejectLiteralWord(int at, Field field, Comparison comparison) {
    String word = peekWord();
    if (!ConditionPrinter.RESERVED.contains(word)) {
      return;
    }
    String f = field.toString();
    String named = " (a field named " + word + " is written [\"" + word + "\"])";
    switch (word.toLowerCase(java.util.Locale.ROOT)) {
      case "null", "none", "nil" -> {
        if (comparison == Comparison.EQUALS) {
          throw error(
              at,
              "'" + word + "' is not a value to compare with: write '" + f + " is_null'" + named);
        }
        if (comparison == Comparison.DOES_NOT_EQUAL) {
          throw error(
              at,
              "'"
                  + word
                  + "' is not a value to compare with: write '"
                  + f
                  + " is_not_null'"
                  + named);
        }
        throw error(
            at,
            "'"
                + word
                + "' is not a value to compare with; test for it with is_null or is_not_null"
                + named);
      }
      case "true", "false" ->
          throw error(
              at,
              "'"
                  + word
                  + "' is not a boolean in the compact syntax: write "
                  + word.toLowerCase(java.util.Locale.ROOT)
                  + named);
      default ->
          throw error(at, "expected a value or a field, found the keyword '" + word + "'" + named);
    }
  }

  private Comparison parseComparison() {
    skipSpace();
    for (String symbol : new String[] {"==", "!=", ">=", "<=", ">", "<"}) {
      if (input.startsWith(symbol, pos)) {
        pos += symbol.length();
        return Comparison.fromWord(symbol).orElseThrow();
      }
    }
    String word = peekWord();
    Optional<Comparison> comparison = Comparison.fromWord(word);
    if (comparison.isPresent()) {
      pos += word.length();
      return comparison.get();
    }
    return null;
  }

  private boolean startsLiteral() {
    char c = input.charAt(pos);
    if (c == '"' || c == '-' || (c >= '0' && c <= '9')) {
      return true;
    }
    String word = peekWord();
    return word.equals("true") || word.equals("false");
  }

  private Condition parseMembership(Field field, boolean negated) {
    skipSpace();
    int listStart = pos;
    expect('[', "to start the list of values");
    List<Literal> values = new ArrayList<>();
    do {
      skipSpace();
      if (pos >= input.length() || !startsLiteral()) {
        String word = pos < input.length() ? peekWord() : "";
        if (List.of("null", "Null", "NULL", "None", "none", "nil").contains(word)) {
          throw error(
              "'"
                  + word
                  + "' is not a value: a list of values holds quoted strings, numbers, true or "
                  + "false; to match a missing or null field combine with 'or "
                  + field
                  + " is_null'");
        }
        throw error(
            "expected a value (a quoted string, a number, true or false), found " + describeNext());
      }
      values.add(parseLiteral());
    } while (accept(','));
    expect(']', "to close the list of values");
    try {
      return new Membership(field, values, negated);
    } catch (IllegalArgumentException e) {
      throw error(listStart, e.getMessage());
    }
  }

  private Literal parseLiteral() {
    skipSpace();
    char c = input.charAt(pos);
    if (c == '"') {
      return Literal.of(parseString());
    }
    if (acceptWord("true")) {
      return Literal.of(true);
    }
    if (acceptWord("false")) {
      return Literal.of(false);
    }
    int start = pos;
    if (c == '-') {
      pos++;
    }
    while (pos < input.length()
        && ("0123456789.+-_".indexOf(input.charAt(pos)) >= 0
            || ConditionPrinter.isIdentifierPart(input.charAt(pos)))) {
      pos++;
    }
    String text = input.substring(start, pos);
    if (!text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?") || text.length() > 100) {
      throw error(start, notANumber(text));
    }
    return Literal.of(new BigDecimal(text));
  }

  /**
   * Why {@code text} is not a number, and what to write: the compact syntax reads JSON's number
   * form only (an optional minus, digits without leading zeros, an optional fraction and exponent).
   */
  static String notANumber(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    String sign = text.startsWith("-") ? "-" : "";
    String digits = sign.isEmpty() ? text : text.substring(1);
    String[][] radixes = {
      {"0[xX][0-9a-fA-F]+", "16", "a hexadecimal"},
      {"0[oO][0-7]+", "8", "an octal"},
      {"0[bB][01]+", "2", "a binary"}
    };
    for (String[] r : radixes) {
      if (digits.matches(r[0]) && digits.length() <= 40) {
        return "'"
            + shown
            + "' is "
            + r[2]
            + " number, which the compact syntax does not read: write it in decimal ("
            + sign
            + new java.math.BigInteger(digits.substring(2), Integer.parseInt(r[1]))
            + ")";
      }
    }
    if (digits.matches("0[0-9]+(\\.[0-9]+)?") && digits.length() <= 40) {
      return "'"
          + shown
          + "' has a leading zero, which the compact syntax does not read (nor as octal): write "
          + sign
          + new BigDecimal(digits).toPlainString()
          + ", or \""
          + shown
          + "\" for a string";
    }
    if (digits.matches("[0-9][0-9_]*[0-9](\\.[0-9_]+)?") && digits.length() <= 40) {
      return "'"
          + shown
          + "' is not a number: write it without underscores ("
          + text.replace("_", "")
          + ")";
    }
    return "'"
        + shown
        + "' is not a number (numbers are written as in JSON: 16, -2.5, 1e3; strings are quoted)";
  }

  private String parseString() {
    int start = pos;
    pos++; // opening quote
    StringBuilder sb = new StringBuilder();
    while (pos < input.length()) {
      char c = input.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\') {
        if (pos >= input.length()) {
          break;
        }
        char e = input.charAt(pos++);
        switch (e) {
          case '"':
          case '\\':
          case '/':
            sb.append(e);
            break;
          case 'n':
            sb.append('\n');
            break;
          case 't':
            sb.append('\t');
            break;
          case 'r':
            sb.append('\r');
            break;
          case 'b':
            sb.append('\b');
            break;
          case 'f':
            sb.append('\f');
            break;
          case 'u':
            if (pos + 4 > input.length()) {
              throw error(pos - 2, "incomplete \\u escape");
            }
            try {
              sb.append((char) Integer.parseInt(input.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw error(pos - 2, "bad \\u escape '\\u" + input.substring(pos, pos + 4) + "'");
            }
            pos += 4;
            break;
          default:
            throw error(pos - 2, "unknown escape '\\" + e + "' in string");
        }
      } else {
        sb.append(c);
      }
    }
    throw error(start, "unterminated string");
  }

  private Field parseField() {
    skipSpace();
    int start = pos;
    String word = peekWord();
    if (word.equals("enrichment")) {
      pos += word.length();
      expect('(', "after 'enrichment'");
      String table = expectString("the enrichment table");
      expect(',', "after the enrichment table");
      String selector = expectString("the enrichment selector");
      expect(',', "after the enrichment selector");
      int pathAt = pos;
      String fieldPath = expectString("the enrichment field path");
      expect(')', "to close 'enrichment('");
      try {
        return new Enrichment(table, selector, FieldPath.parseKeyPath(fieldPath));
      } catch (IllegalArgumentException e) {
        throw error(pathAt, e.getMessage());
      }
    }
    List<FieldPath.Segment> segments = new ArrayList<>();
    if (!word.isEmpty()) {
      if (ConditionPrinter.RESERVED.contains(word)) {
        throw error(
            start,
            "expected a field, found the keyword '"
                + word
                + "' (write [\""
                + word
                + "\"] for a field of that name)");
      }
      segments.add(new FieldPath.Name(word));
      pos += word.length();
    } else if (pos < input.length() && input.charAt(pos) == '[') {
      segments.add(parseBracket());
    } else {
      throw error("expected a field, found " + describeNext());
    }
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (c == '.') {
        pos++;
        String name = peekWordNoSpace();
        if (name.isEmpty()) {
          throw error("expected a name after '.', found " + describeNext());
        }
        segments.add(new FieldPath.Name(name));
        pos += name.length();
      } else if (c == '[') {
        segments.add(parseBracket());
      } else {
        break;
      }
    }
    return new FieldPath(segments);
  }

  private String peekWordNoSpace() {
    int end = pos;
    while (end < input.length() && ConditionPrinter.isIdentifierPart(input.charAt(end))) {
      end++;
    }
    return input.substring(pos, end);
  }

  private FieldPath.Segment parseBracket() {
    int start = pos;
    pos++; // '['
    FieldPath.Segment segment;
    if (pos < input.length() && input.charAt(pos) == '"') {
      String name = parseString();
      if (name.isEmpty()) {
        throw error(start, "a field name cannot be empty");
      }
      segment = new FieldPath.Name(name);
    } else if (pos < input.length() && input.charAt(pos) == '*') {
      pos++;
      segment = FieldPath.Wildcard.INSTANCE;
    } else {
      int digitsStart = pos;
      while (pos < input.length() && Character.isDigit(input.charAt(pos))) {
        pos++;
      }
      if (pos == digitsStart || pos - digitsStart > 9) {
        throw error(start, "expected [\"name\"], [N] or [*], found " + describeNext());
      }
      segment = new FieldPath.Index(Integer.parseInt(input.substring(digitsStart, pos)));
    }
    if (pos >= input.length() || input.charAt(pos) != ']') {
      throw error("expected ']', found " + describeNext());
    }
    pos++;
    return segment;
  }

  private String expectString(String what) {
    skipSpace();
    if (pos >= input.length() || input.charAt(pos) != '"') {
      throw error("expected " + what + " as a quoted string, found " + describeNext());
    }
    return parseString();
  }
}
