package dev.margay.condition;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A list comprehension: {@code KeyPath: f, Condition: AnyElement, Expressions: [...]}, or {@code
 * any_element(f, e1, e2)} in compact syntax. The expressions (an implicit {@code All}) are
 * evaluated with keys relative to each element.
 */
public record Quantified(Field field, Quantifier quantifier, List<Condition> expressions)
    implements Condition {

  /** The four list-comprehension conditions. */
  public enum Quantifier {
    ANY_ELEMENT("AnyElement", "any_element"),
    ALL_ELEMENTS("AllElements", "all_elements"),
    NO_ELEMENT("NoElement", "no_element"),
    ONLY_ONE_ELEMENT("OnlyOneElement", "only_one_element");

    private static final Keywords<Quantifier> PANTHER_NAMES =
        new Keywords<>(values(), q -> List.of(q.pantherName));
    private static final Keywords<Quantifier> WORDS =
        new Keywords<>(values(), q -> List.of(q.word));

    private final String pantherName;
    private final String word;

    Quantifier(String pantherName, String word) {
      this.pantherName = pantherName;
      this.word = word;
    }

    public String pantherName() {
      return pantherName;
    }

    public String word() {
      return word;
    }

    /** Looks up a {@code Condition:} name (exact spelling). */
    public static Optional<Quantifier> fromPantherName(String name) {
      return PANTHER_NAMES.find(name);
    }

    /** Looks up a compact-syntax word. */
    public static Optional<Quantifier> fromWord(String word) {
      return WORDS.find(word);
    }
  }

  public Quantified {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(quantifier, "quantifier");
    expressions = List.copyOf(expressions);
    if (expressions.isEmpty()) {
      throw new IllegalArgumentException(
          quantifier.pantherName() + " needs at least one expression");
    }
  }

  /** The expressions, which are evaluated against each element of the list. */
  @Override
  public List<Condition> children() {
    return expressions;
  }

  @Override
  public <R> R accept(ConditionVisitor<R> visitor) {
    return visitor.visitQuantified(this);
  }

  @Override
  public String toString() {
    return ConditionPrinter.print(this);
  }
}
