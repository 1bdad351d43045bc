package dev.margay.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Words that mean a value are never read as fields in the compact syntax: {@code errorCode != null}
 * used to compare with a field named {@code null} (absent everywhere), so the rule fired on every
 * event. Each such word on the right of a comparison is an error that says what to write; a field
 * really named so stays reachable as {@code ["null"]}.
 */
class CompactLiteralsTest {
  private static ConditionSyntaxException error(String text) {
    ConditionSyntaxException e =
        catchThrowableOfType(ConditionSyntaxException.class, () -> ConditionParser.parse(text));
    assertThat(e).as("'%s' should not parse", text).isNotNull();
    return e;
  }

  /** condition, column of the error, reason. */
  private static final String[][] ERRORS = {
    {
      "errorCode == null",
      "14",
      "'null' is not a value to compare with: write 'errorCode is_null' (a field named null is written [\"null\"])"
    },
    {
      "errorCode != null",
      "14",
      "'null' is not a value to compare with: write 'errorCode is_not_null' (a field named null is written [\"null\"])"
    },
    {
      "errorCode != None",
      "14",
      "'None' is not a value to compare with: write 'errorCode is_not_null' (a field named None is written [\"None\"])"
    },
    {
      "errorCode == None",
      "14",
      "'None' is not a value to compare with: write 'errorCode is_null' (a field named None is written [\"None\"])"
    },
    {
      "errorCode != nil",
      "14",
      "'nil' is not a value to compare with: write 'errorCode is_not_null' (a field named nil is written [\"nil\"])"
    },
    {
      "errorCode == NULL",
      "14",
      "'NULL' is not a value to compare with: write 'errorCode is_null' (a field named NULL is written [\"NULL\"])"
    },
    {
      "a.b[0].c equals Null",
      "17",
      "'Null' is not a value to compare with: write 'a.b[0].c is_null' (a field named Null is written [\"Null\"])"
    },
    {
      "x > null",
      "5",
      "'null' is not a value to compare with; test for it with is_null or is_not_null (a field named null is written [\"null\"])"
    },
    {
      "x starts_with None",
      "15",
      "'None' is not a value to compare with; test for it with is_null or is_not_null (a field named None is written [\"None\"])"
    },
    {
      "readOnly == True",
      "13",
      "'True' is not a boolean in the compact syntax: write true (a field named True is written [\"True\"])"
    },
    {
      "readOnly != FALSE",
      "13",
      "'FALSE' is not a boolean in the compact syntax: write false (a field named FALSE is written [\"FALSE\"])"
    },
    {
      "x in [\"a\", null]",
      "12",
      "'null' is not a value: a list of values holds quoted strings, numbers, true or false; to match a missing or null field combine with 'or x is_null'"
    },
    {
      "x not in [None]",
      "11",
      "'None' is not a value: a list of values holds quoted strings, numbers, true or false; to match a missing or null field combine with 'or x is_null'"
    },
    {
      "null == x",
      "1",
      "expected a field, found the keyword 'null' (write [\"null\"] for a field of that name)"
    },
    {
      "port == 0x10",
      "9",
      "'0x10' is a hexadecimal number, which the compact syntax does not read: write it in decimal (16)"
    },
    {
      "x == -0X1F",
      "6",
      "'-0X1F' is a hexadecimal number, which the compact syntax does not read: write it in decimal (-31)"
    },
    {
      "mode == 0o755",
      "9",
      "'0o755' is an octal number, which the compact syntax does not read: write it in decimal (493)"
    },
    {
      "flags == 0b101",
      "10",
      "'0b101' is a binary number, which the compact syntax does not read: write it in decimal (5)"
    },
    {
      "mode == 0755",
      "9",
      "'0755' has a leading zero, which the compact syntax does not read (nor as octal): write 755, or \"0755\" for a string"
    },
    {"n < 1_000", "5", "'1_000' is not a number: write it without underscores (1000)"},
    {
      "port in [22, 0x50]",
      "14",
      "'0x50' is a hexadecimal number, which the compact syntax does not read: write it in decimal (80)"
    },
    {
      "x == 12abc",
      "6",
      "'12abc' is not a number (numbers are written as in JSON: 16, -2.5, 1e3; strings are quoted)"
    },
    {"x == .5", "6", "expected a field, found '.'"},
    {
      "true == flag",
      "1",
      "a value cannot be on the left of '==': a condition is FIELD OPERATOR VALUE; write 'flag == true'"
    },
    {
      "false != a.b",
      "1",
      "a value cannot be on the left of '!=': a condition is FIELD OPERATOR VALUE; write 'a.b != false'"
    },
    {
      "\"X\" == eventName",
      "1",
      "a value cannot be on the left of '==': a condition is FIELD OPERATOR VALUE; write 'eventName == \"X\"'"
    },
    {
      "x == 1 and 22 < port",
      "12",
      "a value cannot be on the left of '<': a condition is FIELD OPERATOR VALUE; write 'port > 22'"
    },
    {
      "-1 >= n",
      "1",
      "a value cannot be on the left of '>=': a condition is FIELD OPERATOR VALUE; write 'n <= -1'"
    },
    {
      "\"abc\" contains x",
      "1",
      "a value cannot be on the left of 'contains': a condition is FIELD OPERATOR VALUE"
    },
    {"\"X\"", "1", "expected a field, found the value \"X\" (a condition is FIELD OPERATOR VALUE)"},
  };

