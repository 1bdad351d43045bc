package dev.margay.condition;

/**
 * A compact-syntax condition that does not parse. {@link #column()} is 1-based within the condition
 * text; {@link #getMessage()} reads {@code column N: what was expected, what was found}.
 */
public final class ConditionSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String input;
  private final int column;
  private final String reason;

  public ConditionSyntaxException(String input, int column, String reason) {
    super("column " + column + ": " + reason);
    this.input = input;
    this.column = column;
    this.reason = reason;
  }

  /** The condition text. */
  public String input() {
    return input;
  }

  /** 1-based column of the problem within {@link #input()}. */
  public int column() {
    return column;
  }

  /** What was expected and what was found, without the position. */
  public String reason() {
    return reason;
  }

  /** The input and a caret under the problem, on two lines. */
  public String caretDisplay() {
    return input + "\n" + " ".repeat(Math.max(0, column - 1)) + "^";
  }
}
