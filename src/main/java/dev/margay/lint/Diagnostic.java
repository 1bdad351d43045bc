package dev.margay.lint;

import dev.margay.rule.SourceLocation;
import java.util.Objects;

/**
 * One finding of {@code validate}: where, how serious, a stable code (for tools and SARIF) and a
 * message.
 */
public record Diagnostic(SourceLocation location, Level level, String code, String message) {

  /** How serious a finding is. */
  public enum Level {
    /** The rule does not load or cannot run. */
    ERROR,
    /** The rule loads but probably does not do what its author meant. */
    WARNING;

    public String lowerName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Diagnostic {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /** {@code file:line:column: level: message [code]}. */
  @Override
  public String toString() {
    return location + ": " + level.lowerName() + ": " + message + " [" + code + "]";
  }
}
