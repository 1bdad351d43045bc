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
  DOES_NOT_EQUAL("DoesNotEqual", "!=", "does_not_equal"),
  I_EQUALS("IEquals", "i_equals"),
  STARTS_WITH("StartsWith", "starts_with"),
  DOES_NOT_START_WITH("DoesNotStartWith", "does_not_start_with"),
  I_STARTS_WITH("IStartsWith", "i_starts_with"),
  ENDS_WITH("EndsWith", "ends_with"),
  DOES_NOT_END_WITH("DoesNotEndWith", "does_not_end_with"),
  I_ENDS_WITH("IEndsWith", "i_ends_with"),
  CONTAINS("Contains", "contains"),
  DOES_NOT_CONTAIN("DoesNotContain", "does_not_contain"),
  I_CONTAINS("IContains", "i_contains"),
  GREATER_THAN("IsGreaterThan", ">"),
  GREATER_THAN_OR_EQUALS("IsGreaterThanOrEquals", ">=", null, "IsGreaterThanOrEqual"),
  LESS_THAN("IsLessThan", "<"),
  LESS_THAN_OR_EQUALS("IsLessThanOrEquals", "<=", null, "IsLessThanOrEqual"),
  IN_CIDR("IsIPAddressInCIDR", "in_cidr");

  private final String pantherName;
  private final String word;
  private final String altWord;
  private final String alias;

  Comparison(String pantherName, String word) {
    this(pantherName, word, null, null);
  }

  Comparison(String pantherName, String word, String altWord) {
    this(pantherName, word, altWord, null);
  }

  Comparison(String pantherName, String word, String altWord, String alias) {
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
    return this == DOES_NOT_EQUAL
        || this == DOES_NOT_START_WITH
        || this == DOES_NOT_END_WITH
        || this == DOES_NOT_CONTAIN;
  }

  /** The positive twin of a negated comparison; itself otherwise. */
  public Comparison positive() {
    switch (this) {
      case DOES_NOT_EQUAL:
        return EQUALS;
      case DOES_NOT_START_WITH:
        return STARTS_WITH;
      case DOES_NOT_END_WITH:
        return ENDS_WITH;
      case DOES_NOT_CONTAIN:
        return CONTAINS;
      default:
        return this;
    }
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
    for (Comparison c : values()) {
      if (c.pantherNames().contains(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Looks up a compact-syntax operator. */
  public static Optional<Comparison> fromWord(String word) {
    for (Comparison c : values()) {
      if (c.words().contains(word)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
