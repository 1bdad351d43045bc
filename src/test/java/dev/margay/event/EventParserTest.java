package dev.margay.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.condition.FieldPath;
import org.junit.jupiter.api.Test;

class EventParserTest {
  @Test
  void resolve_keepsAbsentApartFromNull() {
    Event e =
        Event.parse(
            "{\"a\":null,\"b\":{\"c\":1},\"l\":[{\"x\":1},{\"y\":2},{\"x\":null},{\"x\":3}]}");
    assertThat(e.resolve(FieldPath.parseKeyPath("a"))).isEqualTo(FieldValue.NULL);
    assertThat(e.resolve(FieldPath.parseKeyPath("z"))).isEqualTo(FieldValue.ABSENT);
    assertThat(e.resolve(FieldPath.parseKeyPath("b.c"))).isInstanceOf(FieldValue.Present.class);
    assertThat(e.resolve(FieldPath.parseKeyPath("b.c.d")))
        .as("a step into a scalar")
        .isEqualTo(FieldValue.ABSENT);
    assertThat(e.resolve(FieldPath.parseKeyPath("l[*].x")))
        .isInstanceOfSatisfying(
            FieldValue.Collection.class,
            c -> assertThat(c.values()).extracting(Object::toString).containsExactly("1", "3"));
    assertThat(e.resolve(FieldPath.parseKeyPath("B.C")))
        .as("case-insensitive fallback")
        .isInstanceOf(FieldValue.Present.class);
  }

  @Test
  void duplicateKeys_areRejectedByDefault_andAllowedWhenAsked() {
    assertThatThrownBy(() -> Event.parse("{\"eventName\":\"A\",\"eventName\":\"B\"}"))
        .isInstanceOf(EventParseException.class)
        .hasMessageContaining("Duplicate field 'eventName'");
    assertThat(
            EventParser.allowingDuplicateKeys()
                .parse("{\"a\":1,\"a\":2}")
                .json()
                .get("a")
                .intValue())
        .isEqualTo(2);
  }

  @Test
  void trailingContent_andNonObjects_areRejected() {
    assertThatThrownBy(() -> Event.parse("{} {}")).isInstanceOf(EventParseException.class);
    assertThatThrownBy(() -> Event.parse("[1]"))
        .hasMessage("expected a JSON object, found an array");
  }

  @Test
  void limits_suitedToCloudTrail_areApplied() {
    assertThat(EventParser.CONSTRAINTS.getMaxNestingDepth()).isEqualTo(128);
    assertThat(EventParser.CONSTRAINTS.getMaxStringLength()).isEqualTo(1_000_000);
    assertThat(EventParser.CONSTRAINTS.getMaxNumberLength()).isEqualTo(100);
    assertThat(EventParser.CONSTRAINTS.getMaxNameLength()).isEqualTo(1_024);
    assertThat(EventParser.CONSTRAINTS.getMaxDocumentLength()).isEqualTo(8L * 1024 * 1024);
    assertThat(EventParser.MAX_DOCUMENT_BYTES).isEqualTo(8 * 1024 * 1024);
    assertThat(EventParser.MAX_DEPTH).isEqualTo(128);
    assertThatThrownBy(() -> Event.parse("{\"n\":" + "1".repeat(2000) + "}"))
        .isInstanceOfSatisfying(
            EventParseException.class,
            e -> assertThat(e.code()).isEqualTo(EventParseException.Code.LIMIT));
    assertThatThrownBy(() -> Event.parse("{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}"))
        .isInstanceOf(EventParseException.class)
        .hasMessageContaining("nesting depth");
  }
}
