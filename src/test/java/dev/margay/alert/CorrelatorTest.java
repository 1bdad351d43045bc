package dev.margay.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.rule.CorrelationRule;
import dev.margay.rule.CorrelationRule.CriterionEntry;
import dev.margay.rule.CorrelationRule.Member;
import dev.margay.rule.CorrelationRule.Transition;
import dev.margay.rule.Severity;
import dev.margay.rule.SourceLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The correlators: alerts independent of arrival order, each signal used by at most one alert, "not
 * followed by" decided only once the follower could have arrived, streaming equal to exact within
 * its disorder bound, and state bounded by the lookback window over a long stream.
 */
class CorrelatorTest {
  private static final SourceLocation HERE = new SourceLocation("<test>", 1, 1);
  private static final long MIN = 60_000L;

  private static CorrelationRule group(
      String id, int lookback, List<Member> members, String field) {
    List<CriterionEntry> entries =
        members.stream().map(m -> new CriterionEntry(m.id(), field)).toList();
    return new CorrelationRule(
        id,
        id + " title",
        true,
        Severity.HIGH,
        CorrelationRule.Form.GROUP,
        members,
        field == null ? Map.of() : Map.of("f", entries),
        List.of(),
        null,
        lookback,
        null,
        new CorrelationRule.Schedule(60, null, 5),
        "",
        "",
        "",
        List.of(),
        Map.of(),
        List.of(),
        List.of(),
        true,
        false,
        null,
        null,
        null,
        List.of(),
        HERE);
  }

  private static Member member(String id, int min, boolean absence) {
    return new Member(id, "Rule." + id, min, null, absence, HERE);
  }

  private static CorrelationSignal signal(String member, String user, long minute) {
    return new CorrelationSignal("Rule." + member, minute * MIN, Map.of("user", List.of(user)));
  }

  /**
   * Brute force on two members: five failures then a success for the same user within 30 minutes.
   */
  private static final CorrelationRule BRUTE =
      group("Brute", 30, List.of(member("fail", 5, false), member("ok", 1, false)), "user");

  /** A change not followed (or preceded) by an archive of the same repo within 60 minutes. */
  private static final CorrelationRule NOT_ARCHIVED =
      group(
          "NotArchived",
          60,
          List.of(member("change", 1, false), member("archive", 1, true)),
          "user");

  private static List<String> exact(List<CorrelationRule> rules, List<CorrelationSignal> signals) {
    List<String> out = new ArrayList<>();
    CorrelationGrouper g = new CorrelationGrouper(rules, a -> out.add(describe(a)));
    signals.forEach(g::add);
    g.flush();
    return out;
  }

  private static String describe(CorrelationAlert a) {
    return a.ruleId()
        + " "
        + a.joinValues()
        + " @"
        + a.timeMillis() / MIN
        + " n="
        + a.signals().size();
  }

