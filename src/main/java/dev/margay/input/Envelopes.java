package dev.margay.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import java.io.IOException;

/**
 * Recognizes the other ways CloudTrail records arrive, by content, and unwraps them; recognizes
 * CloudTrail-Digest files and CloudWatch Logs control messages as non-events (skipped, counted).
 * Only records whose top-level member names make them candidates ({@link Frame#hints}) come here; a
 * candidate whose shape does not match after all is evaluated as the event it is.
 *
 * <ul>
 *   <li>{@code aws cloudtrail lookup-events} output: {@code {"Events": [{"CloudTrailEvent": "<JSON
 *       text>"}, ...]}}; each string is parsed as a record ({@code lookup-events}).
 *   <li>EventBridge: {@code detail-type} ending in {@code via CloudTrail} ({@code AWS API Call via
 *       CloudTrail}, console sign-ins...), the record in {@code detail} ({@code eventbridge}).
 *   <li>CloudWatch Logs subscription payloads: {@code messageType} {@code DATA_MESSAGE}, records in
 *       {@code logEvents[].message} ({@code cloudwatch-logs}); {@code CONTROL_MESSAGE} is skipped.
 *   <li>A {@code Records} document too small to have been streamed, or whose {@code Records} is not
 *       its first member.
 *   <li>CloudTrail-Digest files ({@code digestStartTime} and a {@code logFiles} array): skipped.
 * </ul>
 */
final class Envelopes {
  private Envelopes() {}

  private static final com.fasterxml.jackson.core.JsonFactory JSON =
      new com.fasterxml.jackson.core.JsonFactory();

