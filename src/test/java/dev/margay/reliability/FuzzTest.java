package dev.margay.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import dev.margay.event.EventParser;
import dev.margay.loader.Problem;
import dev.margay.loader.RuleLoadException;
import dev.margay.loader.RuleLoader;
import dev.margay.rule.Rule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing inside the normal test run. The seed is printed; {@code -Dmargay.fuzz.seed=N}
 * replays it. Every mutated rule file either loads or fails with {@link RuleLoadException} whose
 * problems all have a position; every mutated event is evaluated by every rule without an exception
 * escaping, with the same result when repeated.
 */
class FuzzTest {
  static final int RULE_FILES = 10_000;
  static final int EVENTS = 50_000;

  @Test
  void mutatedRuleFiles_loadOrFailWithPositionedProblems() throws Exception {
    long seed = Fuzz.seed();
    System.out.println(
        "[reliability] rule fuzz seed " + seed + " (replay with -Dmargay.fuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    List<byte[]> corpus = Fuzz.ruleTexts();
    int loaded = 0;
    int rejected = 0;
    for (int i = 0; i < RULE_FILES; i++) {
      byte[] text = Fuzz.mutateText(corpus.get(random.nextInt(corpus.size())), random);
      String name = "fuzz-" + i + ".yml";
      String verdict = verdict(text, name, seed, i);
      if (verdict.startsWith("loaded")) {
        loaded++;
      } else {
        rejected++;
      }
      if (i % 5 == 0) {
        // The verdict is the file's alone: loading it again (new loader, after 0..i other files)
        // gives
        // the same rule or the same problems, word for word.
        assertThat(verdict(text, name, seed, i))
            .as("seed %d, file %d loaded again", seed, i)
            .isEqualTo(verdict);
      }
    }
    System.out.println(
        "[reliability] rule files fuzzed: "
            + RULE_FILES
            + " ("
            + loaded
            + " loaded, "
            + rejected
            + " rejected with positioned problems)");
    // The mutations reach both sides: a fuzzer whose every file loads (or fails) would prove
    // nothing.
    assertThat(loaded).as("mutated files that still load").isGreaterThan(RULE_FILES / 100);
    assertThat(rejected).as("mutated files rejected").isGreaterThan(RULE_FILES / 100);
  }

  /**
   * Loads one mutated file: {@code "loaded <rule>"} (after running it on its own tests) or {@code
   * "rejected <problems>"}; any other outcome fails the test.
   */
  private static String verdict(byte[] text, String name, long seed, int i) {
    try {
      Rule rule = RuleLoader.create().load(text, name);
      // What loads must also run: on its own test events, without an exception.
      RuleEngine engine = RuleEngine.builder().addRule(rule).includeDisabled(true).build();
      rule.tests().forEach(t -> engine.evaluateRule(rule.id(), t.log()));
      return "loaded " + rule;
    } catch (RuleLoadException e) {
      assertThat(e.problems()).isNotEmpty();
      for (Problem p : e.problems()) {
        assertThat(p.location().file()).as("seed %d, file %d", seed, i).isEqualTo(name);
        assertThat(p.location().line()).as("seed %d, file %d: %s", seed, i, p).isPositive();
        assertThat(p.location().column()).as("seed %d, file %d: %s", seed, i, p).isPositive();
      }
      return "rejected " + e.problems();
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError(
          "seed "
              + seed
              + ", file "
              + i
              + " escaped with "
              + e
              + "\n---\n"
              + new String(text, StandardCharsets.UTF_8),
          e);
    }
  }

  @Test
  void mutatedEvents_areEvaluatedByEveryRule_withoutExceptions_andDeterministically() {
    long seed = Fuzz.seed();
    System.out.println(
        "[reliability] event fuzz seed " + seed + " (replay with -Dmargay.fuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    List<Rule> rules = Fuzz.rules();
    RuleEngine engine = RuleEngine.builder().addRules(rules).includeDisabled(true).build();
    List<JsonNode> seeds = Fuzz.testEvents(rules);
    EventParser parser = EventParser.defaults();
    long matches = 0;
    int parsedFromText = 0;
    for (int i = 0; i < EVENTS; i++) {
      Event event;
      if (i % 10 == 0) {
        // Also through the parser: mutated JSON text either parses or is rejected with our
        // exception.
        byte[] text =
            Fuzz.mutateText(
                Fuzz.mutateEvent(seeds.get(random.nextInt(seeds.size())), random)
                    .toString()
                    .getBytes(StandardCharsets.UTF_8),
                random);
        // The projected parse must accept and reject exactly what the full parse does.
        String fullOutcome;
        String projectedOutcome;
        try {
          event = parser.parse(text);
          fullOutcome = "ok";
        } catch (EventParseException e) {
          event = null;
          fullOutcome = outcome(e);
        }
        Event projectedEvent = null;
        try {
          projectedEvent = engine.parse(text, 0, text.length);
          projectedOutcome = "ok";
        } catch (EventParseException e) {
          projectedOutcome = outcome(e);
        }
        // Same verdict and, for a rejected event, the same code, message and position (README: the
        // projected parse declines whatever it does not accept, and the full parse then decides).
        assertThat(projectedOutcome)
            .as("seed %d, event %d: %s", seed, i, new String(text, StandardCharsets.UTF_8))
            .isEqualTo(fullOutcome);
        if (event == null) {
          continue;
        }
        assertThat(engine.evaluate(projectedEvent))
            .as("seed %d, event %d", seed, i)
            .isEqualTo(engine.evaluate(event));
        parsedFromText++;
      } else {
        event = Event.of(Fuzz.mutateEvent(seeds.get(random.nextInt(seeds.size())), random));
      }
      List<Match> first;
      List<Match> second;
      try {
        first = engine.evaluate(event);
        second = engine.evaluate(event);
        for (Rule rule : rules) {
          engine.evaluateRule(rule.id(), event);
        }
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError(
            "seed " + seed + ", event " + i + " escaped with " + e + ": " + event, e);
      }
      assertThat(second).as("seed %d, event %d", seed, i).isEqualTo(first);
      matches += first.size();
    }
    assertThat(parsedFromText).as("mutated texts that still parse").isPositive();
    System.out.println(
        "[reliability] events fuzzed: "
            + EVENTS
            + " x "
            + rules.size()
            + " rules ("
            + parsedFromText
            + " via mutated JSON text), "
            + matches
            + " matches, no exception, repeat-identical");
  }

  private static String outcome(EventParseException e) {
    return e.code().id() + " at " + e.line() + ":" + e.column() + ": " + e.getMessage();
  }
}
