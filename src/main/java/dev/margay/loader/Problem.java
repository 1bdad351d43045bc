package dev.margay.loader;

import dev.margay.rule.SourceLocation;
import java.util.Objects;

/**
 * One problem found while loading a rule file: where, its kind, what was expected and what was
 * found, and the offending source line (null when there is none to show).
 */
public record Problem(
    SourceLocation location, ProblemCode code, String message, String sourceLine) {
  public Problem {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /** {@code file:line:column: message}. */
  @Override
  public String toString() {
    return location + ": " + message;
  }

  /** {@link #toString()}, then the source line and a caret under the column. */
  public String toDisplayString() {
    if (sourceLine == null) {
      return toString();
    }
    String caret = " ".repeat(Math.max(0, location.column() - 1)) + "^";
    return toString() + "\n    " + sourceLine + "\n    " + caret;
  }
}
