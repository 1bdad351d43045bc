package dev.margay.rule;

import dev.margay.condition.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * An {@code AlertTitle}: text with {@code {KeyPath}} placeholders, e.g. {@code "Root login from
 * [{sourceIPAddress}]"}. {@code {{} and {@code }}} write literal braces.
 */
public record TitleTemplate(String text, List<TitleTemplate.Part> parts) {

  /** A piece of a title: literal text or a placeholder. */
  public sealed interface Part permits Text, Placeholder {
    /** {@code onText} of a text part's text, or {@code onPlaceholder} of a placeholder's path. */
    <R> R fold(Function<String, R> onText, Function<FieldPath, R> onPlaceholder);
  }

  /** Literal text, braces already unescaped. */
  public record Text(String text) implements Part {
    public Text {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public <R> R fold(Function<String, R> onText, Function<FieldPath, R> onPlaceholder) {
      return onText.apply(text);
    }
  }

  /** A {@code {KeyPath}} placeholder: the event's value at {@code path}, rendered as text. */
  public record Placeholder(FieldPath path) implements Part {
    public Placeholder {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public <R> R fold(Function<String, R> onText, Function<FieldPath, R> onPlaceholder) {
      return onPlaceholder.apply(path);
    }
  }

  public TitleTemplate {
    Objects.requireNonNull(text, "text");
    parts = List.copyOf(parts);
  }

  /** The paths of the placeholders, in order (with repeats). */
  public List<FieldPath> placeholders() {
    List<FieldPath> paths = new ArrayList<>();
    for (Part part : parts) {
      if (part instanceof Placeholder p) {
        paths.add(p.path());
      }
    }
    return List.copyOf(paths);
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the 0-based offset of an unbalanced brace or a bad path
   */
  public static TitleTemplate parse(String text) {
    List<Part> parts = new ArrayList<>();
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
          parts.add(new Text(literal.toString()));
          literal.setLength(0);
        }
        parts.add(new Placeholder(parsed));
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
      parts.add(new Text(literal.toString()));
    }
    return new TitleTemplate(text, parts);
  }

  @Override
  public String toString() {
    return text;
  }
}
