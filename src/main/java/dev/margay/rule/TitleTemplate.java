package dev.margay.rule;

import dev.margay.condition.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@code AlertTitle}: text with {@code {KeyPath}} placeholders, e.g. {@code "Root login from
 * [{sourceIPAddress}]"}. {@code {{} and {@code }}} write literal braces.
 */
public record TitleTemplate(String text, List<Object> parts) {

  public TitleTemplate {
    Objects.requireNonNull(text, "text");
    parts = List.copyOf(parts);
    for (Object part : parts) {
      if (!(part instanceof String || part instanceof FieldPath)) {
        throw new IllegalArgumentException("a title part is a String or a FieldPath");
      }
    }
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the 0-based offset of an unbalanced brace or a bad path
   */
  public static TitleTemplate parse(String text) {
    List<Object> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        literal.append('{');
        i += 2;
      } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
        literal.append('}');
        i += 2;
      } else if (c == '{') {
        int close = text.indexOf('}', i);
        if (close < 0) {
          throw new IllegalArgumentException(
              "unclosed '{' at offset " + i + " (write '{{' for a literal brace)");
        }
        String path = text.substring(i + 1, close).trim();
        FieldPath parsed;
        try {
          parsed = FieldPath.parseKeyPath(path);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "bad placeholder {" + path + "} at offset " + i + ": " + e.getMessage());
        }
        if (literal.length() > 0) {
          parts.add(literal.toString());
          literal.setLength(0);
        }
        parts.add(parsed);
        i = close + 1;
      } else if (c == '}') {
        throw new IllegalArgumentException(
            "unmatched '}' at offset " + i + " (write '}}' for a literal brace)");
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0) {
      parts.add(literal.toString());
    }
    return new TitleTemplate(text, parts);
  }

  @Override
  public String toString() {
    return text;
  }
}
