package dev.margay.rule;

import dev.margay.condition.Field;
import java.util.Objects;

/**
 * One {@code AlertContext} entry: the alert context maps {@code keyName} to the event's value at
 * {@code value}.
 */
public record AlertContextField(String keyName, Field value) {
  public AlertContextField {
    Objects.requireNonNull(keyName, "keyName");
    Objects.requireNonNull(value, "value");
  }
}
