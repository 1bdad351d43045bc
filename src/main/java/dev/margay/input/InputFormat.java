package dev.margay.input;

import java.util.Locale;
import java.util.Optional;

/**
 * How an input holds its events: what {@link EventReader#read} reports an input held first, and
 * what {@link EventReader#withFormat} forces (by default records are found by content, record by
 * record).
 */
public enum InputFormat {
  /** One JSON object per line. A single compact JSON object is the one-line case. */
  JSON_LINES("jsonl"),
  /** A JSON array of event objects. */
  JSON_ARRAY("array"),
  /** CloudTrail's S3 delivery file: {@code {"Records": [...]}}. */
  CLOUDTRAIL_RECORDS("records"),
  /** One or more JSON objects, each possibly spread over several lines. */
  JSON("json");

  private final String cliName;

  InputFormat(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line. */
  public String cliName() {
    return cliName;
  }

  public static Optional<InputFormat> fromCliName(String name) {
    for (InputFormat f : values()) {
      if (f.cliName.equals(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
