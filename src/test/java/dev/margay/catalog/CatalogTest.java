package dev.margay.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.loader.AnalysisKind;
import dev.margay.loader.RuleLoader;
import dev.margay.loader.TestingRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What rules of a repository share: the corpus column, the same action, shared exclusions. */
class CatalogTest {
  @TempDir Path dir;

  private void write(String name, String yaml) throws IOException {
    Files.writeString(dir.resolve(name), yaml);
  }

  private static String detection(String id, String severity, String detection) {
    return TestingRule.header(id, severity) + "Detection:\n" + detection;
  }

  private Catalog catalog() throws IOException {
    write(
        "a.yml",
        detection(
            "A",
            "Info",
            """
          - Key: eventName
            Condition: IsIn
            Values: [AuthorizeSecurityGroupIngress, CreateSecurityGroup]
          - None:
              - Key: errorCode
                Condition: IsNotNull
        """));
    write(
        "b.yml",
        detection(
            "B",
            "High",
            """
          - Key: eventName
            Condition: Equals
            Value: CreateSecurityGroup
          - None:
              - Key: errorCode
                Condition: IsNotNull
        """));
    write(
        "c.yml",
        detection(
            "C",
            "Low",
            """
          - Key: eventName
            Condition: Equals
            Value: DeleteBucket
        """));
    write(
        "py.yml",
        TestingRule.rule("Py").python("py.py").enabled(false).severity("Medium").yaml()
            + "SummaryAttributes: [eventName]\nTests:\n"
            + "  - Name: hit\n    ExpectedResult: true\n    Log: {eventName: AuthorizeSecurityGroupIngress}\n"
            + "  - Name: miss\n    ExpectedResult: false\n    Log: {eventName: CreateSecurityGroup}\n");
    write(
        "py.py",
        "def rule(event):\n    return event.get('eventName') == 'AuthorizeSecurityGroupIngress'\n");
    return Catalog.of(RuleLoader.create().loadAll(List.of(dir)));
  }

  @Test
  void entries_coverYamlDetectionsAndPythonRules_withTheirKind() throws IOException {
    Catalog c = catalog();
    assertThat(c.entries()).extracting(CatalogEntry::id).containsExactly("A", "B", "C", "Py");
    CatalogEntry py = c.byId("Py").orElseThrow();
    assertThat(py.kind()).isEqualTo(AnalysisKind.PYTHON_RULE);
    assertThat(py.enabled()).isFalse();
    assertThat(py.actions()).containsExactly("AuthorizeSecurityGroupIngress");
    assertThat(py.actionsFromTests()).isTrue();
    assertThat(py.pythonSource())
        .hasValueSatisfying(src -> assertThat(src).startsWith("def rule(event):"));
    assertThat(py.tests()).extracting(CatalogEntry.TestCase::name).containsExactly("hit", "miss");
    assertThat(py.summaryAttributes()).containsExactly("eventName");
  }

  @Test
  void actions_areTheEventNamesTheDetectionRequires_notThoseItExcludes() throws IOException {
    Catalog c = catalog();
    assertThat(c.byId("A").orElseThrow().actions())
        .containsExactly("AuthorizeSecurityGroupIngress", "CreateSecurityGroup");
    assertThat(c.byId("A").orElseThrow().exclusions())
        .extracting(Indicator::field)
        .containsExactly("errorCode");
  }

  @Test
  void corpus_countsOtherRulesTestingTheSameFieldOperatorAndValue_inAsEqualsPerValue()
      throws IOException {
    Catalog c = catalog();
    CatalogEntry a = c.byId("A").orElseThrow();
    Indicator in = a.indicators().get(0);
    // B tests eventName == CreateSecurityGroup; Py acts on AuthorizeSecurityGroupIngress by its
    // true test.
    assertThat(c.corpusCount(a, in, "CreateSecurityGroup")).isEqualTo(1);
    assertThat(c.corpusCount(a, in, "AuthorizeSecurityGroupIngress")).isEqualTo(1);
    CatalogEntry b = c.byId("B").orElseThrow();
    assertThat(b.indicators().get(0).values()).containsExactly("\"CreateSecurityGroup\"");
    assertThat(c.corpusCount(b, b.indicators().get(0), "\"CreateSecurityGroup\"")).isEqualTo(1);
    CatalogEntry cc = c.byId("C").orElseThrow();
    assertThat(c.corpusCount(cc, cc.indicators().get(0), "\"DeleteBucket\"")).isZero();
  }

  @Test
  void sameAction_listsOtherRulesOnAnyCommonEventName_highestSeverityFirst() throws IOException {
    Catalog c = catalog();
    Map<CatalogEntry, Set<String>> same = c.sameAction(c.byId("A").orElseThrow());
    assertThat(same.keySet()).extracting(CatalogEntry::id).containsExactly("B", "Py");
    assertThat(same.values())
        .containsExactly(Set.of("CreateSecurityGroup"), Set.of("AuthorizeSecurityGroupIngress"));
    assertThat(c.sameAction(c.byId("C").orElseThrow())).isEmpty();
  }

  @Test
  void sharedExclusions_nameTheOtherRulesExcludingTheSame() throws IOException {
    Catalog c = catalog();
    assertThat(c.sharedExclusions(c.byId("A").orElseThrow()))
        .containsOnlyKeys("errorCode is_not_null")
        .extractingByKey("errorCode is_not_null")
        .satisfies(l -> assertThat(l).extracting(CatalogEntry::id).containsExactly("B"));
  }

  @Test
  void aMappingsLocation_isTheLineItWasWrittenOn_forPythonRulesToo() throws IOException {
    write(
        "m.yml",
        "AnalysisType: rule\nFilename: m.py\nRuleID: M\nEnabled: true\nSeverity: Low\nReports:\n"
            + "  CIS: [1.1]\n  MITRE ATT&CK:\n    - TA0005:T1562\n    - TA003:T1556\n");
    CatalogEntry m =
        Catalog.of(RuleLoader.create().loadAll(List.of(dir.resolve("m.yml"))))
            .byId("M")
            .orElseThrow();
    assertThat(m.attack())
        .extracting(x -> x.value() + "@" + x.location().line() + ":" + x.location().column())
        .containsExactly("TA0005:T1562@9:7", "TA003:T1556@10:7");
  }
}
