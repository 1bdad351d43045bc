package dev.margay.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margay.lint.AttackTable;
import dev.margay.loader.RuleLoader;
import dev.margay.loader.TestingRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of {@code ../shared/design/attack.md} section 7: catalog lines, diagnostics,
 * layer.
 */
class CoverageTest {
  @TempDir Path dir;

  private static final String MINI_18 =
      """
      # MITRE ATT&CK Enterprise 18.1: fixture of attack.md section 7
      id\tkind\ttactics\tname\tstatus
      TA0001\ttactic\tinitial-access\tInitial Access\tactive
      TA0003\ttactic\tpersistence\tPersistence\tactive
      TA0004\ttactic\tprivilege-escalation\tPrivilege Escalation\tactive
      TA0005\ttactic\tdefense-evasion\tDefense Evasion\tactive
      TA0042\ttactic\tresource-development\tResource Development\tactive
      T1562\ttechnique\tdefense-evasion\tImpair Defenses\tactive
      T1562.001\tsubtechnique\tdefense-evasion\tDisable or Modify Tools\tactive
      T1098\ttechnique\tpersistence,privilege-escalation\tAccount Manipulation\tactive
      T1566\ttechnique\tinitial-access\tPhishing\tactive
      T1108\ttechnique\tdefense-evasion,persistence\tRedundant Access\tdeprecated
      """;

  /** A v19-like table (synthetic, attack.md §7): TA0005 is Stealth, T1562 moved to TA0112. */
  private static final String MINI_19 =
      """
      # MITRE ATT&CK Enterprise 19.x: synthetic fixture of attack.md section 7
      id\tkind\ttactics\tname\tstatus
      TA0003\ttactic\tpersistence\tPersistence\tactive
      TA0005\ttactic\tstealth\tStealth\tactive
      TA0112\ttactic\tdefense-impairment\tDefense Impairment\tactive
      T1562\ttechnique\tdefense-impairment\tImpair Defenses\tactive
      T1562.001\tsubtechnique\tdefense-impairment\tDisable or Modify Tools\tactive
      T1098\ttechnique\tpersistence\tAccount Manipulation\tactive
      """;

  private AttackTable table(String text) throws IOException {
    Path file = Files.createTempFile(dir, "attack", ".tsv");
    Files.writeString(file, text);
    return AttackTable.read(file);
  }

  private void rule(String id, boolean enabled, String... mappings) throws IOException {
    StringBuilder sb =
        new StringBuilder(
            TestingRule.rule(id).enabled(enabled).severity("Medium").yaml()
                + "Reports:\n  MITRE ATT&CK:\n");
    for (String m : mappings) {
      sb.append("    - ").append(m).append('\n');
    }
    sb.append("Detection:\n  - Key: eventName\n    Condition: Equals\n    Value: X\n");
    Files.writeString(dir.resolve(id + ".yml"), sb.toString());
  }

  private Catalog sixRules() throws IOException {
    rule("R1", true, "TA0005:T1562");
    rule("R2", true, "TA0005:T1562.001", "TA0003:T1098");
    rule("R3", true, "TA0005:T1562");
    rule("R4", true, "TA003:T1556");
    rule("R5", true, "TA0042:T1566");
    rule("R6", true, "TA0005:T1108");
    return Catalog.of(RuleLoader.create().loadAll(List.of(dir)));
  }

  @Test
  void catalogLines_nameTacticAndTechnique_subTechniquesWithTheirParent() throws IOException {
    AttackTable t = table(MINI_18);
    assertThat(t.describe("TA0005:T1562"))
        .contains("Defense Evasion (TA0005) \u00b7 T1562 Impair Defenses");
    assertThat(t.describe("TA0005:T1562.001"))
        .contains(
            "Defense Evasion (TA0005) \u00b7 T1562.001 Impair Defenses: Disable or Modify Tools");
    assertThat(t.describe("TA0003:T1098"))
        .contains("Persistence (TA0003) \u00b7 T1098 Account Manipulation");
    assertThat(t.describe("TA0042:T1566")).isEmpty();
    assertThat(t.tactics()).containsExactly("TA0001", "TA0003", "TA0004", "TA0005", "TA0042");
  }

