package dev.margay.condition;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The four combinators of Simple Detections, with their Panther key and compact-syntax words: the
 * call form ({@code all_of(...)}), which takes any number of children, and, for {@code All} and
 * {@code Any}, the infix word ({@code and}, {@code or}) used between two or more children.
 * Semantics (Panther's): {@code All} is AND, {@code Any} OR, {@code OnlyOne} exactly one, {@code
 * None} NOR; see the node types.
 */
public enum Combinator {
  ALL("All", "all_of", "and"),
  ANY("Any", "any_of", "or"),
  ONLY_ONE("OnlyOne", "one_of", null),
  NONE("None", "none_of", null);

  private static final Keywords<Combinator> PANTHER_NAMES =
      new Keywords<>(values(), c -> List.of(c.pantherName));
  private static final Keywords<Combinator> CALL_WORDS =
      new Keywords<>(values(), c -> List.of(c.callWord));

  private final String pantherName;
  private final String callWord;
  private final String infixWord;

  Combinator(String pantherName, String callWord, String infixWord) {
    this.pantherName = pantherName;
    this.callWord = callWord;
    this.infixWord = infixWord;
  }

  /** The key in rule files, e.g. {@code OnlyOne}. */
  public String pantherName() {
    return pantherName;
  }

  /** The compact-syntax call word, e.g. {@code one_of}. */
  public String callWord() {
    return callWord;
  }

  /**
   * The compact-syntax infix word ({@code and}, {@code or}); empty for {@code OnlyOne}, {@code
   * None}.
   */
  public Optional<String> infixWord() {
    return Optional.ofNullable(infixWord);
  }

  /** A node of this combinator over {@code children} (copied). */
  public Condition of(List<Condition> children) {
    return switch (this) {
      case ALL -> new All(children);
      case ANY -> new Any(children);
      case ONLY_ONE -> new OnlyOne(children);
      case NONE -> new None(children);
    };
  }

  /** Looks up a rule-file key (exact spelling). */
  public static Optional<Combinator> fromPantherName(String name) {
    return PANTHER_NAMES.find(name);
  }

  /** Looks up a compact-syntax call word ({@code all_of}, {@code one_of}, ...). */
  public static Optional<Combinator> fromCallWord(String word) {
    return CALL_WORDS.find(word);
  }

  /** The rule-file keys, in declaration order. */
  public static List<String> pantherNames() {
    return Arrays.stream(values()).map(Combinator::pantherName).toList();
  }
}
