package dev.margay.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.condition.ConditionParser;
import dev.margay.condition.FieldPath;
import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.rule.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertGrouperTest {
  private static RuleEngine engine(int threshold) {
    Rule rule = Rule.builder("R").logTypes("AWS.CloudTrail").detection(ConditionParser.parse("eventName == \"X\""))
        .groupBy(List.of(FieldPath.parseKeyPath("account"))).dedupPeriodMinutes(60).threshold(threshold).build();
    return RuleEngine.builder().addRule(rule).build();
  }

  private static List<Alert> group(RuleEngine engine, String... times) {
    List<Alert> alerts = new ArrayList<>();
    AlertGrouper grouper = new AlertGrouper(alerts::add);
    for (String t : times) {
      for (Match m : engine.evaluate("{\"eventName\":\"X\",\"account\":\"1\",\"eventTime\":\"" + t + "\"}")) {
        grouper.add(m);
      }
    }
    grouper.flush();
    return alerts;
  }

  private static final String[] FIVE_THEN_TWO = {
      "2024-01-01T10:00:00Z", "2024-01-01T10:10:00Z", "2024-01-01T10:20:00Z", "2024-01-01T10:40:00Z",
      "2024-01-01T10:59:59Z", "2024-01-01T11:00:00Z", "2024-01-01T11:30:00Z"};

  @Test
  void fiveMatchesInThePeriodAndTwoAfter_giveTwoAlertsOfFiveAndTwo() {
    List<Alert> alerts = group(engine(1), FIVE_THEN_TWO);
    assertThat(alerts).extracting(Alert::matchCount).containsExactly(5, 2);
    assertThat(alerts.get(0).firstEventTime()).isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
    assertThat(alerts.get(0).lastEventTime()).isEqualTo(Instant.parse("2024-01-01T10:59:59Z"));
    assertThat(alerts.get(1).firstEventTime()).isEqualTo(Instant.parse("2024-01-01T11:00:00Z"));
    assertThat(alerts.get(0).dedupKey()).isEqualTo("1");
  }

  @Test
  void thresholdSix_withOnlyFiveInTheWindow_raisesNoAlert() {
    assertThat(group(engine(6), FIVE_THEN_TWO)).isEmpty();
  }

  @Test
  void thresholdFive_raisesOnlyTheFullWindow() {
    assertThat(group(engine(5), FIVE_THEN_TWO)).extracting(Alert::matchCount).containsExactly(5);
  }

  @Test
  void pantherEventTime_isReadWhenThereIsNoEventTime() {
    assertThat(AlertGrouper.eventTime(dev.margay.event.Event.parse("{\"p_event_time\":\"2024-01-01 10:00:00.000000000\"}")
        .json())).isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
  }

  @Test
  void expire_closesWindowsThatEnded() {
    List<Alert> alerts = new ArrayList<>();
    AlertGrouper grouper = new AlertGrouper(alerts::add);
    engine(1).evaluate("{\"eventName\":\"X\",\"account\":\"1\",\"eventTime\":\"2024-01-01T10:00:00Z\"}").forEach(grouper::add);
    grouper.expire(Instant.parse("2024-01-01T10:30:00Z"));
    assertThat(alerts).isEmpty();
    grouper.expire(Instant.parse("2024-01-01T11:00:00Z"));
    assertThat(alerts).hasSize(1);
  }
}
