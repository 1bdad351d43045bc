package dev.margay.cli;

import static dev.margay.cli.TestingCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margay.cli.TestingCli.Run;
import dev.margay.lint.AttackTable;
import dev.margay.loader.TestingRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** explain with ATT&CK names and --pack context, and coverage, as users run them. */
class CatalogCommandsTest {
  private static final String SEED = "src/test/resources/rules/aws_ec2_security_group_modified.yml";
  private static final Path PANTHER = Path.of("../shared/panther-analysis");

  private static final String V19 =
      """
      # MITRE ATT&CK Enterprise 19.x: synthetic fixture of attack.md section 7
      id\tkind\ttactics\tname\tstatus
      TA0005\ttactic\tstealth\tStealth\tactive
      TA0112\ttactic\tdefense-impairment\tDefense Impairment\tactive
      T1562\ttechnique\tdefense-impairment\tImpair Defenses\tactive
      """;

  @Test
  void explain_namesEachMappingWithTheAttackVersion() {
    Run run = run("explain", SEED);
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains(
            "\nMITRE ATT&CK coverage (ATT&CK 18.1, Enterprise)\n"
                + "  Defense Evasion (TA0005) \u00b7 T1562 Impair Defenses\n");
  }

  @Test
  void explain_flagsAMappingTheTableDoesNotHold_withoutNamingIt(@TempDir Path dir)
      throws Exception {
    Path rule = dir.resolve("r.yml");
    Files.writeString(
        rule,
        TestingRule.header("R")
            + "Reports:\n  MITRE ATT&CK:\n    - TA0042:T1566\nDetection:\n  - Key: eventName\n    Condition: Equals\n    Value: X\n");
    Run run = run("explain", rule.toString());
    assertThat(run.out())
        .contains(
            "  TA0042:T1566  warning: T1566 (Phishing) is not in TA0042 (resource-development) in "
                + "ATT&CK 18.1; it is in initial-access ("
                + rule
                + ":8) [attack-mapping]\n");
  }

  @Test
  void explain_withANewerTable_usesItsNamesAndMemberships_only(@TempDir Path dir) throws Exception {
    Path table = dir.resolve("v19.tsv");
    Files.writeString(table, V19);
    Run run = run("explain", "--attack-table", table.toString(), SEED);
    assertThat(run.out())
        .contains(
            "MITRE ATT&CK coverage (ATT&CK 19.x, Enterprise)\n  TA0005:T1562  warning: T1562 "
                + "(Impair Defenses) is not in TA0005 (stealth) in ATT&CK 19.x")
        .doesNotContain("Stealth (TA0005) \u00b7");
    Run missing = run("explain", "--attack-table", dir.resolve("none.tsv").toString(), SEED);
    assertThat(missing.code()).isEqualTo(3);
    assertThat(missing.err()).contains("cannot read the ATT&CK table");
  }

  @Test
  void validate_withANewerTable_checksMappingsAgainstIt_asCoverageDoes(@TempDir Path dir)
      throws Exception {
    Path table = dir.resolve("v19.tsv");
    Files.writeString(table, V19);
    Run bundled = run("validate", SEED);
    assertThat(bundled.code()).isZero();
    assertThat(bundled.out()).doesNotContain("[attack-mapping]");
    Run newer = run("validate", "--strict", "--attack-table", table.toString(), SEED);
    assertThat(newer.code()).isEqualTo(1);
    assertThat(newer.out())
        .contains("T1562 (Impair Defenses) is not in TA0005 (stealth) in ATT&CK 19.x")
        .contains("[attack-mapping]");
    Run coverage = run("coverage", "--attack-table", table.toString(), SEED);
    assertThat(coverage.err())
        .contains("T1562 (Impair Defenses) is not in TA0005 (stealth) in ATT&CK 19.x");
    Run missing = run("validate", "--attack-table", dir.resolve("none.tsv").toString(), SEED);
    assertThat(missing.code()).isEqualTo(3);
    assertThat(missing.err()).contains("cannot read the ATT&CK table");
  }

  @Test
  void catalog_withAFileThatDoesNotLoad_listsIt_writesTheSiteWithoutIt_andExits1(@TempDir Path dir)
      throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.copy(Path.of(SEED), rules.resolve("seed.yml"));
    Files.writeString(
        rules.resolve("broken.yml"), "AnalysisType: rule\nRuleID: Broken\nDetection: [\n");
    Path site = dir.resolve("site");
    Run run = run("catalog", rules.toString(), "--out", site.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains(rules.resolve("broken.yml").toString() + ":")
        .contains("; 1 file(s) did not load");
    assertThat(Files.readString(site.resolve("index.html")))
        .contains("AWS.EC2.SecurityGroupModified")
        .doesNotContain("Broken");
    assertThat(site.resolve("rules/AWS.EC2.SecurityGroupModified.html")).exists();
  }

