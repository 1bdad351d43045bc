package dev.margay.input;

/**
 * Where a record sits in its input: the input's name, the 1-based line where the record starts, and for
 * records inside an array or {@code Records}, the 0-based index ({@code -1} for JSON Lines).
 */
public record RecordPosition(String source, long line, long index) {

  /** {@code file:line} or {@code file:line [record N]}. */
  @Override
  public String toString() {
    return source + ":" + line + (index >= 0 ? " [record " + index + "]" : "");
  }
}
