package dev.margay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.condition.ConditionParser;
import dev.margay.event.Event;
import dev.margay.input.EventReader;
import dev.margay.input.TestingRecords;
import dev.margay.loader.RuleLoader;
import dev.margay.rule.Rule;
import dev.margay.rule.RuleTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleIndexTest {
  private static final Path CONFORMANCE = Path.of("../shared/conformance/panther-cloudtrail");
  private static final Path BENCH = Path.of("../shared/bench/cloudtrail-real.jsonl.gz");

  private static String requirement(String detection) {
    Requirement r = Requirement.best(ConditionParser.parse(detection));
    return r == null
        ? null
        : r.fieldName()
            + (r.prefix() ? " starts with " : " in ")
            + new java.util.TreeSet<>(r.values());
  }

  @Test
  void requirement_isFoundInEqualsIsInStartsWithAndAnyOfThemOnOneField_preferringEventName() {
    assertThat(requirement("errorCode is_null and eventName in [\"A\", \"B\"]"))
        .isEqualTo("eventName in [A, B]");
    assertThat(requirement("eventName == \"A\" or eventName in [\"B\"]"))
        .isEqualTo("eventName in [A, B]");
    assertThat(requirement("awsRegion == \"x\" and eventSource == \"s3.amazonaws.com\""))
        .isEqualTo("eventSource in [s3.amazonaws.com]");
    assertThat(requirement("userIdentity.type in [\"Root\", \"IAMUser\"] and awsRegion == \"x\""))
        .isEqualTo("awsRegion in [x]");
    assertThat(requirement("userAgent starts_with \"aws-cli\" and x exists"))
        .isEqualTo("userAgent starts with [aws-cli]");
    assertThat(requirement("userAgent starts_with \"aws\" and awsRegion == \"x\""))
        .isEqualTo("awsRegion in [x]");
    assertThat(requirement("eventName == \"A\" or eventSource == \"B\"")).isNull();
    assertThat(requirement("not eventName == \"A\"")).isNull();
    assertThat(requirement("eventName i_equals \"a\"")).isNull();
    assertThat(requirement("eventName != \"A\"")).isNull();
    assertThat(requirement("items[*].name == \"A\"")).isNull();
    assertThat(requirement("enrichment(\"t\", \"s\", \"f\") == \"A\"")).isNull();
  }

  @Test
  void indexedAndUnindexedEvaluation_agreeOnTheProjectsOwnRulesAndEvents() throws IOException {
    List<Rule> rules =
        new ArrayList<>(
            RuleLoader.create().loadAll(List.of(Path.of("src/test/resources/rules"))).rules());
    assertAgree(
        rules,
        List.of(
            Path.of("src/test/resources/events/mixed-clean.jsonl"),
            Path.of("src/test/resources/events/ec2_security_group_seed.jsonl")));
  }

  /**
   * The same over the shared conformance rules and real events; skipped, saying why, without
   * ../shared.
   */
  @Test
  void indexedAndUnindexedEvaluation_agreeOnTheConformanceRulesAndTheRealEvents()
      throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(CONFORMANCE) && Files.isRegularFile(BENCH),
        "../shared is absent ("
            + CONFORMANCE
            + ", "
            + BENCH
            + "): the conformance rules and real events are not checked");
    List<Rule> rules =
        new ArrayList<>(
            RuleLoader.create().loadAll(List.of(Path.of("src/test/resources/rules"))).rules());
    java.util.Set<String> ids = new java.util.HashSet<>();
    rules.forEach(r -> ids.add(r.id()));
    // The seed rule is in both sets; keep the project's copy.
    RuleLoader.create().loadAll(List.of(CONFORMANCE)).rules().stream()
        .filter(r -> !ids.contains(r.id()))
        .forEach(rules::add);
    assertThat(rules.size()).as("project and conformance rules").isGreaterThan(100);
    assertAgree(rules, List.of(BENCH));
  }

  private static void assertAgree(List<Rule> rules, List<Path> eventFiles) throws IOException {
    List<Event> events = new ArrayList<>();
    for (Rule r : rules) {
      r.tests().stream().map(RuleTest::log).forEach(events::add);
    }
    TestingRecords read = new TestingRecords();
    for (Path p : eventFiles) {
      try (InputStream in = Files.newInputStream(p)) {
        EventReader.create().read(p.toString(), in, read);
      }
    }
    events.addAll(read.events());
    RuleEngine indexed = RuleEngine.builder().addRules(rules).includeDisabled(true).build();
    RuleEngine plain =
        RuleEngine.builder().addRules(rules).includeDisabled(true).indexed(false).build();
    RuleEngine projected = RuleEngine.builder().addRules(rules).includeDisabled(true).build();
    RuleEngine whole =
        RuleEngine.builder().addRules(rules).includeDisabled(true).projection(false).build();
    long matches = 0;
    for (Event e : events) {
      List<Match> expected = plain.evaluate(e);
      assertThat(indexed.evaluate(e)).as(e.toJson()).isEqualTo(expected);
      String text = e.toJson();
      assertThat(projected.evaluate(text)).as("projected: " + text).isEqualTo(expected);
      assertThat(whole.evaluate(text)).as("whole: " + text).isEqualTo(expected);
      // Each rule on its own, through its own matchers rather than the engine's shared verdicts.
      java.util.Set<String> alone = new java.util.LinkedHashSet<>();
      String logType = e.logType().orElse(RuleEngine.DEFAULT_LOG_TYPE);
      for (Rule r : rules) {
        if (r.logTypes().contains(logType) && plain.evaluateRule(r.id(), e).isPresent()) {
          alone.add(r.id());
        }
      }
      assertThat(expected)
          .extracting(Match::ruleId)
          .as("rule by rule: " + text)
          .containsExactlyElementsOf(alone);
      matches += expected.size();
    }
    assertThat(indexed.indexedRuleCount()).isPositive();
    assertThat(plain.indexedRuleCount()).isZero();
    System.out.println(
        "[index] "
            + rules.size()
            + " rules ("
            + indexed.indexedRuleCount()
            + " dispatched by "
            + "a required field value) x "
            + events.size()
            + " events: indexed = unindexed = projected parse = rule by rule ("
            + matches
            + " matches)");
  }

  /**
   * Many rules per eventName, so that buckets are split by a second field; events with that field
   * present, absent, null, numeric or spelled in another case: the index changes nothing.
   */
  @Test
  void largeBuckets_splitByASecondField_giveTheSameMatchesAsNoIndex() {
    java.util.Random random = new java.util.Random(5);
    String[] names = {"A", "B", "C", "D"};
    String[] regions = {"r1", "r2", "r3", "r4", "r5"};
    String[] types = {"Root", "IAMUser", "AssumedRole"};
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      List<String> parts = new ArrayList<>();
      if (random.nextInt(10) > 0) {
        parts.add(
            random.nextBoolean()
                ? "eventName == \"" + names[random.nextInt(4)] + "\""
                : "eventName in [\""
                    + names[random.nextInt(4)]
                    + "\", \""
                    + names[random.nextInt(4)]
                    + "\"]");
      }
      int r = random.nextInt(10);
      if (r < 5) {
        parts.add("awsRegion == \"" + regions[random.nextInt(5)] + "\"");
      } else if (r < 7) {
        parts.add(
            "awsRegion in [\""
                + regions[random.nextInt(5)]
                + "\", \""
                + regions[random.nextInt(5)]
                + "\"]");
      } else if (r < 8) {
        parts.add("awsRegion != \"" + regions[random.nextInt(5)] + "\"");
      }
      if (random.nextInt(4) == 0) {
        parts.add("userIdentity.type == \"" + types[random.nextInt(3)] + "\"");
      }
      if (random.nextBoolean()) {
        parts.add("errorCode is_null");
      }
      if (parts.isEmpty()) {
        parts.add("userIdentity.type == \"Root\"");
      }
      rules.add(
          Rule.builder("R" + i)
              .logTypes("AWS.CloudTrail")
              .detection(dev.margay.condition.ConditionParser.parse(String.join(" and ", parts)))
              .build());
    }
    RuleEngine indexed = RuleEngine.builder().addRules(rules).build();
    RuleEngine plain = RuleEngine.builder().addRules(rules).indexed(false).build();
    assertThat(indexed.splitBucketCount()).as("buckets split").isGreaterThanOrEqualTo(4);
    long matches = 0;
    for (int e = 0; e < 3000; e++) {
      StringBuilder json = new StringBuilder("{\"eventName\":\"" + names[random.nextInt(4)] + "\"");
      switch (random.nextInt(6)) {
        case 0 -> {}
        case 1 -> json.append(",\"awsRegion\":null");
        case 2 -> json.append(",\"awsRegion\":7");
        case 3 -> json.append(",\"AWSRegion\":\"").append(regions[random.nextInt(5)]).append('"');
        default -> json.append(",\"awsRegion\":\"").append(regions[random.nextInt(5)]).append('"');
      }
      if (random.nextBoolean()) {
        json.append(",\"userIdentity\":{\"type\":\"")
            .append(types[random.nextInt(3)])
            .append("\"}");
      }
      if (random.nextInt(3) == 0) {
        json.append(",\"errorCode\":\"AccessDenied\"");
      }
      String text = json.append('}').toString();
      List<Match> expected = plain.evaluate(text);
      assertThat(indexed.evaluate(text)).as(text).isEqualTo(expected);
      matches += expected.size();
    }
    assertThat(matches).isGreaterThan(10_000);
  }
}