  static void decode(EventReader reader, Frame f, RecordHandler handler) {
    if ((f.hints & Frame.HAS_MESSAGE_TYPE) != 0 && cloudWatchLogs(reader, f, handler)) {
      return;
    }
    Event whole;
    try {
      whole = reader.parser().parse(f.bytes, f.from, f.to - f.from);
    } catch (EventParseException e) {
      handler.onBadRecord(f.position, e.code(), EventReader.reason(e));
      return;
    }
    JsonNode doc = whole.json();
    RecordPosition at = f.position;
    if ((f.hints & Frame.LOOKUP_ENTRY) != 0) {
      lookupEntry(reader, doc, at, handler);
      return;
    }
    if ((f.hints & Frame.HAS_DIGEST_START) != 0 && doc.path("logFiles").isArray()) {
      handler.onSkipped(at, "CloudTrail-Digest file");
      return;
    }
    if ((f.hints & Frame.HAS_MESSAGE_TYPE) != 0) {
      String type = doc.path("messageType").asText("");
      if (type.equals("CONTROL_MESSAGE")) {
        handler.onSkipped(at, "CloudWatch Logs control message");
        return;
      }
      JsonNode logEvents = doc.path("logEvents");
      if (type.equals("DATA_MESSAGE") && logEvents.isArray()) {
        for (int i = 0; i < logEvents.size(); i++) {
          RecordPosition p = at.inEnvelope(i, "cloudwatch-logs");
          JsonNode message = logEvents.get(i).path("message");
          if (message.isTextual()) {
            reader.parse(message.textValue(), p, handler);
          } else {
            handler.onBadRecord(
                p,
                EventParseException.Code.NOT_OBJECT,
                "a CloudWatch Logs log event without a message string");
          }
        }
        return;
      }
    }
    if ((f.hints & Frame.HAS_DETAIL_TYPE) != 0) {
      JsonNode type = doc.path("detail-type");
      JsonNode detail = doc.path("detail");
      if (type.isTextual() && type.textValue().endsWith("via CloudTrail") && detail.isObject()) {
        handler.onEvent(
            Event.of(detail),
            new RecordPosition(at.source(), at.line(), at.index(), at.offset(), "eventbridge"));
        return;
      }
    }
    if ((f.hints & Frame.HAS_RECORDS) != 0 && doc.path("Records").isArray()) {
      JsonNode records = doc.path("Records");
      for (int i = 0; i < records.size(); i++) {
        RecordPosition p = at.inEnvelope(i, null);
        JsonNode r = records.get(i);
        if (r.isObject()) {
          handler.onEvent(Event.of(r), p);
        } else {
          handler.onBadRecord(
              p,
              EventParseException.Code.NOT_OBJECT,
              "expected an event (a JSON object), found "
                  + r.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
      }
      return;
    }
    if ((f.hints & Frame.RECORDS_REQUIRED) != 0) {
      handler.onBadRecord(
          at,
          EventParseException.Code.NOT_OBJECT,
          "expected a CloudTrail file {\"Records\": [...]}, \"Records\" is not an array");
      return;
    }
    if ((f.hints & Frame.HAS_EVENTS) != 0 && doc.path("Events").isArray()) {
      JsonNode events = doc.path("Events");
      for (int i = 0; i < events.size(); i++) {
        lookupEntry(reader, events.get(i), at.inEnvelope(i, "lookup-events"), handler);
      }
      return;
    }
    handler.onEvent(whole, at);
  }

  /**
   * A CloudWatch Logs {@code DATA_MESSAGE} whose {@code messageType} comes before {@code logEvents}
   * (as CloudWatch writes them), read element by element: the array is framed like a {@code
   * Records} array, so a bad element (invalid UTF-8, a string over the limit) costs only itself.
   * False when the payload is not of that shape (it is then decoded whole).
   */
  private static boolean cloudWatchLogs(EventReader reader, Frame f, RecordHandler handler) {
    long arrayStart = -1;
    try (com.fasterxml.jackson.core.JsonParser p =
        JSON.createParser(new java.io.ByteArrayInputStream(f.bytes, f.from, f.to - f.from))) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return false;
      }
      String type = null;
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = p.currentName();
        com.fasterxml.jackson.core.JsonToken value = p.nextToken();
        if (name.equals("messageType")
            && value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
          type = p.getText();
        } else if (name.equals("logEvents")) {
          if (!"DATA_MESSAGE".equals(type)
              || value != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
            return false;
          }
          arrayStart = p.currentTokenLocation().getByteOffset();
          break;
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      return false; // broken before the array: decoded whole, which reports it
    }
    if (arrayStart < 0) {
      return false;
    }
    int from = f.from + (int) arrayStart;
    RecordPosition at = f.position;
    long line = at.line();
    for (int i = f.from; i < from; i++) {
      if (f.bytes[i] == '\n') {
        line++;
      }
    }
    Framer framer =
        new Framer(
            at.source(),
            new java.io.ByteArrayInputStream(f.bytes, from, f.to - from),
            Framer.Mode.ARRAY,
            EventReader.MAX_RECORD_BYTES,
            EventReader.MAX_DEPTH,
            null,
            false,
            false,
            line,
            (at.offset() < 0 ? 0 : at.offset()) + arrayStart);
    try {
      Frame e;
      while ((e = framer.next()) != null && e.position.index() >= 0) {
        RecordPosition p =
            new RecordPosition(
                at.source(),
                e.position.line(),
                e.position.index(),
                e.position.offset(),
                "cloudwatch-logs");
        if (e.isBad()) {
          handler.onBadRecord(p, e.code, e.problem);
          continue;
        }
        Event element;
        try {
          element = reader.parser().parse(e.bytes, e.from, e.to - e.from);
        } catch (EventParseException x) {
          handler.onBadRecord(p, x.code(), EventReader.reason(x));
          continue;
        }
        JsonNode message = element.json().path("message");
        if (message.isTextual()) {
          reader.parse(message.textValue(), p, handler);
        } else {
          handler.onBadRecord(
              p,
              EventParseException.Code.NOT_OBJECT,
              "a CloudWatch Logs log event without a message string");
        }
      }
    } catch (IOException x) {
      throw new java.io.UncheckedIOException(x); // a byte array cannot fail
    }
    return true;
  }

  private static void lookupEntry(
      EventReader reader, JsonNode entry, RecordPosition at, RecordHandler handler) {
    JsonNode text = entry.path("CloudTrailEvent");
    if (text.isTextual()) {
      reader.parse(text.textValue(), at, handler);
    } else {
      handler.onBadRecord(
          at,
          EventParseException.Code.NOT_OBJECT,
          "a lookup-events entry without a CloudTrailEvent string");
    }
  }
}
