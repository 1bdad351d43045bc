package dev.margay.rule;

import java.util.Objects;

/**
 * Something the loader noticed in a rule file that loads but probably does not do what its author
 * meant (a {@code Key:} holding a dot, an unknown {@code ChangeTo} that Panther turns into the base
 * severity): where, a stable code, and what to do about it. {@code validate} reports these with the
 * linter's warnings.
 */
public record RuleWarning(SourceLocation location, String code, String message) {
  public RuleWarning {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
