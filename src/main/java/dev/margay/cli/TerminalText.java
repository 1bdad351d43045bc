package dev.margay.cli;

/**
 * Makes text that comes from rules, events or file names safe to show on a terminal.
 *
 * <p>Rule ids, test names, titles, event values and paths are content: they may hold ESC sequences
 * that redraw a reviewer's terminal (a failing test drawn as {@code ok}), carriage returns that
 * overwrite a line, or bidirectional overrides that reorder it. Every such code point is shown as a
 * visible escape ({@code \e}, {@code \r}, {@code \n}, {@code \t}, {@code \u202e}); everything else,
 * including non-ASCII letters and emoji, passes unchanged. Apply it to each piece of content, never
 * to the lines the CLI frames around them (those may hold the CLI's own newlines).
 */
final class TerminalText {
  private TerminalText() {}

  /**
   * Returns {@code text} with every control, format-override and line-separator code point escaped.
   */
  static String escape(CharSequence text) {
    if (text == null) {
      return "null";
    }
    int n = text.length();
    int i = 0;
    while (i < n && !needsEscape(text.charAt(i))) {
      i++;
    }
    if (i == n) {
      return text.toString();
    }
    StringBuilder sb = new StringBuilder(n + 16).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (!needsEscape(c)) {
        sb.append(c);
        continue;
      }
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 0x1b -> sb.append("\\e");
        default -> sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }

  /**
   * C0 and C1 controls and DEL; line and paragraph separators; bidirectional embeddings, overrides
   * and isolates (the "Trojan Source" characters).
   */
  private static boolean needsEscape(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x2028
        || c == 0x2029
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200e
        || c == 0x200f
        || c == 0x061c;
  }
}
