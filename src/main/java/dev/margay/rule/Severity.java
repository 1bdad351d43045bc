package dev.margay.rule;

import java.util.Optional;

/** Panther's alert severities, lowest first. */
public enum Severity {
  INFO("Info"),
  LOW("Low"),
  MEDIUM("Medium"),
  HIGH("High"),
  CRITICAL("Critical");

  private final String pantherName;

  Severity(String pantherName) {
    this.pantherName = pantherName;
  }

  /** The spelling in rule files and alerts: {@code Info}, {@code Low}, ... */
  public String pantherName() {
    return pantherName;
  }

  /**
   * Reads {@code Info} ... {@code Critical} or their upper-case forms ({@code INFO}), as Panther's
   * schema does.
   */
  public static Optional<Severity> fromPantherName(String name) {
    for (Severity s : values()) {
      if (s.pantherName.equals(name) || s.name().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return pantherName;
  }
}
