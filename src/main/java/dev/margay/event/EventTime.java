package dev.margay.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Event time as Panther reads and writes it. Reads RFC 3339 ({@code 2024-01-01T10:00:00Z}, {@code
 * 2024-01-01T12:00:00.5+02:00}: Go's {@code time.RFC3339} layout, which v1 Panther decodes
 * CloudTrail's {@code eventTime} with, fraction optional, converted to UTC) and Panther's data-lake
 * layout ({@code 2024-01-01 10:00:00[.f…]}, UTC, what events exported from Panther carry). Writes
 * the data-lake layout with nine fraction digits ({@code 2006-01-02 15:04:05.000000000}), as v1's
 * data-lake writers do (panther-fields.md §3).
 *
 * <p>Never throws on input: anything else (another shape, a year outside 0000–9999 such as {@code
 * +1000000000-12-31T23:59:59Z}, a 30th of February, hour 24) is "no time". So is a time whose
 * <em>UTC</em> year falls outside 0000–9999 ({@code 0000-01-01T00:00:00+14:00} is year -1 in UTC,
 * {@code 9999-12-31T23:59:59-14:00} year 10000): the data-lake layout has four year digits, and
 * Go's {@code time.Time.MarshalJSON}, which Panther's writers build on, refuses years outside [0,
 * 9999]. So every time this class returns can be written by {@link #format} and converted by {@link
 * #millis}. Stateless and thread-safe.
 */
public final class EventTime {
  /** Epoch milliseconds meaning "no readable time". */
  public static final long NONE = Long.MIN_VALUE;

  /** Panther's standard field holding the event time. */
  public static final String P_EVENT_TIME = "p_event_time";

  /** CloudTrail's event time field. */
  public static final String EVENT_TIME = "eventTime";

  /** First epoch second of year 0000 and of year 10000 (UTC): the writable range is [MIN, END). */
  private static final long MIN_SECOND = java.time.LocalDate.of(0, 1, 1).toEpochDay() * 86_400;

  private static final long END_SECOND = java.time.LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;

  private EventTime() {}

  /** Whether {@code t}'s UTC year is within 0000–9999, the range Panther's layout can hold. */
  public static boolean inRange(Instant t) {
    return t.getEpochSecond() >= MIN_SECOND && t.getEpochSecond() < END_SECOND;
  }

  /**
   * The time in {@code text}, or null when it is not one of the two accepted shapes, names no real
   * date or time of day, or falls outside years 0000–9999 once converted to UTC. Never throws.
   */
  public static Instant parse(String text) {
    if (text == null) {
      return null;
    }
    int n = text.length();
    if (n < 19) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    char sep = text.charAt(10);
    if (sep != 'T' && sep != ' ') {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (i < n && text.charAt(i) == '.') {
      int start = ++i;
      while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        if (i - start < 9) {
          nanos = nanos * 10 + (text.charAt(i) - '0');
        }
        i++;
      }
      int count = i - start;
      if (count == 0) {
        return null;
      }
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offsetSeconds = 0;
    if (sep == ' ') {
      if (i != n) { // the data-lake layout is UTC and carries no offset
        return null;
      }
    } else {
      if (i == n) {
        return null; // RFC 3339 requires an offset
      }
      char z = text.charAt(i);
      if (z == 'Z' && i + 1 == n) {
        offsetSeconds = 0;
      } else if ((z == '+' || z == '-') && i + 6 == n && text.charAt(i + 3) == ':') {
        int oh = digits(text, i + 1, 2);
        int om = digits(text, i + 4, 2);
        if (oh < 0 || oh > 23 || om < 0 || om > 59) {
          return null;
        }
        offsetSeconds = (z == '+' ? 1 : -1) * (oh * 3600 + om * 60);
      } else {
        return null;
      }
    }
    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
    long seconds = days * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
    if (seconds < MIN_SECOND || seconds >= END_SECOND) {
      return null; // an offset moved it out of the years the layout can write
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** Non-negative value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** The time of a JSON value: a string {@link #parse} accepts; null for anything else. */
  public static Instant of(JsonNode value) {
    return value != null && value.isTextual() ? parse(value.textValue()) : null;
  }

  /**
   * The event's own time: {@code p_event_time} when it reads (an event exported from Panther), else
   * {@code eventTime}; null when neither does. Member names are matched exactly.
   */
  public static Instant of(Event event) {
    return ofFields(event.fields());
  }

  /** As {@link #of(Event)}, from an event's JSON object. */
  public static Instant ofFields(JsonNode fields) {
    Instant t = of(fields.get(P_EVENT_TIME));
    return t != null ? t : of(fields.get(EVENT_TIME));
  }

  private static final com.fasterxml.jackson.core.JsonFactory BYTES =
      new com.fasterxml.jackson.core.JsonFactory();

  /**
   * The event time of raw JSON event bytes, in epoch milliseconds, without building the event: the
   * same choice as {@link #ofFields} (top-level {@code p_event_time} when it reads, else {@code
   * eventTime}), for stream sources that need a record's time before (or instead of) parsing it.
   * {@link #NONE} when neither reads, and for anything that is not a JSON object (the parser then
   * reports it); never throws.
   */
  public static long millis(byte[] json) {
    return millis(json, 0, json.length);
  }

  /** As {@link #millis(byte[])}, for {@code length} bytes at {@code offset}. */
  public static long millis(byte[] json, int offset, int length) {
    String pTime = null;
    String time = null;
    try (com.fasterxml.jackson.core.JsonParser p = BYTES.createParser(json, offset, length)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return NONE;
      }
      for (com.fasterxml.jackson.core.JsonToken t = p.nextToken();
          t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
          t = p.nextToken()) {
        String name = p.currentName();
        com.fasterxml.jackson.core.JsonToken v = p.nextToken();
        if (v == com.fasterxml.jackson.core.JsonToken.VALUE_STRING && name.equals(P_EVENT_TIME)) {
          pTime = p.getText();
        } else if (v == com.fasterxml.jackson.core.JsonToken.VALUE_STRING
            && name.equals(EVENT_TIME)) {
          time = p.getText();
        } else {
          p.skipChildren();
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return NONE; // not an event: the parser reports why
    }
    Instant t = parse(pTime);
    return millis(t != null ? t : parse(time));
  }

  /**
   * Epoch milliseconds of {@code t}, sub-millisecond digits dropped (toward the past), or {@link
   * #NONE} for null. Never overflows for a time {@link #parse} returns (years 0000–9999).
   */
  public static long millis(Instant t) {
    return t == null ? NONE : t.toEpochMilli();
  }

  /**
   * {@code t} in Panther's data-lake layout, UTC, nine fraction digits: {@code 2024-01-01
   * 10:00:00.000000000} (always 29 characters).
   *
   * @throws IllegalArgumentException if {@code t}'s UTC year is outside 0000–9999 ({@link
   *     #inRange}); {@link #parse} never returns such a time
   */
  public static String format(Instant t) {
    if (!inRange(t)) {
      throw new IllegalArgumentException(
          "time outside years 0000-9999 (UTC) cannot be written in Panther's layout: " + t);
    }
    java.time.LocalDateTime d =
        java.time.LocalDateTime.ofEpochSecond(
            t.getEpochSecond(), t.getNano(), java.time.ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(29);
    pad(sb, d.getYear(), 4).append('-');
    pad(sb, d.getMonthValue(), 2).append('-');
    pad(sb, d.getDayOfMonth(), 2).append(' ');
    pad(sb, d.getHour(), 2).append(':');
    pad(sb, d.getMinute(), 2).append(':');
    pad(sb, d.getSecond(), 2).append('.');
    return pad(sb, d.getNano(), 9).toString();
  }

  private static StringBuilder pad(StringBuilder sb, int v, int width) {
    String s = Integer.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }
}
