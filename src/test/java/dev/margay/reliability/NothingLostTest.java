package dev.margay.reliability;

import static dev.margay.cli.TestingCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.cli.TestingCli.Run;
import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.input.EventReader;
import dev.margay.input.TestingRecords;
import dev.margay.rule.Rule;
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
    TestingRecords read =
        TestingRecords.read(
            EventReader.create(), "all.jsonl", all.toString().getBytes(StandardCharsets.UTF_8));
    List<String> matches = new ArrayList<>();
    read.events().forEach(e -> engine.evaluate(e).forEach(m -> matches.add(describe(m))));
    List<Long> reported = read.badRecords().stream().map(b -> b.position().line()).toList();
    List<String> cleanMatches = new ArrayList<>();
    for (String line : clean.toString().split("\n")) {
      engine.evaluate(line).forEach(m -> cleanMatches.add(describe(m)));
    }
    assertThat(read.events().size() + reported.size()).isEqualTo(LINES);
    assertThat(reported)
        .containsExactlyElementsOf(badLines.stream().map(Integer::longValue).toList());
    assertThat(matches).isEqualTo(cleanMatches).isNotEmpty();

    // The same through the CLI.
    Path allFile = dir.resolve("all.jsonl");
    Path cleanFile = dir.resolve("clean.jsonl");
    Files.writeString(allFile, all);
    Files.writeString(cleanFile, clean);
    String[] ruleArgs = {"--rules", Fuzz.RULES.toString()};
    Run allRun = run("scan", ruleArgs[0], ruleArgs[1], allFile.toString()).succeeded();
    Run cleanRun = run("scan", ruleArgs[0], ruleArgs[1], cleanFile.toString()).succeeded();
    assertThat(allRun.err()).contains((LINES - BAD) + " record(s)").contains(BAD + " error(s)");
    for (int line : badLines) {
      assertThat(allRun.err()).contains(allFile + ":" + line + ": ");
    }
    assertThat(withoutSource(allRun.out())).isEqualTo(withoutSource(cleanRun.out()));
    long lost = LINES - read.events().size() - reported.size();
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
