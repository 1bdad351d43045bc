package dev.margay.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One leaf of a detection as a catalog lists it: a field, an operator ({@code ==}, {@code in},
 * {@code is_not_null}, {@code starts_with}, ...) and its values as shown (sorted for {@code in};
 * none for a null check; a compared string in quotes, as the compact syntax writes it), with {@code
 * matchValues} the same values as compared (unquoted), index for index. Immutable.
 */
public record Indicator(
    String field, String operator, List<String> values, List<String> matchValues) {
  public Indicator {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(operator, "operator");
    values = List.copyOf(values);
    matchValues = List.copyOf(matchValues);
    if (values.size() != matchValues.size()) {
      throw new IllegalArgumentException("values and matchValues differ in size");
    }
  }

  /** An indicator whose values are shown as compared. */
  public Indicator(String field, String operator, List<String> values) {
    this(field, operator, values, values);
  }

  /**
   * The keys this leaf is counted under in a corpus, one per value: {@code field}, operator, value.
   * A membership ({@code in}) is a disjunction of equalities, so {@code eventName in [A, B]} counts
   * as {@code eventName == A} and {@code eventName == B}; a leaf without values is one key.
   */
  List<String> corpusKeys() {
    String op = operator.equals("in") ? "==" : operator;
    if (values.isEmpty()) {
      return List.of(field + "\u0000" + op);
    }
    return values.stream().map(v -> corpusKey(v)).toList();
  }

  /** The corpus key of one of this leaf's {@link #values()} (as shown). */
  String corpusKey(String value) {
    int i = values.indexOf(value);
    return field
        + "\u0000"
        + (operator.equals("in") ? "==" : operator)
        + "\u0000"
        + (i < 0 ? value : matchValues.get(i));
  }
}
