package dev.margay.condition;

import java.util.List;
import java.util.Optional;

/**
 * The binary conditions of Simple Detections, each with its Panther name, any accepted alias, and
 * its compact-syntax word. A negated comparison ({@code DoesNot…}) is the exact negation of its
 * {@link #positive()} twin, so it is true when the field is absent or null.
 */
public enum Comparison {
  EQUALS("Equals", "==", "equals"),
  DOES_NOT_EQUAL(EQUALS, "DoesNotEqual", "!=", "does_not_equal"),
  I_EQUALS("IEquals", "i_equals"),
  STARTS_WITH("StartsWith", "starts_with"),
  DOES_NOT_START_WITH(STARTS_WITH, "DoesNotStartWith", "does_not_start_with", null),
  I_STARTS_WITH("IStartsWith", "i_starts_with"),
  ENDS_WITH("EndsWith", "ends_with"),
  DOES_NOT_END_WITH(ENDS_WITH, "DoesNotEndWith", "does_not_end_with", null),
  I_ENDS_WITH("IEndsWith", "i_ends_with"),
  CONTAINS("Contains", "contains"),
  DOES_NOT_CONTAIN(CONTAINS, "DoesNotContain", "does_not_contain", null),
  I_CONTAINS("IContains", "i_contains"),
  GREATER_THAN("IsGreaterThan", ">"),
  GREATER_THAN_OR_EQUALS("IsGreaterThanOrEquals", ">=", null, "IsGreaterThanOrEqual"),
  LESS_THAN("IsLessThan", "<"),
  LESS_THAN_OR_EQUALS("IsLessThanOrEquals", "<=", null, "IsLessThanOrEqual"),
  IN_CIDR("IsIPAddressInCIDR", "in_cidr");

  private static final Keywords<Comparison> PANTHER_NAMES =
      new Keywords<>(values(), Comparison::pantherNames);
  private static final Keywords<Comparison> WORDS = new Keywords<>(values(), Comparison::words);

  private final String pantherName;
  private final String word;
  private final String altWord;
  private final String alias;

  /** The positive twin this constant negates; null for a positive comparison. */
  private final Comparison negates;

  Comparison(String pantherName, String word) {
    this(null, pantherName, word, null, null);
  }

  Comparison(String pantherName, String word, String altWord) {
    this(null, pantherName, word, altWord, null);
  }

  Comparison(String pantherName, String word, String altWord, String alias) {
    this(null, pantherName, word, altWord, alias);
  }

  Comparison(Comparison negates, String pantherName, String word, String altWord) {
    this(negates, pantherName, word, altWord, null);
  }

  Comparison(Comparison negates, String pantherName, String word, String altWord, String alias) {
    this.negates = negates;
    this.pantherName = pantherName;
    this.word = word;
    this.altWord = altWord;
    this.alias = alias;
  }

  /** The {@code Condition:} name in rule files. */
  public String pantherName() {
    return pantherName;
  }

  /** The operator printed in compact syntax. */
  public String word() {
    return word;
  }

  /** Every spelling accepted in compact syntax. */
  public List<String> words() {
    return altWord == null ? List.of(word) : List.of(word, altWord);
  }

  /** Every {@code Condition:} spelling accepted in rule files. */
  public List<String> pantherNames() {
    return alias == null ? List.of(pantherName) : List.of(pantherName, alias);
  }

  /** Whether this is a {@code DoesNot…} form. */
  public boolean isNegated() {
    return negates != null;
  }

  /** The positive twin of a negated comparison; itself otherwise. */
  public Comparison positive() {
    return negates == null ? this : negates;
  }

  /** Whether the comparison is numeric, so its value must be a number. */
  public boolean isNumeric() {
    return this == GREATER_THAN
        || this == GREATER_THAN_OR_EQUALS
        || this == LESS_THAN
        || this == LESS_THAN_OR_EQUALS;
  }

  /** Looks up a {@code Condition:} name (exact spelling). */
  public static Optional<Comparison> fromPantherName(String name) {
    return PANTHER_NAMES.find(name);
  }

  /** Looks up a compact-syntax operator. */
  public static Optional<Comparison> fromWord(String word) {
    return WORDS.find(word);
  }
}
