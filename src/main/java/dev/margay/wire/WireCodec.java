// Over 300 lines: encode and decode of each shape sit side by side so they cannot drift apart.
package dev.margay.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.event.EventTime;
import dev.margay.input.RecordPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of matches, alerts and bad records: one compact object per record, exactly as {@code
 * margay scan} prints it (the CLI renders through this class). Encoding never fails; decoding reads
 * what encoding wrote and throws {@link IllegalArgumentException} naming the missing or mistyped
 * member otherwise. Stateless and thread-safe.
 *
 * <p>Shapes, members in this order:
 *
 * <ul>
 *   <li>match ({@link #match}): {@code ruleId, severity, title, dedupKey, dedupPeriodMinutes,
 *       threshold, alertContext, summaryAttributes[, source {file, line[, offset][, record][,
 *       envelope]}]}; {@link #streamMatch} appends {@code eventTime} (RFC 3339 UTC, when known),
 *       {@code createAlert} (only when false) and {@code event} (when carried), which a stream
 *       needs to group the match later;
 *   <li>alert ({@link #alert}): {@code ruleId, severity, title, dedupKey, matchCount, threshold,
 *       dedupPeriodMinutes, windowStart, windowEnd, firstEventTime, lastEventTime, alertContext},
 *       times as RFC 3339 UTC ({@link Instant#toString()});
 *   <li>bad record ({@link #badEvent}): {@code [file, line[, offset][, record][, envelope],] code,
 *       reason}.
 * </ul>
 */
public final class WireCodec {
  private static final ObjectMapper JSON = lineSafe(new ObjectMapper());

  /**
   * Output lines must stay one JSON object each for every line reader: besides the control
   * characters JSON escapes anyway, U+0085, U+2028 and U+2029 (line breaks to Python's {@code
   * splitlines} and to JavaScript) are written as escapes.
   */
  private static ObjectMapper lineSafe(ObjectMapper mapper) {
    mapper
        .getFactory()
        .setCharacterEscapes(
            new com.fasterxml.jackson.core.io.CharacterEscapes() {
              private static final long serialVersionUID = 1L;
              private final int[] ascii = standardAsciiEscapesForJSON();

              @Override
              public int[] getEscapeCodesForAscii() {
                return ascii;
              }

              @Override
              public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
                return ch == 0x85 || ch == 0x2028 || ch == 0x2029
                    ? new com.fasterxml.jackson.core.io.SerializedString(
                        String.format("\\u%04x", ch))
                    : null;
              }
            });
    return mapper;
  }

  private WireCodec() {}

  /** A JSON object of {@code members}, in their order, as compact text. */
  public static String object(Map<String, JsonNode> members) {
    if (members.isEmpty()) {
      return "{}";
    }
    return write(g -> writeObject(g, members));
  }

  /** The match as {@code margay scan} prints it. */
  public static String match(MatchRecord m) {
    return write(g -> writeMatch(g, m, false));
  }

  /**
   * The match with what grouping it later needs: {@link #match}'s members, then eventTime,
   * createAlert, event.
   */
  public static String streamMatch(MatchRecord m) {
    return write(g -> writeMatch(g, m, true));
  }

  /**
   * The matches of one record, each exactly as {@link #match}{@code (MatchRecord.of(m, position))}
   * writes it, joined by {@code separator} (nothing before the first or after the last): what a
   * scan worker hands to the writing thread. Cheaper than rendering each match on its own: one
   * generator per record, the maps written straight from their values rather than through their own
   * JSON text.
   *
   * @param position where the record was read, or null (then no {@code source})
   */
  public static String matches(
      java.util.List<dev.margay.engine.Match> matches, RecordPosition position, String separator) {
    return write(
        g -> {
          // Jackson writes this between root values (a space by default).
          g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString(separator));
          for (dev.margay.engine.Match m : matches) {
            writeMatchHead(
                g,
                m.ruleId(),
                m.severity().pantherName(),
                m.title(),
                m.dedupKey(),
                m.dedupPeriodMinutes(),
                m.threshold());
            g.writeFieldName("alertContext");
            writeObject(g, m.alertContext());
            g.writeFieldName("summaryAttributes");
            writeObject(g, m.summaryAttributes());
            if (position != null) {
              g.writeObjectFieldStart("source");
              position(
                  g,
                  position.source(),
                  position.line(),
                  position.offset(),
                  position.index(),
                  position.envelope());
              g.writeEndObject();
            }
            g.writeEndObject();
          }
        });
  }

  private static void writeObject(JsonGenerator g, Map<String, JsonNode> members)
      throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, JsonNode> e : members.entrySet()) {
      g.writeFieldName(e.getKey());
      JSON.writeTree(g, e.getValue());
    }
    g.writeEndObject();
  }

  private static void writeMatchHead(
      JsonGenerator g,
      String ruleId,
      String severity,
      String title,
      String dedupKey,
      int dedupPeriodMinutes,
      int threshold)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("ruleId", ruleId);
    g.writeStringField("severity", severity);
    g.writeStringField("title", title);
    g.writeStringField("dedupKey", dedupKey);
    g.writeNumberField("dedupPeriodMinutes", dedupPeriodMinutes);
    g.writeNumberField("threshold", threshold);
  }

  private static void writeMatch(JsonGenerator g, MatchRecord m, boolean stream)
      throws IOException {
    writeMatchHead(
        g,
        m.ruleId(),
        m.severity(),
        m.title(),
        m.dedupKey(),
        m.dedupPeriodMinutes(),
        m.threshold());
    g.writeFieldName("alertContext");
    g.writeRawValue(m.alertContext());
    g.writeFieldName("summaryAttributes");
    g.writeRawValue(m.summaryAttributes());
    if (m.sourceFile() != null) {
      g.writeObjectFieldStart("source");
      position(
          g,
          m.sourceFile(),
          m.sourceLine(),
          m.sourceOffset(),
          m.sourceRecord(),
          m.sourceEnvelope());
      g.writeEndObject();
    }
    if (stream) {
      if (m.hasEventTime()) {
        g.writeStringField("eventTime", Instant.ofEpochMilli(m.eventTime()).toString());
      }
      if (!m.createAlert()) {
        g.writeBooleanField("createAlert", false);
      }
      if (m.event() != null) {
        g.writeFieldName("event");
        g.writeRawValue(m.event());
      }
    }
    g.writeEndObject();
  }

  /** The alert as {@code margay scan --alerts} prints it. */
  public static String alert(AlertRecord a) {
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("ruleId", a.ruleId());
          g.writeStringField("severity", a.severity());
          g.writeStringField("title", a.title());
          g.writeStringField("dedupKey", a.dedupKey());
          g.writeNumberField("matchCount", a.matchCount());
          g.writeNumberField("threshold", a.threshold());
          g.writeNumberField("dedupPeriodMinutes", a.dedupPeriodMinutes());
          g.writeStringField("windowStart", Instant.ofEpochMilli(a.windowStart()).toString());
          g.writeStringField("windowEnd", Instant.ofEpochMilli(a.windowEnd()).toString());
          g.writeStringField("firstEventTime", Instant.ofEpochMilli(a.windowStart()).toString());
          g.writeStringField("lastEventTime", Instant.ofEpochMilli(a.lastEventTime()).toString());
          g.writeFieldName("alertContext");
          g.writeRawValue(a.alertContext());
          g.writeEndObject();
        });
  }

  /**
   * A correlation rule's alert as {@code margay scan --alerts} prints it: {@code ruleId, severity,
   * title, correlation: true, joinValues[], matchCount, windowStart, windowEnd, signals[{member,
   * ruleId, eventTime}]}.
   */
  public static String correlationAlert(dev.margay.alert.CorrelationAlert a) {
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("ruleId", a.ruleId());
          g.writeStringField("severity", a.severity().pantherName());
          g.writeStringField("title", a.title());
          g.writeBooleanField("correlation", true);
          g.writeArrayFieldStart("joinValues");
          for (String v : a.joinValues()) {
            g.writeString(v);
          }
          g.writeEndArray();
          g.writeNumberField("matchCount", a.signals().size());
          g.writeStringField("windowStart", Instant.ofEpochMilli(a.windowStartMillis()).toString());
          g.writeStringField("windowEnd", Instant.ofEpochMilli(a.timeMillis()).toString());
          g.writeArrayFieldStart("signals");
          for (dev.margay.alert.CorrelationAlert.Contribution c : a.signals()) {
            g.writeStartObject();
            g.writeStringField("member", c.memberId());
            g.writeStringField("ruleId", c.ruleId());
            g.writeStringField("eventTime", Instant.ofEpochMilli(c.timeMillis()).toString());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /** A bad record as one line of {@code margay scan --errors FILE}. */
  public static String badEvent(BadEvent b) {
    return write(
        g -> {
          g.writeStartObject();
          if (b.sourceFile() != null) {
            position(g, b.sourceFile(), b.line(), b.offset(), b.record(), b.envelope());
          }
          g.writeStringField("code", b.code());
          g.writeStringField("reason", b.reason());
          g.writeEndObject();
        });
  }

  private static void position(
      JsonGenerator g, String file, long line, long offset, long record, String envelope)
      throws IOException {
    g.writeStringField("file", file);
    g.writeNumberField("line", line);
    if (offset >= 0) {
      g.writeNumberField("offset", offset);
    }
    if (record >= 0) {
      g.writeNumberField("record", record);
    }
    if (envelope != null) {
      g.writeStringField("envelope", envelope);
    }
  }

  /** {@link #match} or {@link #streamMatch} output read back (UTF-8). */
  public static MatchRecord readMatch(byte[] json) {
    ObjectNode o = root(json, "match");
    JsonNode source = o.get("source");
    String file = null;
    long line = 0;
    long record = -1;
    long offset = -1;
    String envelope = null;
    if (source != null && !source.isNull()) {
      if (!source.isObject()) {
        throw new IllegalArgumentException(
            "match JSON: expected 'source' to be an object, found " + kind(source));
      }
      file = text((ObjectNode) source, "file", "match source");
      line = number((ObjectNode) source, "line", "match source");
      record = source.has("record") ? number((ObjectNode) source, "record", "match source") : -1;
      offset = source.has("offset") ? number((ObjectNode) source, "offset", "match source") : -1;
      envelope =
          source.has("envelope") ? text((ObjectNode) source, "envelope", "match source") : null;
    }
    long time = EventTime.NONE;
    if (o.has("eventTime")) {
      time = instant(o, "eventTime", "match");
    }
    JsonNode create = o.get("createAlert");
    if (create != null && !create.isBoolean()) {
      throw new IllegalArgumentException(
          "match JSON: expected 'createAlert' to be a boolean, found " + kind(create));
    }
    JsonNode event = o.get("event");
    return new MatchRecord(
        text(o, "ruleId", "match"),
        text(o, "severity", "match"),
        text(o, "title", "match"),
        text(o, "dedupKey", "match"),
        (int) number(o, "dedupPeriodMinutes", "match"),
        (int) number(o, "threshold", "match"),
        create == null || create.booleanValue(),
        objectText(o, "alertContext", "match"),
        objectText(o, "summaryAttributes", "match"),
        time,
        file,
        line,
        record,
        offset,
        envelope,
        event == null ? null : event.toString());
  }

  /** {@link #alert} output read back (UTF-8). */
  public static AlertRecord readAlert(byte[] json) {
    ObjectNode o = root(json, "alert");
    return new AlertRecord(
        text(o, "ruleId", "alert"),
        text(o, "severity", "alert"),
        text(o, "title", "alert"),
        text(o, "dedupKey", "alert"),
        (int) number(o, "matchCount", "alert"),
        (int) number(o, "threshold", "alert"),
        (int) number(o, "dedupPeriodMinutes", "alert"),
        instant(o, "windowStart", "alert"),
        instant(o, "windowEnd", "alert"),
        instant(o, "lastEventTime", "alert"),
        objectText(o, "alertContext", "alert"));
  }

  /** UTF-8 bytes of {@code text}. */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The order key {@link MatchRecord#FIRST_ORDER} compares contexts by: the context map's {@code
   * toString()}.
   */
  static String contextOrderKey(String contextJson) {
    ObjectNode o = root(utf8(contextJson), "alertContext");
    Map<String, JsonNode> map = new LinkedHashMap<>();
    o.properties().forEach(e -> map.put(e.getKey(), e.getValue()));
    return map.toString();
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Body body) {
    java.io.StringWriter out = new java.io.StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  private static ObjectNode root(byte[] json, String what) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          what
              + " JSON: "
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(
          what + " JSON: expected an object, found " + (n == null ? "nothing" : kind(n)));
    }
    return (ObjectNode) n;
  }

  private static String text(ObjectNode o, String name, String what) {
    JsonNode v = o.get(name);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(
          what + " JSON: expected '" + name + "' to be a string, found " + kind(v));
    }
    return v.textValue();
  }

  private static long number(ObjectNode o, String name, String what) {
    JsonNode v = o.get(name);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(
          what + " JSON: expected '" + name + "' to be an integer, found " + kind(v));
    }
    return v.longValue();
  }

  private static String objectText(ObjectNode o, String name, String what) {
    JsonNode v = o.get(name);
    if (v == null || !v.isObject()) {
      throw new IllegalArgumentException(
          what + " JSON: expected '" + name + "' to be an object, found " + kind(v));
    }
    return v.toString();
  }

  private static long instant(ObjectNode o, String name, String what) {
    String t = text(o, name, what);
    try {
      return Instant.parse(t).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          what + " JSON: expected '" + name + "' to be an RFC 3339 time, found '" + t + "'", e);
    }
  }

  private static String kind(JsonNode v) {
    return v == null
        ? "nothing"
        : v.isNull() ? "null" : v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
