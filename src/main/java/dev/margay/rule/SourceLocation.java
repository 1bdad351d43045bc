package dev.margay.rule;

import java.util.Objects;

/** A position in a source file: 1-based line and column. */
public record SourceLocation(String file, int line, int column) {
  public SourceLocation {
    Objects.requireNonNull(file, "file");
  }

  /** {@code file:line}. */
  public String fileAndLine() {
    return file + ":" + line;
  }

  /** {@code file:line:column}. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
