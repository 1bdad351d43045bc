package dev.margay.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One leaf of a detection as a catalog lists it: a field, an operator ({@code ==}, {@code in},
 * {@code is_not_null}, {@code starts_with}, ...) and its values (sorted for {@code in}; none for a null
 * check). Immutable.
 */
public record Indicator(String field, String operator, List<String> values) {
  public Indicator {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(operator, "operator");
    values = List.copyOf(values);
  }

  /**
   * The keys this leaf is counted under in a corpus, one per value: {@code field}, operator, value. A
   * membership ({@code in}) is a disjunction of equalities, so {@code eventName in [A, B]} counts as
   * {@code eventName == A} and {@code eventName == B}; a leaf without values is one key.
   */
  List<String> corpusKeys() {
    String op = operator.equals("in") ? "==" : operator;
    if (values.isEmpty()) {
      return List.of(field + "\u0000" + op);
    }
    return values.stream().map(v -> corpusKey(v)).toList();
  }

  /** The corpus key of one of this leaf's values. */
  String corpusKey(String value) {
    return field + "\u0000" + (operator.equals("in") ? "==" : operator) + "\u0000" + value;
  }
}
