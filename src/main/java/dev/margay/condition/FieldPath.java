package dev.margay.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path into a JSON event: a non-empty list of {@link Segment}s. {@code Key: a.b} is one literal
 * segment, {@code DeepKey: [a, 0, b]} and {@code KeyPath: a[0].b} are three. Immutable.
 */
public record FieldPath(List<Segment> segments) implements Field {

  /** One step of a path. */
  public sealed interface Segment permits Name, Index, Wildcard {}

  /** An object member, matched by exact name first, then case-insensitively. */
  public record Name(String name) implements Segment {
    public Name {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a path segment cannot be empty");
      }
    }
  }

  /** An array element by position (0-based, non-negative). */
  public record Index(int index) implements Segment {
    public Index {
      if (index < 0) {
        throw new IllegalArgumentException("an array index cannot be negative: " + index);
      }
    }
  }

  /** {@code [*]}: every element of an array; the path then yields a collection of values. */
  public record Wildcard() implements Segment {
    /** The only instance needed. */
    public static final Wildcard INSTANCE = new Wildcard();
  }

  public FieldPath {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a field path needs at least one segment");
    }
  }

  /** {@code Key: name}: one top-level member, its name taken literally (dots included). */
  public static FieldPath key(String name) {
    return new FieldPath(List.of(new Name(name)));
  }

  /** A path of literal names (dots inside a name are not separators). */
  public static FieldPath of(String... names) {
    List<Segment> segments = new ArrayList<>(names.length);
    for (String name : names) {
      segments.add(new Name(name));
    }
    return new FieldPath(segments);
  }

  /**
   * Parses Panther's {@code KeyPath} notation: names separated by {@code .}, {@code [N]} for an
   * array index and {@code [*]} for every element ({@code a.b[0].c}, {@code items[*].id}). A name
   * may hold any character except {@code .}, {@code [} and {@code ]}; use {@code DeepKey} for names
   * containing those.
   *
   * @throws IllegalArgumentException with the 0-based offset of the problem in the message
   */
  public static FieldPath parseKeyPath(String keyPath) {
    Objects.requireNonNull(keyPath, "keyPath");
    List<Segment> segments = new ArrayList<>();
    int i = 0;
    int n = keyPath.length();
    if (n == 0) {
      throw new IllegalArgumentException("empty key path");
    }
    boolean expectName = true;
    while (i < n) {
      char c = keyPath.charAt(i);
      if (c == '[') {
        int close = keyPath.indexOf(']', i);
        if (close < 0) {
          throw new IllegalArgumentException(
              "unclosed '[' at offset " + i + " in key path '" + keyPath + "'");
        }
        String inside = keyPath.substring(i + 1, close);
        if (inside.equals("*")) {
          segments.add(Wildcard.INSTANCE);
        } else if (!inside.isEmpty()
            && inside.chars().allMatch(ch -> ch >= '0' && ch <= '9')
            && inside.length() <= 9) {
          segments.add(new Index(Integer.parseInt(inside)));
        } else {
          throw new IllegalArgumentException(
              "expected [N] or [*] at offset "
                  + i
                  + " in key path '"
                  + keyPath
                  + "', found ["
                  + inside
                  + "]");
        }
        i = close + 1;
        expectName = false;
        if (i < n && keyPath.charAt(i) == '.') {
          i++;
          expectName = true;
          if (i == n) {
            throw new IllegalArgumentException("key path '" + keyPath + "' ends with '.'");
          }
        } else if (i < n && keyPath.charAt(i) != '[') {
          throw new IllegalArgumentException(
              "expected '.' or '[' at offset " + i + " in key path '" + keyPath + "'");
        }
      } else {
        if (!expectName) {
          throw new IllegalArgumentException(
              "expected '.' at offset " + i + " in key path '" + keyPath + "'");
        }
        int end = i;
        while (end < n && keyPath.charAt(end) != '.' && keyPath.charAt(end) != '[') {
          if (keyPath.charAt(end) == ']') {
            throw new IllegalArgumentException(
                "unexpected ']' at offset " + end + " in key path '" + keyPath + "'");
          }
          end++;
        }
        if (end == i) {
          throw new IllegalArgumentException(
              "empty name at offset " + i + " in key path '" + keyPath + "'");
        }
        segments.add(new Name(keyPath.substring(i, end)));
        i = end;
        expectName = false;
        if (i < n && keyPath.charAt(i) == '.') {
          i++;
          expectName = true;
          if (i == n) {
            throw new IllegalArgumentException("key path '" + keyPath + "' ends with '.'");
          }
        }
      }
    }
    return new FieldPath(segments);
  }

  /** Whether the path has a {@code [*]} step, so that it yields a collection. */
  public boolean hasWildcard() {
    for (Segment s : segments) {
      if (s instanceof Wildcard) {
        return true;
      }
    }
    return false;
  }

  /**
   * The path in {@code KeyPath} notation if it can be written so (no name holds {@code .}, {@code
   * [} or {@code ]}), else empty.
   */
  public java.util.Optional<String> toKeyPath() {
    StringBuilder sb = new StringBuilder();
    for (Segment s : segments) {
      if (s instanceof Name name) {
        String text = name.name();
        if (text.indexOf('.') >= 0 || text.indexOf('[') >= 0 || text.indexOf(']') >= 0) {
          return java.util.Optional.empty();
        }
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(text);
      } else if (s instanceof Index index) {
        sb.append('[').append(index.index()).append(']');
      } else {
        sb.append("[*]");
      }
    }
    return java.util.Optional.of(sb.toString());
  }

  @Override
  public FieldPath path() {
    return this;
  }

  @Override
  public String toString() {
    return ConditionPrinter.printField(this);
  }
}
