package dev.margay.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.margay.event.internal.ReadOnlyNodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Parses JSON events with limits suited to CloudTrail (whose records are at most 256 KB): nesting
 * depth 128, strings of 1,000,000 characters, numbers of 100 digits, names of 1,024 characters,
 * documents of 8 MB. Duplicate keys are rejected by default (parsers disagree on which value wins,
 * which attackers use to evade detections), and so is anything after the JSON document. Immutable
 * and thread-safe.
 */
public final class EventParser {
  /** Largest event, in bytes of JSON text (8 MB). */
  public static final int MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

  /** Deepest nesting of objects and arrays in an event. */
  public static final int MAX_DEPTH = 128;

  /**
   * Limits applied to every event, in Jackson's form: kept in this package, so that Jackson's type
   * is not part of the API; other packages read the two limits above.
   */
  static final StreamReadConstraints CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(1_000_000)
          .maxNumberLength(100)
          .maxNameLength(1_024)
          .maxDocumentLength(MAX_DOCUMENT_BYTES)
          .build();

  private static final EventParser DEFAULTS = new EventParser(true);

  private final ObjectReader reader;
  private final boolean rejectDuplicateKeys;

  private EventParser(boolean rejectDuplicateKeys) {
    this.rejectDuplicateKeys = rejectDuplicateKeys;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(CONSTRAINTS)
            .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, rejectDuplicateKeys)
            .build();
    // Trees are built from read-only containers and frozen before they are handed out (see
    // ReadOnlyNodes).
    this.reader =
        JsonMapper.builder(factory)
            .nodeFactory(ReadOnlyNodes.FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .reader();
  }

  /** The default parser: duplicate keys rejected. */
  public static EventParser defaults() {
    return DEFAULTS;
  }

  /** A parser that accepts duplicate keys (the last value wins, as in Jackson). */
  public static EventParser allowingDuplicateKeys() {
    return new EventParser(false);
  }

  /** Whether duplicate keys are rejected. */
  public boolean rejectsDuplicateKeys() {
    return rejectDuplicateKeys;
  }

  /** Parses one event from JSON text. */
  public Event parse(String json) {
    try {
      return toEventChecked(reader.readTree(json));
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /** Parses one event from UTF-8 bytes. */
  public Event parse(byte[] json) {
    return parse(json, 0, json.length);
  }

  /**
   * Parses one event keeping only the members {@code projection} names in {@link Event#fields()};
   * the whole tree is parsed from {@code json} when {@link Event#json()} is first called, so the
   * bytes must not change while the event is in use. Accepts and rejects exactly what {@link
   * #parse(byte[])} does, with the same messages: whatever the projecting scanner does not accept
   * outright is parsed in full.
   */
  public Event parse(byte[] json, int offset, int length, Projection projection) {
    java.util.Objects.checkFromIndexSize(offset, length, json.length);
    JsonNode fields =
        ProjectingScanner.scan(json, offset, length, projection.root, rejectDuplicateKeys);
    if (fields == null) {
      return parse(
          json, offset,
          length); // invalid, or unusual: Jackson decides, and reports it as a full parse
    }
    return Event.projected(fields, () -> parse(json, offset, length).json(), projection);
  }

  /** As {@link #parse(byte[], int, int, Projection)}, from text. */
  public Event parse(String json, Projection projection) {
    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
    if (utf8.length != json.length() && hasSurrogate(json)) {
      return parse(
          json); // unpaired surrogates have no UTF-8 form: let Jackson judge the text itself
    }
    JsonNode fields =
        ProjectingScanner.scan(utf8, 0, utf8.length, projection.root, rejectDuplicateKeys);
    if (fields == null) {
      return parse(json);
    }
    return Event.projected(fields, () -> parse(utf8, 0, utf8.length).json(), projection);
  }

  private static boolean hasSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Parses one event from a slice of UTF-8 bytes. */
  public Event parse(byte[] json, int offset, int length) {
    try {
      return toEventChecked(reader.readTree(json, offset, length));
    } catch (IOException e) {
      throw translate(e);
    }
  }

  private static Event toEventChecked(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      throw new EventParseException(
          EventParseException.Code.EMPTY, "empty input: expected a JSON object", 0, 0, null);
    }
    if (!node.isObject()) {
      throw new EventParseException(
          EventParseException.Code.NOT_OBJECT,
          "expected a JSON object, found " + describe(node),
          0,
          0,
          null);
    }
    return Event.of(node);
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /**
   * Our exception for a Jackson failure, keeping the position and the reason without Jackson's
   * decoration.
   */
  private static EventParseException translate(IOException e) {
    if (e instanceof JsonProcessingException jpe) {
      JsonLocation location = jpe.getLocation();
      int line = location == null ? 0 : location.getLineNr();
      int column = location == null ? 0 : location.getColumnNr();
      String reason = jpe.getOriginalMessage();
      // Tree-level duplicate detection words it differently from the tokenizer; report both alike.
      if (reason != null && reason.startsWith("Duplicate field")) {
        int end = reason.indexOf('\'', reason.indexOf('\'') + 1);
        reason = end > 0 ? reason.substring(0, end + 1) : reason;
      }
      return new EventParseException(
          classify(e, reason), reason, Math.max(line, 0), Math.max(column, 0), e);
    }
    return new EventParseException(
        classify(e, String.valueOf(e.getMessage())), String.valueOf(e.getMessage()), 0, 0, e);
  }

  private static EventParseException.Code classify(IOException e, String reason) {
    if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
      return EventParseException.Code.LIMIT;
    }
    if (e instanceof java.io.CharConversionException
        || (reason != null && reason.contains("Invalid UTF-8"))) {
      return EventParseException.Code.ENCODING;
    }
    if (reason != null && reason.startsWith("Duplicate field")) {
      return EventParseException.Code.DUPLICATE_KEY;
    }
    if (reason != null && reason.startsWith("Trailing token")) {
      return EventParseException.Code.TRAILING_CONTENT;
    }
    if (reason != null && reason.startsWith("No content to map")) {
      return EventParseException.Code.EMPTY;
    }
    return EventParseException.Code.JSON_SYNTAX;
  }
}