  @Test
  void explain_withPack_showsTheCorpusColumn_andTheRulesWatchingTheSameCalls() {
    Assumptions.assumeTrue(Files.isDirectory(PANTHER), "../shared/panther-analysis is not there");
    Run run = run("explain", SEED, "--pack", PANTHER.resolve("rules").toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("  eventName  in  AuthorizeSecurityGroupIngress  corpus 1\n")
        .contains("  eventName  in  CreateSecurityGroup            corpus 0\n")
        .contains(
            "Rules detecting the same action (other rules of the pack acting on one of its eventNames)\n"
                + "  AWS.EC2.ManualSecurityGroupChange  Medium, disabled, Python rule (actions from its true tests): "
                + "AuthorizeSecurityGroupIngress\n")
        .contains("(the pack's AWS.EC2.SecurityGroupModified, a Python rule at ");
  }

  @Test
  void explain_ofAPythonRule_showsItsYamlMappingsAndActionsFromItsTests() {
    Assumptions.assumeTrue(Files.isDirectory(PANTHER), "../shared/panther-analysis is not there");
    Run run =
        run(
            "explain",
            PANTHER
                .resolve("rules/aws_cloudtrail_rules/aws_ec2_security_group_modified.yml")
                .toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Kind        Python rule (Margay does not run its logic)\n")
        .contains("  Defense Evasion (TA0005) \u00b7 T1562 Impair Defenses\n")
        .contains(
            "Actions (eventName of its ExpectedResult: true tests; its logic is not read)\n  AuthorizeSecurityGroupIngress\n");
  }

  @Test
  void coverage_unknownFormat_isAUsageError() {
    Run run = run("coverage", "--format", "navigatr", SEED);
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("unknown --format 'navigatr' (did you mean 'navigator'?)");
  }

  /**
   * The done-when of issue 14: the layer of panther-analysis has the required keys, layer 4.5,
   * shortnames, and each score equals the number of enabled files mapping that pair, counted here
   * by reading the YAML with SnakeYAML directly (not through Margay's loader or catalog); every
   * unsupported mapping is on stderr with file:line.
   */
  @Test
  void coverage_navigatorLayerOfPantherAnalysis_scoresEqualTheEnabledRulesMappings()
      throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(PANTHER), "../shared/panther-analysis is not there");
    Run run = run("coverage", "--format", "navigator", PANTHER.toString());
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode layer = new ObjectMapper().readTree(run.out());
    assertThat(layer.get("name").isTextual()).isTrue();
    assertThat(layer.get("domain").asText()).isEqualTo("enterprise-attack");
    assertThat(layer.at("/versions/layer").asText()).isEqualTo("4.5");
    assertThat(layer.at("/versions/attack").asText()).isEqualTo("18.1");
    AttackTable table = AttackTable.bundled().orElseThrow();
    Map<String, Set<String>> expected = new TreeMap<>();
    List<String> unsupported = new ArrayList<>();
    Set<Path> enabledWithMappings = new HashSet<>();
    Set<Path> disabledWithMappings = new HashSet<>();
    Load yaml = new Load(LoadSettings.builder().build());
    try (Stream<Path> files = Files.walk(PANTHER)) {
      for (Path f :
          files
              .filter(f -> f.toString().endsWith(".yml") && !f.toString().contains("/."))
              .sorted()
              .toList()) {
        Object doc;
        try {
          doc = yaml.loadFromString(Files.readString(f));
        } catch (RuntimeException e) {
          continue;
        }
        if (!(doc instanceof Map<?, ?> m)
            || !(m.get("Reports") instanceof Map<?, ?> reports)
            || !(reports.get("MITRE ATT&CK") instanceof List<?> mappings)) {
          continue;
        }
        Object id =
            m.get("RuleID") != null
                ? m.get("RuleID")
                : m.get("PolicyID") != null ? m.get("PolicyID") : m.get("QueryName");
        boolean enabled = Set.of("true", "True", "TRUE").contains(String.valueOf(m.get("Enabled")));
        if (!mappings.isEmpty()) {
          (enabled ? enabledWithMappings : disabledWithMappings).add(f);
        }
        for (Object mapping : mappings) {
          String text = String.valueOf(mapping);
          if (table.check(text).isPresent()) {
            unsupported.add(f + " " + text);
          } else if (enabled) {
            // YAML 1.2's core schema (Panther's ruamel) reads all three as true; SnakeYAML's
            // default only the first.
            String tactic =
                table.tacticShortname(text.substring(0, text.indexOf(':'))).orElseThrow();
            expected
                .computeIfAbsent(
                    text.substring(text.indexOf(':') + 1) + "/" + tactic, k -> new HashSet<>())
                .add(String.valueOf(id));
          }
        }
      }
    }
    Map<String, Integer> actual = new TreeMap<>();
    for (JsonNode t : layer.get("techniques")) {
      assertThat(t.get("tactic").asText()).doesNotStartWith("TA");
      actual.put(
          t.get("techniqueID").asText() + "/" + t.get("tactic").asText(), t.get("score").asInt());
      assertThat(t.get("comment").asText().split(", ")).hasSize(t.get("score").asInt());
    }
    Map<String, Integer> counted = new TreeMap<>();
    expected.forEach((k, v) -> counted.put(k, v.size()));
    assertThat(actual).isEqualTo(counted);
    assertThat(unsupported).hasSizeGreaterThan(50);
    for (String u : unsupported) {
      String file = u.substring(0, u.indexOf(' '));
      assertThat(run.err())
          .as(u)
          .containsPattern(
              java.util.regex.Pattern.quote(file) + ":\\d+:\\d+: warning: .*\\[attack-mapping\\]");
    }
    assertThat(run.err().lines().filter(l -> l.contains("[attack-mapping]")).count())
        .isEqualTo(unsupported.size());
    // The summary counts files with any mapping, valid or not, of every analysis type.
    assertThat(run.err())
        .contains(
            "margay coverage: ATT&CK 18.1, "
                + enabledWithMappings.size()
                + " enabled rule(s) with "
                + "mappings counted (every analysis type: rules, policies, scheduled and correlation rules, ...), "
                + disabledWithMappings.size()
                + " disabled not counted, "
                + unsupported.size()
                + " unsupported mapping(s) left out\n");
  }
}
