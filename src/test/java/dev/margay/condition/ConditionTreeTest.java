package dev.margay.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of the condition tree: children, conjuncts, and printing nested chains. */
class ConditionTreeTest {
  private static final Condition A = ConditionParser.parse("a == 1");
  private static final Condition B = ConditionParser.parse("b exists");
  private static final Condition C = ConditionParser.parse("c != d");

  @Test
  void combinators_haveTheirChildren_aListConditionItsExpressions_andLeavesNone() {
    for (Combinator combinator : Combinator.values()) {
      assertThat(combinator.of(List.of(A, B)).children()).containsExactly(A, B);
    }
    Condition quantified = ConditionParser.parse("any_element(items, a == 1, b exists)");
    assertThat(quantified.children()).containsExactly(A, B);
    for (String leaf :
        List.of(
            "true", "a == 1", "c != d", "a in [1, 2]", "b exists", "ip in_cidr \"10.0.0.0/8\"")) {
      assertThat(ConditionParser.parse(leaf).children()).as(leaf).isEmpty();
    }
  }

  @Test
  void conjuncts_areAnAllsChildren_andAnyOtherConditionAlone() {
    assertThat(All.of(A, B).conjuncts()).containsExactly(A, B);
    assertThat(All.of(A).conjuncts()).containsExactly(A);
    assertThat(new All(List.of()).conjuncts()).isEmpty();
    Condition any = Any.of(A, B);
    assertThat(any.conjuncts()).containsExactly(any);
    assertThat(A.conjuncts()).containsExactly(A);
  }

  @Test
  void chainsInsideChains_printWithParentheses_andReadBackEqual() {
    Condition nested = All.of(Any.of(A, B), None.of(All.of(B, C)), OnlyOne.of(A, Any.of(B, C)));
    assertThat(nested.toString())
        .isEqualTo(
            "(a == 1 or b exists) and not (b exists and c != d)"
                + " and one_of(a == 1, b exists or c != d)");
    assertThat(ConditionParser.parse(nested.toString())).isEqualTo(nested);
  }
}
