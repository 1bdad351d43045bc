package dev.margay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.condition.ConditionParser;
import dev.margay.condition.FieldPath;
import dev.margay.event.Event;
import dev.margay.event.EventTime;
import dev.margay.event.Ingestion;
import dev.margay.rule.Rule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RuleEngine.evaluate(Event, Ingestion): rules see events as Panther ingests them; nothing is added
 * otherwise.
 */
class IngestionTest {
  private static final Ingestion INGESTION =
      new Ingestion("in.jsonl", Instant.parse("2026-01-02T03:04:05Z"), "r1");
  private static final String EVENT =
      "{\"eventName\":\"X\",\"eventTime\":\"2024-01-01T10:00:00Z\","
          + "\"sourceIPAddress\":\"1.2.3.4\",\"userIdentity\":{\"arn\":\"arn:aws:iam::123456789012:user/a\"}}";

  private static RuleEngine engine(Rule.Builder rule) {
    return RuleEngine.builder().addRule(rule.logTypes("AWS.CloudTrail").build()).build();
  }

  @Test
  void conditionsOnStandardFields_seeThemComputed() {
    RuleEngine engine =
        engine(
            Rule.builder("R")
                .detection(
                    ConditionParser.parse(
                        "p_any_aws_arns contains \"arn:aws:iam::123456789012:user/a\" and p_log_type == \"AWS.CloudTrail\""
                            + " and eventTime == \"2024-01-01 10:00:00.000000000\" and p_source_label == \"in.jsonl\"")));
    Event projected = engine.parse(EVENT);
    assertThat(engine.evaluate(projected, INGESTION)).hasSize(1);
    assertThat(engine.evaluate(engine.parse(EVENT))).isEmpty(); // raw: none of them
    assertThat(engine.evaluateRule("R", Event.parse(EVENT))).isEmpty(); // rule tests: never added
  }

  @Test
  void outputsOnStandardFields_areFilledForMatches_andTheMatchTimeIsTheEventsOwn() {
    RuleEngine engine =
        engine(
            Rule.builder("R")
                .detection(ConditionParser.parse("eventName == \"X\""))
                .alertTitle("at {p_event_time} row {p_row_id}")
                .groupBy(List.of(FieldPath.parseKeyPath("p_parse_time")))
                .summaryAttributes(List.of("p_any_ip_addresses", "p_any_aws_account_ids")));
    Match m = engine.evaluate(engine.parse(EVENT), INGESTION).get(0);
    assertThat(m.title()).isEqualTo("at 2024-01-01 10:00:00.000000000 row r1");
    assertThat(m.dedupKey()).isEqualTo("2026-01-02 03:04:05.000000000");
    assertThat(m.summaryAttributes().get("p_any_ip_addresses").toString())
        .isEqualTo("[\"1.2.3.4\"]");
    assertThat(m.summaryAttributes().get("p_any_aws_account_ids").toString())
        .isEqualTo("[\"123456789012\"]");
    assertThat(m.eventTimeMillis()).isEqualTo(Instant.parse("2024-01-01T10:00:00Z").toEpochMilli());
    assertThat(m.event().json().get("p_row_id").asText()).isEqualTo("r1");
    Match timeless = engine.evaluate(engine.parse("{\"eventName\":\"X\"}"), INGESTION).get(0);
    assertThat(timeless.title())
        .isEqualTo("at 2026-01-02 03:04:05.000000000 row r1"); // p_event_time = p_parse_time
    assertThat(timeless.eventTimeMillis())
        .isEqualTo(EventTime.NONE); // grouping decides what it counts as
  }

  @Test
  void rulesReadingNoStandardField_getTheEventAsItIs() {
    RuleEngine engine =
        engine(
            Rule.builder("R")
                .detection(ConditionParser.parse("eventName == \"X\""))
                .alertTitle("{sourceIPAddress}"));
    Event event = engine.parse(EVENT);
    Match m = engine.evaluate(event, INGESTION).get(0);
    assertThat(m.event()).isSameAs(event);
    assertThat(m.event().json().has("p_row_id")).isFalse();
  }

  @Test
  void conditionsAndOutputsBothOnIndicators_agree_withAProjectedEvent() {
    RuleEngine engine =
        engine(
            Rule.builder("R")
                .detection(ConditionParser.parse("p_any_ip_addresses contains \"1.2.3.4\""))
                .summaryAttributes(List.of("p_any_aws_arns", "p_source_label")));
    assertThat(engine.projection()).isPresent();
    Match m = engine.evaluate(engine.parse(EVENT), INGESTION).get(0);
    assertThat(m.summaryAttributes().get("p_any_aws_arns").toString())
        .isEqualTo("[\"arn:aws:iam::123456789012:user/a\"]");
    assertThat(m.summaryAttributes().get("p_source_label").asText()).isEqualTo("in.jsonl");
  }

  @Test
  void indicatorsReadOnlyByOutputs_comeFromTheStandardFieldsProjection_orFromASecondParse() {
    // The ARN sits in responseElements, which no condition reads. Evaluation alone projects only
    // what conditions read; the projection for standard fields also keeps the indicator sources,
    // so that a matching event is not parsed a second time. Both give the same match.
    RuleEngine engine =
        engine(
            Rule.builder("R")
                .detection(ConditionParser.parse("eventName == \"X\""))
                .summaryAttributes(List.of("p_any_aws_arns")));
    String json =
        "{\"eventName\":\"X\",\"responseElements\":{\"role\":{\"arn\":\"arn:aws:iam::123456789012:role/b\"}}}";
    assertThat(engine.projection().get().toString())
        .doesNotContain(dev.margay.event.Indicators.SOURCE_MEMBERS);
    dev.margay.event.Projection withSources = engine.standardFieldsProjection().get();
    assertThat(withSources.toString()).contains(dev.margay.event.Indicators.SOURCE_MEMBERS);

    Event lean = engine.parse(json);
    Event kept = dev.margay.event.EventParser.defaults().parse(json, withSources);
    assertThat(kept.projection()).contains(withSources);
    assertThat(kept.fields().has("responseElements")).isTrue();
    assertThat(lean.fields().has("responseElements")).isFalse();
    for (Event event : List.of(lean, kept)) {
      Match m = engine.evaluate(event, INGESTION).get(0);
      assertThat(m.summaryAttributes().get("p_any_aws_arns").toString())
          .isEqualTo("[\"arn:aws:iam::123456789012:role/b\"]");
    }
  }
}