  @Test
  void layer_isTheWorkedExample_exactly() throws IOException {
    Coverage c = Coverage.of(sixRules().entries(), table(MINI_18), false);
    JsonNode expected =
        new ObjectMapper()
            .readTree(
                """
        {"name":"Margay rule coverage","versions":{"attack":"18.1","navigator":"5.0.0","layer":"4.5"},
         "domain":"enterprise-attack",
         "techniques":[
          {"techniqueID":"T1098","tactic":"persistence","score":1,"comment":"R2"},
          {"techniqueID":"T1562","tactic":"defense-evasion","score":2,"comment":"R1, R3"},
          {"techniqueID":"T1562.001","tactic":"defense-evasion","score":1,"comment":"R2"}],
         "gradient":{"colors":["#ffffff","#66b1ff"],"minValue":0,"maxValue":2}}
        """);
    assertThat(new ObjectMapper().readTree(c.navigatorLayer())).isEqualTo(expected);
  }

  @Test
  void diagnostics_nameTheFileLineAndWhatIsWrong_andTheVersion() throws IOException {
    Coverage c = Coverage.of(sixRules().entries(), table(MINI_18), false);
    assertThat(c.findings())
        .extracting(
            f ->
                f.ruleId()
                    + " "
                    + f.location().fileAndLine().replace(dir + "/", "")
                    + " "
                    + f.message())
        .containsExactly(
            "R4 R4.yml:8 unknown tactic TA003 in ATT&CK 18.1 (Enterprise)",
            "R5 R5.yml:8 T1566 (Phishing) is not in TA0042 (resource-development) in ATT&CK 18.1; it is in initial-access",
            "R6 R6.yml:8 T1108 (Redundant Access) is deprecated in ATT&CK 18.1");
  }

  @Test
  void disabledRules_areNotCounted_runnableOnly_leavesOutWhatMargayDoesNotRun() throws IOException {
    rule("R1", true, "TA0005:T1562");
    rule("R7", false, "TA0005:T1562");
    Files.writeString(
        dir.resolve("py.yml"),
        TestingRule.rule("P1").python("py.py").severity("High").yaml()
            + "Reports:\n  MITRE ATT&CK:\n    - TA0005:T1562\n");
    List<CatalogEntry> entries = Catalog.of(RuleLoader.create().loadAll(List.of(dir))).entries();
    AttackTable t = table(MINI_18);
    assertThat(Coverage.of(entries, t, false).cells())
        .singleElement()
        .satisfies(cell -> assertThat(cell.ruleIds()).containsExactly("P1", "R1"));
    assertThat(Coverage.of(entries, t, false).disabledLeftOut()).isEqualTo(1);
    assertThat(Coverage.of(entries, t, true).cells())
        .singleElement()
        .satisfies(cell -> assertThat(cell.ruleIds()).containsExactly("R1"));
  }

  @Test
  void aNewerTable_decidesNamesMembershipAndShortnames_neverMixingVersions() throws IOException {
    Catalog catalog = sixRules();
    AttackTable v19 = table(MINI_19);
    assertThat(v19.version()).isEqualTo("19.x");
    Coverage c = Coverage.of(catalog.entries(), v19, false);
    assertThat(c.findings())
        .extracting(Coverage.Finding::message)
        .contains(
            "T1562 (Impair Defenses) is not in TA0005 (stealth) in ATT&CK 19.x; it is in defense-impairment");
    assertThat(v19.describe("TA0005:T1562")).isEmpty();
    JsonNode layer = new ObjectMapper().readTree(c.navigatorLayer());
    assertThat(layer.at("/versions/attack").asText()).isEqualTo("19.x");
    assertThat(layer.get("techniques"))
        .allSatisfy(t -> assertThat(t.get("tactic").asText()).doesNotStartWith("TA"));
    assertThat(layer.get("techniques"))
        .extracting(t -> t.get("techniqueID").asText() + "/" + t.get("tactic").asText())
        .containsExactly("T1098/persistence");
    assertThat(c.text()).doesNotContain("Stealth (TA0005)  1").contains("ATT&CK 19.x");
  }

  @Test
  void anEmptyCoverage_stillHasAValidGradient() throws IOException {
    Coverage c = Coverage.of(List.of(), table(MINI_18), false);
    JsonNode layer = new ObjectMapper().readTree(c.navigatorLayer());
    assertThat(layer.at("/gradient/maxValue").asInt())
        .isGreaterThan(layer.at("/gradient/minValue").asInt());
  }
}
