package dev.margay.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keyword tables of the condition language: each spelling names one constant, both ways. */
class KeywordTablesTest {

  @Test
  void everyCombinator_isFoundByItsKeyAndItsCallWord_andBuildsItsNode() {
    Condition leaf = Always.TRUE;
    for (Combinator c : Combinator.values()) {
      assertThat(Combinator.fromPantherName(c.pantherName())).contains(c);
      assertThat(Combinator.fromCallWord(c.callWord())).contains(c);
      Condition node = c.of(List.of(leaf));
      assertThat(ConditionParser.parse(c.callWord() + "(true)")).isEqualTo(node);
    }
    assertThat(Combinator.pantherNames()).containsExactly("All", "Any", "OnlyOne", "None");
    assertThat(Combinator.fromPantherName("all")).isEmpty();
    assertThat(Combinator.fromCallWord("All")).isEmpty();
    assertThat(Combinator.fromCallWord(null)).isEmpty();
  }

  @Test
  void infixWords_areAndForAll_orForAny_andNoneForTheOthers() {
    assertThat(Combinator.ALL.infixWord()).contains("and");
    assertThat(Combinator.ANY.infixWord()).contains("or");
    assertThat(Combinator.ONLY_ONE.infixWord()).isEmpty();
    assertThat(Combinator.NONE.infixWord()).isEmpty();
  }

  @Test
  void combinatorWords_cannotStartABareField_soTheyPrintQuoted() {
    for (Combinator c : Combinator.values()) {
      Condition check = new Check(FieldPath.parseKeyPath(c.callWord()), Check.Kind.EXISTS);
      assertThat(check.toString()).isEqualTo("[\"" + c.callWord() + "\"] exists");
      assertThat(ConditionParser.parse(check.toString())).isEqualTo(check);
    }
  }

  @Test
  void negatedComparisons_areExactlyTheDoesNotForms_withTheirPositiveTwin() {
    Map<Comparison, Comparison> twins =
        Map.of(
            Comparison.DOES_NOT_EQUAL, Comparison.EQUALS,
            Comparison.DOES_NOT_START_WITH, Comparison.STARTS_WITH,
            Comparison.DOES_NOT_END_WITH, Comparison.ENDS_WITH,
            Comparison.DOES_NOT_CONTAIN, Comparison.CONTAINS);
    for (Comparison c : Comparison.values()) {
      assertThat(c.isNegated()).isEqualTo(c.pantherName().startsWith("DoesNot"));
      assertThat(c.isNegated()).isEqualTo(twins.containsKey(c));
      assertThat(c.positive()).isSameAs(twins.getOrDefault(c, c));
    }
  }

  @Test
  void everySpelling_findsItsConstant() {
    for (Comparison c : Comparison.values()) {
      c.pantherNames().forEach(n -> assertThat(Comparison.fromPantherName(n)).contains(c));
      c.words().forEach(w -> assertThat(Comparison.fromWord(w)).contains(c));
    }
    for (Check.Kind k : Check.Kind.values()) {
      assertThat(Check.Kind.fromPantherName(k.pantherName())).contains(k);
      assertThat(Check.Kind.fromWord(k.word())).contains(k);
    }
    for (Quantified.Quantifier q : Quantified.Quantifier.values()) {
      assertThat(Quantified.Quantifier.fromPantherName(q.pantherName())).contains(q);
      assertThat(Quantified.Quantifier.fromWord(q.word())).contains(q);
    }
    assertThat(Comparison.fromPantherName("IsGreaterThanOrEqual"))
        .contains(Comparison.GREATER_THAN_OR_EQUALS);
    assertThat(Comparison.fromWord("does_not_equal")).contains(Comparison.DOES_NOT_EQUAL);
  }

  @Test
  void aTableWithOneSpellingForTwoConstants_isRejectedWhenBuilt() {
    assertThatThrownBy(() -> new Keywords<>(Combinator.values(), c -> List.of("same")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("'same' names both ALL and ANY");
  }
}
