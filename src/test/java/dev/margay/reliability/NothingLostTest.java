package dev.margay.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.cli.Main;
import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import dev.margay.input.EventReader;
import dev.margay.input.RecordHandler;
import dev.margay.input.RecordPosition;
import dev.margay.rule.Rule;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 JSON Lines with 137 bad ones at seeded positions: every line is accounted for, every bad
 * one is reported with its exact number, and the matches are those of the clean lines alone, in the
 * library and through {@code margay scan}.
 */
class NothingLostTest {
  static final int LINES = 10_000;
  static final int BAD = 137;
  private static final String[] BAD_LINES = {
    "{\"eventName\": ",
    "not json",
    "[1,2,3]",
    "{\"a\":1,\"a\":2}",
    "{\"a\":1} trailing",
    "{'single': 'quotes'}",
    "{\"n\": NaN}",
    "\"just a string\"",
    "{\"x\":\"\u0001\"}"
  };

  @Test
  void everyLineIsEvaluatedOrReported(@TempDir Path dir) throws Exception {
    long seed = Fuzz.seed();
    Random random = new Random(seed);
    List<Rule> rules = Fuzz.rules();
    List<JsonNode> seeds = Fuzz.testEvents(rules);
    TreeSet<Integer> badLines = new TreeSet<>();
    while (badLines.size() < BAD) {
      badLines.add(1 + random.nextInt(LINES));
    }
    StringBuilder all = new StringBuilder();
    StringBuilder clean = new StringBuilder();
    for (int line = 1; line <= LINES; line++) {
      if (badLines.contains(line)) {
        all.append(BAD_LINES[random.nextInt(BAD_LINES.length)]).append('\n');
      } else {
        ObjectNode event = seeds.get(random.nextInt(seeds.size())).deepCopy();
        event.put("margayLine", line);
        String text = event.toString();
        all.append(text).append('\n');
        clean.append(text).append('\n');
      }
    }

    RuleEngine engine = RuleEngine.builder().addRules(rules).build();
    List<String> matches = new ArrayList<>();
    List<Long> reported = new ArrayList<>();
    int[] processed = {0};
    EventReader.create()
        .read(
            "all.jsonl",
            new ByteArrayInputStream(all.toString().getBytes(StandardCharsets.UTF_8)),
            new RecordHandler() {
              @Override
              public void onEvent(Event event, RecordPosition position) {
                processed[0]++;
                engine.evaluate(event).forEach(m -> matches.add(describe(m)));
              }

              @Override
              public void onBadRecord(
                  RecordPosition position, EventParseException.Code code, String reason) {
                reported.add(position.line());
              }
            });
    List<String> cleanMatches = new ArrayList<>();
    for (String line : clean.toString().split("\n")) {
      engine.evaluate(line).forEach(m -> cleanMatches.add(describe(m)));
    }
    assertThat(processed[0] + reported.size()).isEqualTo(LINES);
    assertThat(reported)
        .containsExactlyElementsOf(badLines.stream().map(Integer::longValue).toList());
    assertThat(matches).isEqualTo(cleanMatches).isNotEmpty();

    // The same through the CLI.
    Path allFile = dir.resolve("all.jsonl");
    Path cleanFile = dir.resolve("clean.jsonl");
    Files.writeString(allFile, all);
    Files.writeString(cleanFile, clean);
    String[] ruleArgs = {"--rules", Fuzz.RULES.toString()};
    Cli allRun = cli("scan", ruleArgs[0], ruleArgs[1], allFile.toString());
    Cli cleanRun = cli("scan", ruleArgs[0], ruleArgs[1], cleanFile.toString());
    assertThat(allRun.err()).contains((LINES - BAD) + " record(s)").contains(BAD + " error(s)");
    for (int line : badLines) {
      assertThat(allRun.err()).contains(allFile + ":" + line + ": ");
    }
    assertThat(withoutSource(allRun.out())).isEqualTo(withoutSource(cleanRun.out()));
    long lost = LINES - processed[0] - reported.size();
    System.out.println(
        "[reliability] records lost: "
            + lost
            + " ("
            + LINES
            + " lines, "
            + BAD
            + " bad at seeded positions, all reported with their line; seed "
            + seed
            + ")");
  }

  private static String describe(Match m) {
    return m.ruleId()
        + "|"
        + m.dedupKey()
        + "|"
        + m.title()
        + "|"
        + m.event().json().get("margayLine");
  }

  private record Cli(String out, String err) {}

  private static Cli cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    assertThat(code).isZero();
    return new Cli(out.toString(), err.toString());
  }

  private static List<String> withoutSource(String jsonLines) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> out = new ArrayList<>();
    for (String line : jsonLines.split("\n")) {
      if (!line.isBlank()) {
        ObjectNode node = (ObjectNode) json.readTree(line);
        node.remove("source");
        out.add(node.toString());
      }
    }
    return out;
  }
}
