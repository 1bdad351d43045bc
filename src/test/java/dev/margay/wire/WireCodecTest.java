package dev.margay.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.alert.Alert;
import dev.margay.alert.AlertGrouper;
import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.event.EventParseException;
import dev.margay.event.EventTime;
import dev.margay.input.RecordPosition;
import dev.margay.loader.RuleLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wire records and their JSON: what {@code scan} prints, read back without loss, serializable.
 */
class WireCodecTest {
  private static final String EVENT =
      "{\"eventName\":\"CreateSecurityGroup\",\"recipientAccountId\":\"123456789012\","
          + "\"eventSource\":\"ec2.amazonaws.com\",\"eventTime\":\"2024-01-01T10:00:00.250Z\",\"awsRegion\":\"eu-west-1\"}";

  private static RuleEngine engine() {
    return RuleEngine.builder()
        .addRules(RuleLoader.create().loadAll(List.of(Path.of("src/test/resources/rules"))).rules())
        .build();
  }

  @Test
  void aMatchIsWrittenInScansShapeAndReadBackWhole() {
    List<Match> matches = engine().evaluate(EVENT);
    assertThat(matches).isNotEmpty();
    MatchRecord m = MatchRecord.of(matches.get(0), new RecordPosition("in.jsonl", 7, 2));
    String json = WireCodec.match(m);
    assertThat(json)
        .startsWith(
            "{\"ruleId\":\"" + m.ruleId() + "\",\"severity\":\"" + m.severity() + "\",\"title\":")
        .endsWith(",\"source\":{\"file\":\"in.jsonl\",\"line\":7,\"record\":2}}")
        .doesNotContain("eventTime"); // scan's shape has no stream members
    // Scan's shape loses only what it does not print: the event time and createAlert.
    assertThat(WireCodec.readMatch(WireCodec.utf8(json)))
        .isEqualTo(m.withEventTime(EventTime.NONE));
    // The stream shape carries them, and the event when asked.
    MatchRecord withEvent = m.withEvent(EVENT);
    String stream = WireCodec.streamMatch(withEvent);
    assertThat(stream)
        .startsWith(json.substring(0, json.length() - 1))
        .contains(",\"eventTime\":\"2024-01-01T10:00:00.250Z\"");
    assertThat(WireCodec.readMatch(WireCodec.utf8(stream))).isEqualTo(withEvent);
    assertThat(m.eventTime())
        .isEqualTo(java.time.Instant.parse("2024-01-01T10:00:00.250Z").toEpochMilli());
  }

  @Test
  void aRecordsMatchesAreWrittenTogetherExactlyAsEachAlone() {
    // Context and summary values of every kind, escapes included (U+2028 must stay escaped).
    String event =
        "{\"eventName\":\"CreateSecurityGroup\",\"recipientAccountId\":\"123456789012\","
            + "\"eventSource\":\"ec2.amazonaws.com\",\"eventTime\":\"2024-01-01T10:00:00Z\","
            + "\"awsRegion\":\"eu-\\u2028west \\\"1\\\" \\ud83d\\ude00 \\ud800\","
            + "\"requestParameters\":{\"groupName\":\"g\\u0001\",\"n\":[1.50,2e3,null,true]}}";
    List<Match> found = engine().evaluate(event);
    assertThat(found).hasSizeGreaterThan(1);
    for (RecordPosition position :
        java.util.Arrays.asList(
            new RecordPosition("in.jsonl", 7, 2),
            new RecordPosition("a\u2028b.gz", 1, -1, 12, "eventbridge"),
            null)) {
      List<String> alone = new ArrayList<>();
      for (Match m : found) {
        alone.add(WireCodec.match(MatchRecord.of(m, position)));
      }
      assertThat(WireCodec.matches(found, position, ",\n")).isEqualTo(String.join(",\n", alone));
      assertThat(WireCodec.matches(found.subList(0, 1), position, "\n")).isEqualTo(alone.get(0));
    }
    assertThat(WireCodec.matches(found, null, "\n")).contains("\\u2028").doesNotContain("\u2028");
  }

  @Test
  void anAlertIsWrittenInScansShapeAndReadBackWhole() {
    List<Alert> alerts = new ArrayList<>();
    AlertGrouper grouper = new AlertGrouper(alerts::add);
    engine().evaluate(EVENT).forEach(grouper::add);
    grouper.flush();
    assertThat(alerts).isNotEmpty();
    AlertRecord a = AlertRecord.of(alerts.get(0));
    String json = WireCodec.alert(a);
    assertThat(json)
        .contains(
            "\"windowStart\":\"2024-01-01T10:00:00.250Z\"",
            "\"firstEventTime\":\"2024-01-01T10:00:00.250Z\"",
            "\"matchCount\":1");
    assertThat(WireCodec.readAlert(WireCodec.utf8(json))).isEqualTo(a);
  }

  @Test
  void recordsSurviveJavaSerialization() throws Exception {
    MatchRecord m = MatchRecord.of(engine().evaluate(EVENT).get(0), null);
    BadEvent bad =
        BadEvent.of(
            WireCodec.utf8("{\"a\":"),
            new EventParseException(
                EventParseException.Code.JSON_SYNTAX, "unexpected end", 1, 6, null));
    for (Object o : List.of(m, bad)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(o);
      }
      try (ObjectInputStream in =
          new ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
        assertThat(in.readObject()).isEqualTo(o);
      }
    }
    assertThat(WireCodec.badEvent(bad))
        .isEqualTo("{\"code\":\"json-syntax\",\"reason\":\"1:6: unexpected end\"}");
  }

  @Test
  void malformedWireJsonNamesTheMemberAndWhatWasFound() throws IOException {
    assertThatThrownBy(() -> WireCodec.readMatch(WireCodec.utf8("{\"ruleId\":3}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("match JSON: expected 'ruleId' to be a string, found number");
    assertThatThrownBy(() -> WireCodec.readAlert(WireCodec.utf8("[1]")))
        .hasMessage("alert JSON: expected an object, found array");
    assertThatThrownBy(() -> WireCodec.readAlert(WireCodec.utf8("{\"ruleId\":")))
        .hasMessageStartingWith("alert JSON: ")
        .hasMessageContaining("line 1");
  }

  @Test
  void firstOrderBreaksTimeTiesByContentLikeTheGrouper() {
    MatchRecord low =
        new MatchRecord(
            "R", "LOW", "t", "k", 60, 1, true, "{\"a\":1}", "{}", 5, null, 0, -1, -1, null, null);
    MatchRecord high =
        new MatchRecord(
            "R", "HIGH", "t", "k", 60, 1, true, "{\"a\":0}", "{}", 5, null, 0, -1, -1, null, null);
    MatchRecord lowOther =
        new MatchRecord(
            "R", "LOW", "t", "k", 60, 1, true, "{\"a\":0}", "{}", 5, null, 0, -1, -1, null, null);
    assertThat(MatchRecord.FIRST_ORDER.compare(low, high))
        .isNegative(); // severity first, as Severity's order
    assertThat(MatchRecord.FIRST_ORDER.compare(lowOther, low)).isNegative(); // then the context
    assertThat(MatchRecord.FIRST_ORDER.compare(low, low)).isZero();
  }
}
