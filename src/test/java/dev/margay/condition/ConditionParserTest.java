package dev.margay.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionParserTest {

  private static FieldPath f(String keyPath) {
    return FieldPath.parseKeyPath(keyPath);
  }

  @Test
  void seedExclusion_parsesToNoneOfAnyOfIsNotNull() {
    assertThat(ConditionParser.parse("not (errorCode is_not_null or errorMessage is_not_null)"))
        .isEqualTo(
            None.of(
                Any.of(
                    new Check(f("errorCode"), Check.Kind.IS_NOT_NULL),
                    new Check(f("errorMessage"), Check.Kind.IS_NOT_NULL))));
  }

  @Test
  void seedIndicator_parsesToMembership() {
    assertThat(
            ConditionParser.parse(
                "eventName in [\"AuthorizeSecurityGroupIngress\", \"CreateSecurityGroup\"]"))
        .isEqualTo(
            new Membership(
                f("eventName"),
                List.of(
                    Literal.of("AuthorizeSecurityGroupIngress"), Literal.of("CreateSecurityGroup")),
                false));
  }

  @Test
  void precedence_notBindsTighterThanAnd_andTighterThanOr() {
    Condition a = new Compare(f("a"), Comparison.EQUALS, Literal.of(1));
    Condition b = new Compare(f("b"), Comparison.EQUALS, Literal.of(2));
    Condition c = new Compare(f("c"), Comparison.EQUALS, Literal.of(3));
    assertThat(ConditionParser.parse("not a == 1 and b == 2 or c == 3"))
        .isEqualTo(Any.of(All.of(None.of(a), b), c));
  }

  @Test
  void parentheses_makeTheirOwnNode_andAreNotFlattened() {
    Condition parsed = ConditionParser.parse("a == 1 and (b == 2 and c == 3)");
    assertThat(((All) parsed).children()).hasSize(2);
  }

  @Test
  void bareWordRightOfOperator_isAField_soTheComparisonIsMultiKey() {
    assertThat(ConditionParser.parse("userIdentity.accountId != recipientAccountId"))
        .isEqualTo(
            new CompareFields(
                f("userIdentity.accountId"), Comparison.DOES_NOT_EQUAL, f("recipientAccountId")));
  }

  @Test
  void pathsWithIndexesWildcardsAndQuotedNames() {
    assertThat(ConditionParser.parse("requestParameters[\"x-amz-acl\"][0] == \"public-read\""))
        .isEqualTo(
            new Compare(
                new FieldPath(
                    List.of(
                        new FieldPath.Name("requestParameters"),
                        new FieldPath.Name("x-amz-acl"),
                        new FieldPath.Index(0))),
                Comparison.EQUALS,
                Literal.of("public-read")));
    assertThat(ConditionParser.parse("items[*].id contains \"x\"").toString())
        .isEqualTo("items[*].id contains \"x\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not (errorCode is_not_null or errorMessage is_not_null)",
        "eventName in [\"A\", \"B\"]",
        "eventName not in [\"A\"]",
        "a == 1 and (b == 2 and c == 3)",
        "(a == 1 or b == 2) and c != 3.50",
        "a == 1 or (b == 2 or c == 3)",
        "not not a exists",
        "none_of(a exists, b exists)",
        "one_of(a exists, b exists, c exists)",
        "all_of()",
        "any_of()",
        "none_of()",
        "one_of()",
        "all_of(a exists)",
        "any_of(a exists)",
        "true",
        "false",
        "size >= 1048575.5 and size < 2e3 and n <= -4",
        "sourceIPAddress in_cidr \"10.0.0.0/8\"",
        "sourceIPAddress is_ip_address_public",
        "userAgent i_contains \"terraform\" and userAgent does_not_end_with \"x\"",
        "any_element(requestParameters.ipPermissions.items, fromPort <= 22, toPort >= 22 and any_element(ipRanges.items, cidrIp == \"0.0.0.0/0\"))",
        "all_elements(items, encrypted == true)",
        "no_element(items, a exists)",
        "only_one_element(items[*].x, y == \"z\")",
        "enrichment(\"ipinfo_location\", \"sourceIPAddress\", \"country\") in [\"KP\", \"IR\"]",
        "[\"in\"] == \"x\" and [\"a.b\"] == \"y\" and a.in == \"z\"",
        "s == \"quote \\\" backslash \\\\ tab \\t\"",
        "toPort > fromPort",
      })
  void printingThenParsing_givesAnEqualAst(String text) {
    Condition parsed = ConditionParser.parse(text);
    assertThat(ConditionParser.parse(parsed.toString())).isEqualTo(parsed);
  }

  @Test
  void singleChildAllAndAny_printAsCalls_soTheyRoundTrip() {
    Condition c = All.of(new Check(f("a"), Check.Kind.EXISTS));
    assertThat(c.toString()).isEqualTo("all_of(a exists)");
    assertThat(ConditionParser.parse(c.toString())).isEqualTo(c);
  }

  @Test
  void unknownOperator_reportsColumnAndWhatWasExpected() {
    assertThatThrownBy(() -> ConditionParser.parse("eventName equal \"x\""))
        .isInstanceOfSatisfying(
            ConditionSyntaxException.class,
            e -> {
              assertThat(e.column()).isEqualTo(11);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "column 11: expected an operator after field 'eventName' (==, !=, >, >=, "
                          + "<, <=, in, not in, contains, starts_with, is_null, ...), found 'equal'");
              assertThat(e.caretDisplay()).isEqualTo("eventName equal \"x\"\n          ^");
            });
  }

  @Test
  void unclosedParenthesis_isReportedAtTheEnd() {
    assertThatThrownBy(() -> ConditionParser.parse("not (a exists"))
        .hasMessage("column 14: expected ')' to close '(', found the end of the condition");
  }

  @Test
  void numericOperatorWithAString_isRejectedAtTheValue() {
    assertThatThrownBy(() -> ConditionParser.parse("port > \"22\""))
        .hasMessage("column 8: IsGreaterThan needs a number, found \"22\"");
  }

  @Test
  void mixedTypesInAList_areRejected() {
    assertThatThrownBy(() -> ConditionParser.parse("x in [\"a\", 1]"))
        .hasMessage(
            "column 6: Values must be all strings, all numbers or all booleans; found string and number");
  }

  @Test
  void invalidCidr_isRejected() {
    assertThatThrownBy(() -> ConditionParser.parse("ip in_cidr \"10.0.0.0/33\""))
        .hasMessage("column 12: '10.0.0.0/33' is not a CIDR network: prefix length 33 exceeds 32");
  }

  @Test
  void deepNesting_isRejected_notRecursedInto() {
    assertThatThrownBy(
            () -> ConditionParser.parse("(".repeat(100_000) + "a exists" + ")".repeat(100_000)))
        .hasMessage("column 101: the condition nests deeper than 100 levels");
    assertThatThrownBy(() -> ConditionParser.parse("not ".repeat(100_000) + "a exists"))
        .hasMessageContaining("nests deeper than 100 levels");
  }

  @Test
  void reservedWordAsField_needsBrackets() {
    assertThatThrownBy(() -> ConditionParser.parse("in == \"x\""))
        .hasMessageContaining("expected a field, found the keyword 'in'");
  }
}