  @TestFactory
  Stream<DynamicTest> literalWords_areErrorsThatSayWhatToWrite() {
    return Stream.of(ERRORS)
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c[0],
                    () -> {
                      ConditionSyntaxException e = error(c[0]);
                      assertThat(e.reason()).isEqualTo(c[2]);
                      assertThat(e.column()).isEqualTo(Integer.parseInt(c[1]));
                    }));
  }

  @Test
  void lowerCaseBooleansAndNumbersAreValues() {
    assertThat(ConditionParser.parse("readOnly == true"))
        .isEqualTo(
            new Compare(FieldPath.parseKeyPath("readOnly"), Comparison.EQUALS, Literal.of(true)));
    assertThat(ConditionParser.parse("port != -22.5e1"))
        .isEqualTo(
            new Compare(
                FieldPath.parseKeyPath("port"),
                Comparison.DOES_NOT_EQUAL,
                Literal.of(new BigDecimal("-22.5e1"))));
    assertThat(ConditionParser.parse("x in [\"null\", \"None\"]").toString())
        .isEqualTo("x in [\"null\", \"None\"]");
  }

  @Test
  void numbersAreReadInJsonForm_andTrueAndFalseAloneAreStillConditions() {
    for (String n : List.of("0", "16", "-2", "2.5", "-0.25", "1e3", "1E-3", "2.5e+2")) {
      assertThat(ConditionParser.parse("x == " + n))
          .isEqualTo(
              new Compare(
                  FieldPath.parseKeyPath("x"), Comparison.EQUALS, Literal.of(new BigDecimal(n))));
    }
    assertThat(ConditionParser.parse("true")).isEqualTo(Always.TRUE);
    assertThat(ConditionParser.parse("false or x == 1").toString()).isEqualTo("false or x == 1");
  }

  @Test
  void aFieldNamedLikeALiteral_isReachableInBrackets_andPrintsBack() {
    for (String word : List.of("null", "None", "nil", "True", "False")) {
      Condition c = ConditionParser.parse("x != [\"" + word + "\"]");
      assertThat(c)
          .isEqualTo(
              new CompareFields(
                  FieldPath.parseKeyPath("x"),
                  Comparison.DOES_NOT_EQUAL,
                  new FieldPath(List.of(new FieldPath.Name(word)))));
      assertThat(c.toString()).isEqualTo("x != [\"" + word + "\"]");
      assertThat(ConditionParser.parse(c.toString())).isEqualTo(c);
      Condition left = ConditionParser.parse("[\"" + word + "\"] is_null");
      assertThat(ConditionParser.parse(left.toString())).isEqualTo(left);
    }
  }

  @Test
  void aNestedNameThatLooksLikeALiteral_isAnOrdinaryName() {
    // Only a first segment can be mistaken for a value; after a dot it is a member name.
    assertThat(ConditionParser.parse("x == a.null").toString()).isEqualTo("x == a.null");
  }
}
