package dev.margay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.condition.ConditionParser;
import dev.margay.event.Event;
import dev.margay.input.EventReader;
import dev.margay.input.RecordHandler;
import dev.margay.input.RecordPosition;
import dev.margay.loader.RuleLoader;
import dev.margay.rule.Rule;
import dev.margay.rule.RuleTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleIndexTest {
  private static final Path CONFORMANCE = Path.of("../shared/conformance/panther-cloudtrail");
  private static final Path BENCH = Path.of("../shared/bench/cloudtrail-real.jsonl.gz");

  @Test
  void requirement_isFoundInEqualsIsInAndAnyOfThemOnOneField() {
    assertThat(RuleIndex.requirement(ConditionParser.parse("errorCode is_null and eventName in [\"A\", \"B\"]")))
        .isEqualTo(new RuleIndex.Requirement("eventName", Set.of("A", "B")));
    assertThat(RuleIndex.requirement(ConditionParser.parse("eventName == \"A\" or eventName in [\"B\"]")))
        .isEqualTo(new RuleIndex.Requirement("eventName", Set.of("A", "B")));
    assertThat(RuleIndex.requirement(ConditionParser.parse("eventSource == \"s3.amazonaws.com\" and x exists")))
        .isEqualTo(new RuleIndex.Requirement("eventSource", Set.of("s3.amazonaws.com")));
    assertThat(RuleIndex.requirement(ConditionParser.parse("eventName == \"A\" or eventSource == \"B\""))).isNull();
    assertThat(RuleIndex.requirement(ConditionParser.parse("not eventName == \"A\""))).isNull();
    assertThat(RuleIndex.requirement(ConditionParser.parse("eventName i_equals \"a\""))).isNull();
    assertThat(RuleIndex.requirement(ConditionParser.parse("eventName != \"A\""))).isNull();
  }

  @Test
  void indexedAndUnindexedEvaluation_agreeOnEveryRuleAndEventTheProjectHas() throws IOException {
    List<Rule> rules = new ArrayList<>(RuleLoader.create().loadAll(List.of(Path.of("src/test/resources/rules"))).rules());
    if (Files.isDirectory(CONFORMANCE)) {
      Set<String> ids = new java.util.HashSet<>();
      rules.forEach(r -> ids.add(r.id()));
      // The seed rule is in both sets; keep the project's copy.
      RuleLoader.create().loadAll(List.of(CONFORMANCE)).rules().stream().filter(r -> !ids.contains(r.id()))
          .forEach(rules::add);
    }
    List<Event> events = new ArrayList<>();
    for (Rule r : rules) {
      r.tests().stream().map(RuleTest::log).forEach(events::add);
    }
    RecordHandler collect = new RecordHandler() {
      @Override
      public void onEvent(Event event, RecordPosition position) {
        events.add(event);
      }

      @Override
      public void onBadRecord(RecordPosition position, dev.margay.event.EventParseException.Code code, String reason) {
      }
    };
    for (Path p : List.of(Path.of("src/test/resources/events/mixed-clean.jsonl"),
        Path.of("src/test/resources/events/ec2_security_group_seed.jsonl"), BENCH)) {
      if (Files.exists(p)) {
        try (InputStream in = Files.newInputStream(p)) {
          EventReader.create().read(p.toString(), in, collect);
        }
      }
    }
    RuleEngine indexed = RuleEngine.builder().addRules(rules).includeDisabled(true).build();
    RuleEngine plain = RuleEngine.builder().addRules(rules).includeDisabled(true).indexed(false).build();
    long matches = 0;
    for (Event e : events) {
      List<Match> expected = plain.evaluate(e);
      assertThat(indexed.evaluate(e)).as(e.toJson()).isEqualTo(expected);
      matches += expected.size();
    }
    assertThat(indexed.indexedRuleCount()).isPositive();
    assertThat(plain.indexedRuleCount()).isZero();
    System.out.println("[index] " + rules.size() + " rules (" + indexed.indexedRuleCount() + " dispatched by "
        + "eventName/eventSource) x " + events.size() + " events: indexed = unindexed (" + matches + " matches)");
  }
}
