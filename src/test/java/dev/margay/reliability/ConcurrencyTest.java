package dev.margay.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.event.Event;
import dev.margay.rule.Rule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One engine shared by eight threads gives exactly the single-threaded results. */
class ConcurrencyTest {
  static final int THREADS = 8;
  static final int EVENTS = 10_000;

  @Test
  void eightThreads_eachInADifferentOrder_getTheSingleThreadedResults() throws Exception {
    long seed = Fuzz.seed();
    Random random = new Random(seed);
    List<Rule> rules = Fuzz.rules();
    RuleEngine engine = RuleEngine.builder().addRules(rules).build();
    List<JsonNode> seeds = Fuzz.testEvents(rules);
    List<Event> events = new ArrayList<>(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      // Mostly unchanged test events (so that many match), some mutated.
      JsonNode base = seeds.get(random.nextInt(seeds.size()));
      events.add(
          Event.of(random.nextInt(4) == 0 ? Fuzz.mutateEvent(base, random) : base.deepCopy()));
    }
    List<List<Match>> expected = new ArrayList<>(EVENTS);
    for (Event e : events) {
      expected.add(engine.evaluate(e));
    }

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<List<List<Match>>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
          order.add(i);
        }
        Collections.shuffle(order, new Random(seed + t));
        futures.add(
            pool.submit(
                () -> {
                  List<List<Match>> results = new ArrayList<>(Collections.nCopies(EVENTS, null));
                  for (int i : order) {
                    results.set(i, engine.evaluate(events.get(i)));
                  }
                  return results;
                }));
      }
      long matches = expected.stream().mapToLong(List::size).sum();
      for (Future<List<List<Match>>> f : futures) {
        assertThat(f.get()).isEqualTo(expected);
      }
      System.out.println(
          "[reliability] threads x events: "
              + THREADS
              + " x "
              + EVENTS
              + " ("
              + matches
              + " matches each), identical to single-threaded (seed "
              + seed
              + ")");
      assertThat(matches).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }
}
