package dev.margay.rule;

import java.util.Optional;

/**
 * The parts of a rule file whose positions a {@link Rule} keeps for its messages (lint warnings,
 * catalog pages): the YAML key, and for a list, each item. {@link Rule#locations()} holds them
 * under {@link #key()} and {@link #itemKey(int)}, and every other top-level key under its own name.
 */
public enum RulePart {
  ALERT_TITLE("AlertTitle", false),
  ALERT_CONTEXT("AlertContext", true),
  DETECTION("Detection", true),
  DYNAMIC_SEVERITIES("DynamicSeverities", true),
  GROUP_BY("GroupBy", true),
  INLINE_FILTERS("InlineFilters", true),
  REPORTS("Reports", false),
  SUMMARY_ATTRIBUTES("SummaryAttributes", true),
  TESTS("Tests", true);

  private final String key;
  private final boolean list;

  RulePart(String key, boolean list) {
    this.key = key;
    this.list = list;
  }

  /** The YAML key, as Panther spells it ({@code "SummaryAttributes"}). */
  public String key() {
    return key;
  }

  /** Whether the key holds a list whose items' positions are kept one by one. */
  public boolean isList() {
    return list;
  }

  /** The part a top-level YAML key names, if it is one of these (exact spelling). */
  public static Optional<RulePart> ofKey(String key) {
    for (RulePart p : values()) {
      if (p.key.equals(key)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The name of item {@code index} (0-based) in {@link Rule#locations()}: {@code
   * "SummaryAttributes[2]"}.
   *
   * @throws IllegalArgumentException if this part is not a list, or {@code index} is negative
   */
  public String itemKey(int index) {
    if (!list) {
      throw new IllegalArgumentException(key + " is not a list");
    }
    if (index < 0) {
      throw new IllegalArgumentException("negative index " + index);
    }
    return key + "[" + index + "]";
  }

  /**
   * The name of the {@code index}-th (0-based) mapping under {@code Reports: framework} in {@link
   * Rule#locations()}: {@code "Reports MITRE ATT&CK[0]"}.
   *
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public static String reportKey(String framework, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("negative index " + index);
    }
    return REPORTS.key + " " + framework + "[" + index + "]";
  }
}
