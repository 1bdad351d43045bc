package dev.margay.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The v1 algorithm replayed over the CloudTrail test logs of panther-analysis that carry {@code
 * p_any_*} (most exported from a real Panther, some hand-edited): per column, how many recorded
 * arrays it reproduces exactly. panther-fields.md §5 counted the same with its own
 * re-implementation: 44 logs; account ids 32/37, ARNs 22/35, IPs 16/19, domains 18/19, instance ids
 * 5/10, tags 2/2. The differences are the edits (`testinstanceid`, `redacted`) and what the current
 * SaaS adds beyond v1.
 */
class IndicatorsReplayTest {
  private static final Path RULES = Path.of("../shared/panther-analysis/rules");

  @Test
  void replayOverExportedCloudTrailTestLogs_matchesTheCountsOfPantherFieldsMd() throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, String> agreement = new TreeMap<>();
    Map<String, int[]> counts = new TreeMap<>();
    int logs = 0;
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(RULES)) {
      walk.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(files::add);
    }
    for (Path file : files) {
      Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
      if (!(doc instanceof Map<?, ?> rule)
          || !(rule.get("LogTypes") instanceof List<?> types)
          || !types.contains("AWS.CloudTrail")
          || !(rule.get("Tests") instanceof List<?> tests)) {
        continue;
      }
      for (Object test : tests) {
        if (!(test instanceof Map<?, ?> t) || !(t.get("Log") instanceof Map<?, ?> log)) {
          continue;
        }
        JsonNode event = json.valueToTree(log);
        if (!hasIndicators(event)
            || (event.has("p_log_type")
                && !event.get("p_log_type").asText().equals("AWS.CloudTrail"))) {
          continue;
        }
        logs++;
        Map<String, List<String>> computed = Indicators.of(event);
        for (String column : Indicators.COLUMNS) {
          JsonNode recorded = event.get(column);
          if (recorded == null) {
            continue;
          }
          List<String> values = new ArrayList<>();
          recorded.forEach(v -> values.add(v.asText()));
          values.sort(Indicators::compareUtf8);
          int[] c = counts.computeIfAbsent(column, k -> new int[2]);
          c[1]++;
          if (values.equals(computed.getOrDefault(column, List.of()))) {
            c[0]++;
          }
        }
      }
    }
    counts.forEach((column, c) -> agreement.put(column, c[0] + "/" + c[1]));
    assertThat(logs).isEqualTo(44);
    assertThat(agreement)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "p_any_aws_account_ids",
                "32/37",
                "p_any_aws_arns",
                "22/35",
                "p_any_ip_addresses",
                "16/19",
                "p_any_domain_names",
                "18/19",
                "p_any_aws_instance_ids",
                "5/10",
                "p_any_aws_tags",
                "2/2"));
  }

  private static boolean hasIndicators(JsonNode event) {
    for (Iterator<String> it = event.fieldNames(); it.hasNext(); ) {
      if (it.next().startsWith("p_any_")) {
        return true;
      }
    }
    return false;
  }
}
