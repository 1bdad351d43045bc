package dev.margay.bench;

import dev.margay.engine.RuleEngine;
import dev.margay.event.Event;
import dev.margay.event.Ingestion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What Panther's standard fields cost per event, measured in alternating rounds on one JVM so that
 * a shared machine's changing load hits both sides alike (JMH runs one benchmark after the other):
 * each round evaluates the bench file ten times, raw ({@code evaluate(event)}) or ingested (as
 * {@code scan} does: {@code evaluate(event, ingestion)} when the rules read a standard field);
 * medians of 20 rounds per side after 10 warm-up rounds, for the rule sets 1, 109 and 1000 (the
 * generated rules read none). Run: mvn -B -Pbench test-compile exec:exec
 * -Dbench.main=dev.margay.bench.IngestionCost -Djmh.args=
 */
public final class IngestionCost {
  private IngestionCost() {}

  public static void main(String[] args) throws Exception {
    List<byte[]> events = BenchData.events();
    Ingestion ingestion =
        new Ingestion("bench.jsonl", Instant.parse("2026-01-01T00:00:00Z"), "0123456789abcdef");
    for (String set : List.of("1", "109", "1000")) {
      RuleEngine engine = RuleEngine.builder().addRules(BenchData.rules(set, events)).build();
      List<Double> raw = new ArrayList<>();
      List<Double> ingested = new ArrayList<>();
      long matches = 0;
      for (int round = 0; round < 50; round++) {
        boolean ingest = round % 2 == 1;
        long t = System.nanoTime();
        for (int rep = 0; rep < 10; rep++) {
          for (byte[] b : events) {
            Event e = engine.parse(b, 0, b.length);
            matches +=
                (ingest && engine.readsStandardFields()
                        ? engine.evaluate(e, ingestion)
                        : engine.evaluate(e))
                    .size();
          }
        }
        double rate = events.size() * 10 / ((System.nanoTime() - t) / 1e9);
        if (round >= 10) {
          (ingest ? ingested : raw).add(rate);
        }
      }
      Collections.sort(raw);
      Collections.sort(ingested);
      System.out.printf(
          "rules %s (reads standard fields: %s): raw median %,.0f events/s (%,.0f-%,.0f), ingested "
              + "median %,.0f (%,.0f-%,.0f), ratio %.2f [%d]%n",
          set,
          engine.readsStandardFields(),
          raw.get(10),
          raw.get(0),
          raw.get(19),
          ingested.get(10),
          ingested.get(0),
          ingested.get(19),
          ingested.get(10) / raw.get(10),
          matches);
    }
  }
}
