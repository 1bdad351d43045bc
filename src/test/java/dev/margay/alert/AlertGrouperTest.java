package dev.margay.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.condition.ConditionParser;
import dev.margay.condition.FieldPath;
import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.rule.AlertContextField;
import dev.margay.rule.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AlertGrouperTest {
  private static final Instant PARSE_TIME = Instant.parse("2026-11-29T12:00:00Z");

  private static RuleEngine engine(int threshold) {
    Rule rule =
        Rule.builder("R")
            .logTypes("AWS.CloudTrail")
            .detection(ConditionParser.parse("eventName == \"X\""))
            .groupBy(List.of(FieldPath.parseKeyPath("account")))
            .dedupPeriodMinutes(60)
            .threshold(threshold)
            .alertContext(List.of(new AlertContextField("who", FieldPath.parseKeyPath("who"))))
            .build();
    return RuleEngine.builder().addRule(rule).build();
  }

  private static Match match(RuleEngine engine, String account, String time, String who) {
    String t = time == null ? "" : ",\"eventTime\":\"" + time + "\"";
    return engine
        .evaluate(
            "{\"eventName\":\"X\",\"account\":\""
                + account
                + "\",\"who\":\""
                + who
                + "\""
                + t
                + "}")
        .get(0);
  }

  private static List<Alert> exact(List<Match> matches) {
    List<Alert> alerts = new ArrayList<>();
    AlertGrouper grouper = new AlertGrouper(alerts::add, PARSE_TIME, Long.MAX_VALUE);
    matches.forEach(grouper::add);
    grouper.flush();
    return alerts;
  }

  private static List<Alert> streaming(List<Match> matches, Duration bound, List<LateMatch> late) {
    List<Alert> alerts = new ArrayList<>();
    StreamingAlertGrouper grouper =
        new StreamingAlertGrouper(
            bound, alerts::add, late::add, PARSE_TIME::toEpochMilli, Long.MAX_VALUE);
    matches.forEach(grouper::add);
    grouper.flush();
    alerts.sort(Alert.ORDER);
    return alerts;
  }

  private static List<Alert> group(RuleEngine engine, String... times) {
    List<Match> matches = new ArrayList<>();
    for (String t : times) {
      matches.add(match(engine, "1", t, "a"));
    }
    return exact(matches);
  }

  private static final String[] FIVE_THEN_TWO = {
    "2024-01-01T10:00:00Z",
    "2024-01-01T10:10:00Z",
    "2024-01-01T10:20:00Z",
    "2024-01-01T10:40:00Z",
    "2024-01-01T10:59:59Z",
    "2024-01-01T11:00:00Z",
    "2024-01-01T11:30:00Z"
  };

  @Test
  void fiveMatchesInThePeriodAndTwoAfter_giveTwoAlertsOfFiveAndTwo_withTheirWindows() {
    List<Alert> alerts = group(engine(1), FIVE_THEN_TWO);
    assertThat(alerts).extracting(Alert::matchCount).containsExactly(5, 2);
    assertThat(alerts.get(0).windowStart()).isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
    assertThat(alerts.get(0).windowEnd()).isEqualTo(Instant.parse("2024-01-01T11:00:00Z"));
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
  void fiveThenTwo_inReverseOrder_giveTheSameAlerts() {
    String[] reversed = FIVE_THEN_TWO.clone();
    Collections.reverse(java.util.Arrays.asList(reversed));
    assertThat(group(engine(1), reversed)).isEqualTo(group(engine(1), FIVE_THEN_TWO));
  }

  @Test
  void windowFunctions_openJoinCloseAndNeverOverflow() {
    AlertWindows.Step first = AlertWindows.apply(null, 0, 60);
    assertThat(first.opened()).isTrue();
    assertThat(first.window()).isEqualTo(new AlertWindow(0, 3_600_000, 1, 0));
    AlertWindows.Step second = AlertWindows.apply(first.window(), 3_599_999, 60);
    assertThat(second.opened()).isFalse();
    assertThat(second.window()).isEqualTo(new AlertWindow(0, 3_600_000, 2, 3_599_999));
    AlertWindows.Step third = AlertWindows.apply(second.window(), 3_600_000, 60);
    assertThat(third.closed()).isEqualTo(second.window());
    assertThat(third.window().start()).isEqualTo(3_600_000);
    assertThat(AlertWindows.open(Long.MAX_VALUE - 5, 60).end()).isEqualTo(Long.MAX_VALUE);
    assertThat(AlertWindows.endedBy(third.window(), 7_200_000)).isTrue();
    assertThat(AlertWindows.endedBy(third.window(), 7_199_999)).isFalse();
    assertThat(AlertWindows.fires(second.window(), 2)).isTrue();
    assertThat(AlertWindows.fires(second.window(), 3)).isFalse();
    assertThatThrownBy(() -> AlertWindows.apply(third.window(), 0, 60))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void matchesAtTheSameTime_firstMatchIsChosenByContent_notByArrival() {
    RuleEngine engine = engine(1);
    Match a = match(engine, "1", "2024-01-01T10:00:00Z", "alice");
    Match b = match(engine, "1", "2024-01-01T10:00:00Z", "bob");
    List<Alert> ab = exact(List.of(a, b));
    List<Alert> ba = exact(List.of(b, a));
    assertThat(ab).isEqualTo(ba).hasSize(1);
    assertThat(ab.get(0).alertContext().get("who").asText()).isEqualTo("alice");
  }

  /** Random matches over few keys, times spread so that windows split in many places. */
  private static List<Match> randomMatches(RuleEngine engine, Random random, int n) {
    List<Match> matches = new ArrayList<>();
    Instant base = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < n; i++) {
      String time =
          random.nextInt(20) == 0
              ? null
              : base.plusSeconds(60L * random.nextInt(6 * 60))
                  .toString(); // six hours, minute steps: many ties
      matches.add(
          match(engine, Integer.toString(random.nextInt(4)), time, "u" + random.nextInt(3)));
    }
    return matches;
  }

  @Test
  void anyPermutationOfTheSameMatches_givesTheSameAlerts_exactlyAndWithAWideEnoughBound() {
    RuleEngine engine = engine(2);
    Random random = new Random(7);
    for (int round = 0; round < 50; round++) {
      List<Match> matches = randomMatches(engine, random, 60);
      List<Alert> expected = exact(matches);
      List<Match> sorted = new ArrayList<>(matches);
      sorted.sort(java.util.Comparator.comparingLong(Match::eventTimeMillis));
      List<Match> shuffled = new ArrayList<>(matches);
      Collections.shuffle(shuffled, random);
      List<Match> reversed = new ArrayList<>(matches);
      Collections.reverse(reversed);
      assertThat(exact(shuffled)).isEqualTo(expected);
      assertThat(exact(reversed)).isEqualTo(expected);
      assertThat(exact(sorted)).isEqualTo(expected);
      List<LateMatch> late = new ArrayList<>();
      // Streaming: exact whenever the bound covers the disorder (six hours here), and in time order
      // with 0.
      assertThat(streaming(shuffled, Duration.ofHours(6), late)).isEqualTo(expected);
      assertThat(streaming(sorted, Duration.ZERO, late)).isEqualTo(expected);
      assertThat(late).isEmpty();
    }
  }

  @Test
  void streaming_closesWindowsAsTheWatermarkPasses_andReportsLateMatches() {
    RuleEngine engine = engine(1);
    List<Alert> alerts = new ArrayList<>();
    List<LateMatch> late = new ArrayList<>();
    StreamingAlertGrouper grouper =
        new StreamingAlertGrouper(
            Duration.ofMinutes(10),
            alerts::add,
            late::add,
            PARSE_TIME::toEpochMilli,
            Long.MAX_VALUE);
    grouper.add(match(engine, "1", "2024-01-01T10:00:00Z", "a"));
    grouper.add(
        match(
            engine, "1", "2024-01-01T11:05:00Z", "a")); // watermark 10:55: window 10:00-11:00 open
    assertThat(alerts).isEmpty();
    grouper.add(match(engine, "2", "2024-01-01T11:10:00Z", "a")); // watermark 11:00 closes it
    assertThat(alerts).extracting(Alert::matchCount).containsExactly(1);
    grouper.add(match(engine, "1", "2024-01-01T10:30:00Z", "a")); // behind the watermark: late
    assertThat(late).hasSize(1);
    assertThat(late.get(0).watermark()).isEqualTo(Instant.parse("2024-01-01T11:00:00Z"));
    assertThat(grouper.lateMatches()).isEqualTo(1);
    assertThat(grouper.openWindows())
        .isZero(); // 11:05 and 11:10 still wait for the watermark to pass them
    grouper.flush();
    assertThat(alerts).extracting(Alert::dedupKey).containsExactly("1", "1", "2");
  }

  @Test
  void aMatchWithoutTime_countsAtTheParseTime_andNeverHoldsAWindowOpenAcrossDays() {
    RuleEngine engine = engine(1);
    List<Match> matches =
        List.of(
            match(engine, "1", null, "a"),
            match(engine, "1", "2024-01-01T10:00:00Z", "a"),
            match(engine, "1", "2024-01-02T10:00:00Z", "a"),
            match(engine, "1", "2024-01-03T10:00:00Z", "a"));
    List<Alert> alerts = exact(matches);
    assertThat(alerts)
        .extracting(Alert::windowStart)
        .containsExactly(
            Instant.parse("2024-01-01T10:00:00Z"),
            Instant.parse("2024-01-02T10:00:00Z"),
            Instant.parse("2024-01-03T10:00:00Z"),
            PARSE_TIME);
    assertThat(alerts).extracting(Alert::matchCount).containsOnly(1);
    assertThat(streaming(matches, Duration.ZERO, new ArrayList<>())).isEqualTo(alerts);
    RuleEngine three = engine(3);
    List<Match> threshold3 =
        List.of(
            match(three, "1", null, "a"),
            match(three, "1", "2024-01-01T10:00:00Z", "a"),
            match(three, "1", "2024-01-02T10:00:00Z", "a"),
            match(three, "1", "2024-01-03T10:00:00Z", "a"));
    assertThat(exact(threshold3)).isEmpty();
    assertThat(streaming(threshold3, Duration.ZERO, new ArrayList<>())).isEmpty();
  }

  @Test
  void absurdOrGarbageTimes_areTimeless_neverAnException() {
    RuleEngine engine = engine(1);
    List<Match> matches = new ArrayList<>();
    for (String t :
        List.of(
            "+1000000000-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z",
            "garbage",
            "2024-02-30T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "0000-01-01T00:00:00Z",
            "2024-01-01T10:00:00Z")) {
      matches.add(match(engine, "1", t, "a"));
    }
    assertThat(matches)
        .extracting(Match::eventTimeMillis)
        .filteredOn(t -> t == dev.margay.event.EventTime.NONE)
        .hasSize(5);
    List<Alert> alerts = exact(matches);
    assertThat(alerts)
        .extracting(Alert::windowStart)
        .containsExactly(
            Instant.parse("0000-01-01T00:00:00Z"),
            Instant.parse("2024-01-01T10:00:00Z"),
            PARSE_TIME,
            Instant.parse("9999-12-31T23:59:59.999Z"));
    assertThat(alerts.get(2).matchCount()).isEqualTo(5);
    // Streaming, in this order: 9999 moves the watermark past 0000 and 2024, which are then late.
    List<LateMatch> late = new ArrayList<>();
    assertThat(streaming(matches, Duration.ofDays(1), late))
        .extracting(Alert::windowStart)
        .containsExactly(PARSE_TIME, Instant.parse("9999-12-31T23:59:59.999Z"));
    assertThat(late)
        .extracting(LateMatch::eventTime)
        .containsExactly(
            Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("2024-01-01T10:00:00Z"));
  }

  @Test
  void pastTheMemoryBudget_addThrowsWithWhatToDo_insteadOfRunningOutOfMemory() {
    RuleEngine engine = engine(1);
    AlertGrouper grouper = new AlertGrouper(a -> {}, PARSE_TIME, 10_000);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 1000; i++) {
                grouper.add(match(engine, Integer.toString(i), "2024-01-01T10:00:00Z", "a"));
              }
            })
        .isInstanceOf(AlertLimitException.class)
        .hasMessageContaining("matches in")
        .hasMessageContaining("memory budget of 0 MB");
    StreamingAlertGrouper streaming =
        new StreamingAlertGrouper(
            Duration.ofDays(1), a -> {}, l -> {}, PARSE_TIME::toEpochMilli, 10_000);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 1000; i++) {
                streaming.add(match(engine, Integer.toString(i), "2024-01-01T10:00:00Z", "a"));
              }
            })
        .isInstanceOf(AlertLimitException.class)
        .hasMessageContaining("open windows and")
        .hasMessageContaining("waiting matches");
  }

  @Test
  void aWindowValue_survivesJavaSerialization_forStreamProcessorState() throws Exception {
    AlertWindow w = AlertWindows.apply(AlertWindows.open(1_000, 60), 2_000, 60).window();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(w);
    }
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(w);
    }
  }

  // The edge cases AlertGrouper's Javadoc documents, one test each.

  @Test
  void aCreateAlertFalseRule_givesSignalsNotAlerts_soTheGrouperIgnoresItsMatches() {
    Rule signal =
        Rule.builder("Signal")
            .logTypes("AWS.CloudTrail")
            .detection(ConditionParser.parse("eventName == \"X\""))
            .createAlert(false)
            .threshold(1)
            .build();
    RuleEngine engine = RuleEngine.builder().addRule(signal).build();
    Match m = match(engine, "1", "2024-01-01T10:00:00Z", "a");
    assertThat(m.createAlert()).isFalse();
    List<Alert> alerts = new ArrayList<>();
    AlertGrouper grouper = new AlertGrouper(alerts::add, PARSE_TIME, Long.MAX_VALUE);
    grouper.add(m);
    assertThat(grouper.heldMatches()).isZero();
    assertThat(grouper.estimatedBytes()).isZero();
    grouper.flush();
    assertThat(alerts).isEmpty();
  }

  @Test
  void subMillisecondDigits_areDropped_soAlertTimesHaveMillisecondPrecision() {
    List<Alert> alerts = group(engine(2), "2024-01-01T10:00:00.1231Z", "2024-01-01T10:00:00.1239Z");
    assertThat(alerts).hasSize(1);
    Alert alert = alerts.get(0);
    Instant ms = Instant.parse("2024-01-01T10:00:00.123Z");
    assertThat(alert.matchCount()).isEqualTo(2);
    assertThat(alert.windowStart()).isEqualTo(ms);
    assertThat(alert.firstEventTime()).isEqualTo(ms);
    assertThat(alert.lastEventTime()).isEqualTo(ms);
    assertThat(alert.windowEnd()).isEqualTo(ms.plus(Duration.ofMinutes(60)));
  }

  @Test
  void flush_handsOutAlertsInAlertOrder_andLeavesTheGrouperEmpty() {
    RuleEngine engine = engine(1);
    List<Alert> alerts = new ArrayList<>();
    AlertGrouper grouper = new AlertGrouper(alerts::add, PARSE_TIME, Long.MAX_VALUE);
    grouper.add(match(engine, "b", "2024-01-01T10:00:00Z", "a"));
    grouper.add(match(engine, "a", "2024-01-01T10:00:00Z", "a"));
    grouper.add(match(engine, "c", "2024-01-01T09:00:00Z", "a"));
    assertThat(grouper.heldMatches()).isEqualTo(3);
    grouper.flush();
    // Window start first, then rule and dedup key; never the order of arrival.
    assertThat(alerts).extracting(Alert::dedupKey).containsExactly("c", "a", "b");
    assertThat(alerts).isSortedAccordingTo(Alert.ORDER);
    assertThat(grouper.heldMatches()).isZero();
    assertThat(grouper.estimatedBytes()).isZero();
    grouper.flush();
    assertThat(alerts).hasSize(3);
    // Empty means empty: a match after the flush opens a new window of its own.
    grouper.add(match(engine, "a", "2024-01-01T10:30:00Z", "a"));
    grouper.flush();
    assertThat(alerts).hasSize(4);
    assertThat(alerts.get(3).windowStart()).isEqualTo(Instant.parse("2024-01-01T10:30:00Z"));
    assertThat(alerts.get(3).matchCount()).isEqualTo(1);
  }

  @Test
  void aMatchWhoseContentEqualsThePreviousOne_sharesIt_andCostsOnlyItsTimeAndReference() {
    RuleEngine engine = engine(1);
    AlertGrouper grouper = new AlertGrouper(a -> {}, PARSE_TIME, Long.MAX_VALUE);
    grouper.add(match(engine, "1", "2024-01-01T10:00:00Z", "a"));
    long first = grouper.estimatedBytes();
    grouper.add(match(engine, "1", "2024-01-01T10:01:00Z", "a"));
    long same = grouper.estimatedBytes() - first;
    grouper.add(match(engine, "1", "2024-01-01T10:02:00Z", "someone else"));
    long different = grouper.estimatedBytes() - first - same;
    assertThat(same).isEqualTo(20); // "about 20 bytes per match then"
    assertThat(different).isGreaterThan(same);
  }

  @Test
  void aNullSink_isRefusedAtConstruction() {
    assertThatThrownBy(() -> new AlertGrouper(null, PARSE_TIME, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("sink");
  }
}
