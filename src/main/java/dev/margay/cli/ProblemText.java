package dev.margay.cli;

import dev.margay.lint.Diagnostic;
import dev.margay.loader.Problem;
import dev.margay.loader.RuleLoadException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Rule-file problems as the terminal shows them: {@code file:line:column: message}, then the source
 * line and a caret. Every piece from the rule file (the path, the message quoting rule text, the
 * source line) goes through {@link TerminalText#escape}, and the caret is placed under the escaped
 * line, so a rule file cannot draw over the report; the line breaks between them are the CLI's own.
 */
final class ProblemText {
  private ProblemText() {}

  /** Every problem of a file that did not load, one after the other. */
  static String display(RuleLoadException failure) {
    return display(failure.problems());
  }

  static String display(List<Problem> problems) {
    return problems.stream().map(ProblemText::display).collect(Collectors.joining("\n"));
  }

  static String display(Problem p) {
    String head = TerminalText.escape(p.toString());
    if (p.sourceLine() == null) {
      return head;
    }
    String line = p.sourceLine();
    int column = Math.max(0, Math.min(p.location().column() - 1, line.length()));
    // The caret stays under its character when the text before it grew by escapes.
    int caret = TerminalText.escape(line.substring(0, column)).length();
    return head + "\n    " + TerminalText.escape(line) + "\n    " + " ".repeat(caret) + "^";
  }

  /** {@code file:line:column: level: message [code]}, escaped. */
  static String display(Diagnostic d) {
    return TerminalText.escape(d.toString());
  }
}