  private static List<CorrelationSignal> scenario() {
    List<CorrelationSignal> s = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      s.add(signal("fail", "alice", i));
      s.add(signal("fail", "bob", i));
    }
    s.add(signal("ok", "alice", 10));
    s.add(signal("ok", "alice", 11)); // the same failures again: no second alert
    s.add(signal("ok", "bob", 40)); // bob's failures are out of the window by then
    for (int i = 100; i < 105; i++) {
      s.add(signal("fail", "alice", i));
    }
    s.add(signal("ok", "alice", 105)); // five fresh failures: a second alert
    s.add(signal("change", "repo1", 200));
    s.add(signal("archive", "repo1", 230)); // archived after the change: no alert
    s.add(signal("change", "repo2", 300)); // never archived: an alert
    s.add(signal("archive", "repo3", 390));
    s.add(signal("change", "repo3", 400)); // archived before: no alert
    return s;
  }

  @Test
  void anyArrivalOrderGivesTheSameAlerts() {
    List<CorrelationSignal> signals = scenario();
    List<String> expected =
        List.of("Brute [alice] @10 n=6", "Brute [alice] @105 n=6", "NotArchived [repo2] @300 n=1");
    assertThat(exact(List.of(BRUTE, NOT_ARCHIVED), signals)).containsExactlyElementsOf(expected);
    for (long seed = 0; seed < 20; seed++) {
      List<CorrelationSignal> shuffled = new ArrayList<>(signals);
      Collections.shuffle(shuffled, new Random(seed));
      assertThat(exact(List.of(BRUTE, NOT_ARCHIVED), shuffled))
          .as("seed %d", seed)
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void streamingWithinItsBoundEqualsExact_andLateSignalsAreCounted() {
    List<CorrelationSignal> signals = new ArrayList<>(scenario());
    signals.sort(java.util.Comparator.comparingLong(CorrelationSignal::timeMillis));
    // Disorder of at most 3 minutes: swap neighbours.
    for (int i = 0; i + 1 < signals.size(); i += 2) {
      Collections.swap(signals, i, i + 1);
    }
    List<String> out = new ArrayList<>();
    List<CorrelationSignal> late = new ArrayList<>();
    StreamingCorrelator s =
        new StreamingCorrelator(
            List.of(BRUTE, NOT_ARCHIVED),
            Duration.ofMinutes(100),
            a -> out.add(describe(a)),
            late::add);
    signals.forEach(s::add);
    s.flush();
    assertThat(out).containsExactlyElementsOf(exact(List.of(BRUTE, NOT_ARCHIVED), signals));
    assertThat(late).isEmpty();

    StreamingCorrelator tight =
        new StreamingCorrelator(List.of(BRUTE), Duration.ZERO, a -> {}, late::add);
    tight.add(signal("ok", "alice", 10));
    tight.add(signal("fail", "alice", 9));
    assertThat(tight.lateSignals()).isEqualTo(1);
    assertThat(late).hasSize(1);
  }

  @Test
  void absenceIsDecidedOnlyOnceTheFollowerCouldHaveArrived() {
    List<String> out = new ArrayList<>();
    Correlator c = new Correlator(List.of(NOT_ARCHIVED), a -> out.add(describe(a)));
    c.add(signal("change", "repo1", 0));
    c.advanceTo(59 * MIN);
    assertThat(out).as("an archive may still come within the hour").isEmpty();
    c.add(signal("archive", "repo1", 59));
    c.advanceTo(1000 * MIN);
    assertThat(out).isEmpty();
    c.add(signal("change", "repo2", 1000));
    c.advanceTo(1060 * MIN + 1);
    assertThat(out).containsExactly("NotArchived [repo2] @1000 n=1");
  }

  @Test
  void signalsOutOfOrderAreRejectedByTheOrderedCore() {
    Correlator c = new Correlator(List.of(BRUTE), a -> {});
    c.add(signal("ok", "alice", 10));
    assertThatThrownBy(() -> c.add(signal("fail", "alice", 9)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event-time order");
  }

  @Test
  void sequenceWithChainedTransitions_triesEveryAnchor() {
    CorrelationRule seq =
        new CorrelationRule(
            "Seq",
            null,
            true,
            Severity.LOW,
            CorrelationRule.Form.SEQUENCE,
            List.of(member("a", 1, false), member("b", 1, false), member("c", 1, false)),
            Map.of(),
            List.of(
                new Transition(null, "a", "b", 10, "user", "user"),
                new Transition(null, "b", "c", 10, "user", "user")),
            null,
            120,
            null,
            new CorrelationRule.Schedule(60, null, 5),
            "",
            "",
            "",
            List.of(),
            Map.of(),
            List.of(),
            List.of(),
            true,
            false,
            null,
            null,
            null,
            List.of(),
            HERE);
    // a@0 has no b within 10 minutes; a@50 → b@55 → c@60 does.
    List<CorrelationSignal> signals =
        List.of(
            signal("a", "u", 0),
            signal("a", "u", 50),
            signal("b", "u", 55),
            signal("c", "u", 60),
            signal("a", "v", 0),
            signal("c", "v", 5),
            signal("b", "v", 8));
    assertThat(exact(List.of(seq), signals)).containsExactly("Seq [u] @60 n=4");
  }

  @Test
  void stateStaysFlatOverAMillionSignals() {
    // 1,000,000 signals over ~69 days (ten a minute), 50,000 distinct users, lookbacks of 30 and 60
    // minutes.
    Correlator c = new Correlator(List.of(BRUTE, NOT_ARCHIVED), a -> {});
    long maxHeld = 0;
    int maxKeys = 0;
    long[] heldAt = new long[10];
    Random random = new Random(42);
    String[] members = {"fail", "fail", "fail", "ok", "change", "archive"};
    for (int i = 0; i < 1_000_000; i++) {
      c.add(
          signal(members[random.nextInt(members.length)], "user" + random.nextInt(50_000), i / 10));
      maxHeld = Math.max(maxHeld, c.heldSignals());
      maxKeys = Math.max(maxKeys, c.keys());
      if ((i + 1) % 100_000 == 0) {
        heldAt[(i + 1) / 100_000 - 1] = c.heldSignals();
      }
    }
    c.flush();
    System.out.println(
        "[correlation] 1,000,000 signals over 69 days: at most "
            + maxHeld
            + " signals and "
            + maxKeys
            + " keys held; held every 100,000: "
            + java.util.Arrays.toString(heldAt)
            + "; alerts "
            + c.alerts());
    // Brute keeps 30 minutes, NotArchived 60 + 60 (the absence horizon): at ten signals a minute,
    // never more
    // than 10 * (31 + 121) held, whatever the length of the stream.
    assertThat(maxHeld).isLessThanOrEqualTo(1_520);
    assertThat(maxKeys).isLessThanOrEqualTo(1_520);
    assertThat(heldAt[9]).isLessThanOrEqualTo(2 * heldAt[0] + 100);
    assertThat(c.alerts()).isPositive();
  }

  @Test
  void theExactGrouperStopsAtItsBudget_ratherThanExhaustTheHeap() {
    CorrelationGrouper g = new CorrelationGrouper(List.of(BRUTE), a -> {}, 10_000);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 1_000; i++) {
                g.add(signal("fail", "u" + i, i));
              }
            })
        .isInstanceOf(AlertLimitException.class)
        .hasMessageContaining("correlation holds 55 signals");
  }

  private static CorrelationRule sequence(String id, Member from, Member to, int within) {
    return new CorrelationRule(
        id,
        null,
        true,
        Severity.LOW,
        CorrelationRule.Form.SEQUENCE,
        List.of(from, to),
        Map.of(),
        List.of(new Transition(null, from.id(), to.id(), within, "user", "user")),
        null,
        120,
        null,
        new CorrelationRule.Schedule(60, null, 5),
        "",
        "",
        "",
        List.of(),
        Map.of(),
        List.of(),
        List.of(),
        true,
        false,
        null,
        null,
        null,
        List.of(),
        HERE);
  }

  @Test
  void sequenceAbsence_notFollowedBy_andNotPrecededBy() {
    CorrelationRule notFollowed =
        sequence("NotFollowed", member("a", 1, false), member("b", 1, true), 60);
    CorrelationRule notPreceded =
        sequence("NotPreceded", member("c", 1, true), member("d", 1, false), 60);
    List<CorrelationSignal> signals =
        List.of(
            signal("a", "u1", 0),
            signal("b", "u1", 30), // followed within 60: nothing
            signal("a", "u2", 100), // never followed: an alert at 100
            signal("a", "u3", 200),
            signal("b", "u3", 261), // followed only after 61 minutes: an alert at 200
            signal("c", "v1", 140),
            signal("d", "v1", 150), // preceded: nothing
            signal("d", "v2", 400), // never preceded: an alert at 400
            signal("c", "v3", 300),
            signal("d", "v3", 361)); // preceded 61 minutes before: an alert at 361
    List<String> expected =
        List.of(
            "NotFollowed [u2] @100 n=1",
            "NotFollowed [u3] @200 n=1",
            "NotPreceded [v3] @361 n=1",
            "NotPreceded [v2] @400 n=1");
    List<String> out = exact(List.of(notFollowed, notPreceded), signals);
    assertThat(out).containsExactlyInAnyOrderElementsOf(expected);
    List<CorrelationSignal> reversed = new ArrayList<>(signals);
    Collections.reverse(reversed);
    assertThat(exact(List.of(notFollowed, notPreceded), reversed)).isEqualTo(out);
  }
}
