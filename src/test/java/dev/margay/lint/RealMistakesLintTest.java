package dev.margay.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.event.Event;
import dev.margay.loader.RuleLoader;
import dev.margay.rule.Rule;
import dev.margay.rule.Severity;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Lints for mistakes found in real rule repositories: each warning has its position, code and
 * advice.
 */
class RealMistakesLintTest {
  private static final String HEADER =
      "AnalysisType: rule\nRuleID: T.R\nEnabled: true\nLogTypes: [AWS.CloudTrail]\n"
          + "Severity: Medium\n";
  private static final String TESTS =
      "Tests:\n"
          + "  - Name: hit\n    ExpectedResult: true\n    Log: {eventName: X, recipientAccountId: \"012345678901\", data: {severity: High}}\n"
          + "  - Name: miss\n    ExpectedResult: false\n    Log: {eventName: Y, recipientAccountId: \"111111111111\", data: {severity: Low}}\n";

  private static Rule load(String yaml) {
    return RuleLoader.create().load(yaml, "r.yml");
  }

  private static List<String> warnings(String yaml, AttackTable table) {
    return RuleLinter.lint(load(yaml), table).stream().map(Diagnostic::toString).toList();
  }

  private static AttackTable mini() throws IOException {
    // The fixture of ../shared/design/attack.md, section 7 (values from MITRE's ATT&CK 18.1 STIX
    // data).
    return AttackTable.parse(
        new StringReader(
            """
        # MITRE ATT&CK Enterprise 18.1: fixture
        id\tkind\ttactics\tname\tstatus
        TA0001\ttactic\tinitial-access\tInitial Access\tactive
        TA0003\ttactic\tpersistence\tPersistence\tactive
        TA0005\ttactic\tdefense-evasion\tDefense Evasion\tactive
        TA0042\ttactic\tresource-development\tResource Development\tactive
        T1562\ttechnique\tdefense-evasion\tImpair Defenses\tactive
        T1562.001\tsubtechnique\tdefense-evasion\tDisable or Modify Tools\tactive
        T1098\ttechnique\tpersistence,privilege-escalation\tAccount Manipulation\tactive
        T1566\ttechnique\tinitial-access\tPhishing\tactive
        T1108\ttechnique\tdefense-evasion,persistence\tRedundant Access\tdeprecated
        T1004\ttechnique\tpersistence\tWinlogon Helper DLL\trevoked
        """),
        "mini.tsv");
  }

  @Test
  void aKeyWithADot_readsOneMemberName_andSaysToUseKeyPath() {
    List<String> w =
        warnings(
            HEADER
                + "Detection:\n  - Key: data.severity\n    Condition: Equals\n    Value: High\n"
                + TESTS,
            null);
    assertThat(w)
        .containsExactly(
            "r.yml:7:10: warning: Key reads one member name ('data.severity'), so it never reads "
                + "a nested field; use KeyPath: data.severity for a nested field [key-with-dot]");
  }

  @Test
  void aKeyWithADot_thatTheTestEventsReallyHave_isNotWarnedAbout() {
    String tests =
        "Tests:\n  - Name: hit\n    ExpectedResult: true\n    Log: {\"data.severity\": High}\n"
            + "  - Name: miss\n    ExpectedResult: false\n    Log: {\"data.severity\": Low}\n";
    assertThat(
            warnings(
                HEADER
                    + "Detection:\n  - Key: data.severity\n    Condition: Equals\n    Value: High\n"
                    + tests,
                null))
        .isEmpty();
  }

  @Test
  void anUnknownChangeTo_loadsAsTheBaseSeverity_withAWarningAndADidYouMean() {
    Rule rule =
        load(
            HEADER
                + "Detection: ['eventName == \"X\"']\nDynamicSeverities:\n  - ChangeTo: Hight\n"
                + "    Conditions: ['eventName == \"X\"']\n"
                + TESTS);
    assertThat(RuleLinter.lint(rule, null))
        .extracting(Diagnostic::toString)
        .containsExactly(
            "r.yml:8:15: warning: ChangeTo: unknown severity 'Hight' (did you mean 'High'?); Panther keeps the base severity "
                + "(Medium) for it; allowed: Info, Low, Medium, High, Critical, DEFAULT [unknown-severity]");
    List<Match> matches =
        RuleEngine.builder()
            .addRules(List.of(rule))
            .build()
            .evaluate(Event.parse("{\"eventName\":\"X\"}"));
    assertThat(matches)
        .singleElement()
        .satisfies(m -> assertThat(m.severity()).isEqualTo(Severity.MEDIUM));
  }

  @Test
  void aNumberComparedWithAStringField_isWarnedAbout_withTheLostZeros() {
    List<String> w =
        warnings(
            HEADER
                + "Detection:\n  - eventName == \"X\"\n  - KeyPath: recipientAccountId\n"
                + "    Condition: Equals\n    Value: 012345678901\n"
                + TESTS,
            null);
    assertThat(w)
        .containsExactly(
            "r.yml:8:5: warning: Value 12345678901 is a number but 'recipientAccountId' is a string "
                + "in the rule's test events (\"012345678901\"): a number never equals a string; quote the value (YAML reads an "
                + "unquoted number with leading zeros as that number: the zeros are lost) [number-vs-string]");
  }

  @Test
  void numbersInValueLists_inCompactSyntax_andInsideListConditions_areCheckedToo() {
    String tests =
        "Tests:\n  - Name: hit\n    ExpectedResult: true\n    Log: {port: \"22\", items: [{toPort: \"22\"}]}\n"
            + "  - Name: miss\n    ExpectedResult: false\n    Log: {port: 80, items: [{toPort: 80}]}\n";
    List<String> w =
        warnings(
            HEADER
                + "Detection:\n  - port in [22, 3389]\n"
                + "  - any_element(items, toPort == 22)\n"
                + tests,
            null);
    assertThat(w)
        .containsExactly(
            "r.yml:7:5: warning: Values [22, 3389] are numbers but 'port' is a string in the rule's test events (\"22\"): a "
                + "number never equals a string; quote the value [number-vs-string]",
            "r.yml:8:5: warning: Value 22 is a number but 'toPort' is a string in the rule's test events (\"22\"): a number "
                + "never equals a string; quote the value [number-vs-string]");
  }

  @Test
  void numbersComparedWithNumbers_areFine() {
    String tests =
        "Tests:\n  - Name: hit\n    ExpectedResult: true\n    Log: {port: 22}\n"
            + "  - Name: miss\n    ExpectedResult: false\n    Log: {port: 80}\n";
    assertThat(warnings(HEADER + "Detection:\n  - port == 22\n" + tests, null)).isEmpty();
  }

  @Test
  void aFieldFoundOnlyIgnoringCase_isNamedAsSuch_notAsMissing() {
    List<String> w =
        warnings(
            HEADER
                + "Detection: ['eventName == \"X\"']\nSummaryAttributes: [EventName, nope]\n"
                + TESTS,
            null);
    assertThat(w)
        .containsExactly(
            "r.yml:7:21: warning: SummaryAttributes field 'EventName' matches 'eventName' only ignoring case (keys fall back to "
                + "a case-insensitive match; write it as the events do) [field-case]",
            "r.yml:7:32: warning: SummaryAttributes field 'nope' is in none of the rule's test events [unknown-field]");
  }

  @Test
  void aConditionFieldFoundOnlyIgnoringCase_isNamedAtItsCondition_inEveryConditionForm() {
    String tests =
        "Tests:\n"
            + "  - Name: hit\n    ExpectedResult: true\n    Log: {eventName: X, userIdentity: {type: Root},"
            + " resources: [{ARN: a}], errorCode: E}\n"
            + "  - Name: miss\n    ExpectedResult: false\n    Log: {eventName: Y, userIdentity: {type: IAMUser}}\n";
    String detection =
        "Detection:\n"
            + "  - KeyPath: userIdentity.Type\n    Condition: Equals\n    Value: Root\n"
            + "  - 'EVENTNAME == \"X\"'\n"
            + "  - KeyPath: resources\n    Condition: AnyElement\n    Expressions:\n"
            + "      - Key: arn\n        Condition: Equals\n        Value: a\n"
            + "  - Key: requestParameters\n    Condition: IsNull\n"
            + "InlineFilters:\n  - 'errorcode is_not_null'\n";
    List<String> w = warnings(HEADER + detection + tests, null);
    assertThat(w)
        .containsExactly(
            "r.yml:7:5: warning: Detection field 'userIdentity.Type' matches 'userIdentity.type' only ignoring case (keys "
                + "fall back to a case-insensitive match; write it as the events do) [field-case]",
            "r.yml:10:5: warning: Detection field 'EVENTNAME' matches 'eventName' only ignoring case (keys fall back to a "
                + "case-insensitive match; write it as the events do) [field-case]",
            "r.yml:11:5: warning: Detection field 'resources[*].arn' matches 'resources[*].ARN' only ignoring case (keys "
                + "fall back to a case-insensitive match; write it as the events do) [field-case]",
            "r.yml:20:3: warning: InlineFilters field 'errorcode' matches 'errorCode' only ignoring case (keys fall back to "
                + "a case-insensitive match; write it as the events do) [field-case]");
    // What the warning says is what the engine does: every condition above matches through the
    // fallback.
    Rule rule = load(HEADER + detection + tests);
    assertThat(
            RuleEngine.builder()
                .addRule(rule)
                .build()
                .evaluate(
                    Event.parse(
                        "{\"eventName\":\"X\",\"userIdentity\":{\"type\":\"Root\"},\"resources\":[{\"ARN\":\"a\"}],\"errorCode\":\"E\"}")))
        .extracting(Match::ruleId)
        .containsExactly("T.R");
  }

  @Test
  void aConditionFieldThatIsAbsent_orExactInSomeEvent_isNotReported() {
    String tests =
        "Tests:\n"
            + "  - Name: hit\n    ExpectedResult: true\n    Log: {eventName: X}\n"
            + "  - Name: miss\n    ExpectedResult: false\n    Log: {EventName: Y}\n";
    assertThat(
            warnings(
                HEADER + "Detection: ['eventName == \"X\"', 'errorCode is_null']\n" + tests, null))
        .isEmpty();
  }

  @Test
  void attackMappings_areCheckedAgainstTheTable_namingItsVersion() throws IOException {
    String reports =
        "Reports:\n  MITRE ATT&CK:\n    - TA0005:T1562\n    - TA0005:T1562.001\n    - TA003:T1556\n"
            + "    - TA0042:T1566\n    - TA0005:T1108\n    - TA0003:T1004\n    - TA0005:T9999\n    - T1190\n";
    List<String> w =
        warnings(HEADER + "Detection: ['eventName == \"X\"']\n" + reports + TESTS, mini());
    assertThat(w)
        .containsExactly(
            "r.yml:11:7: warning: Reports: unknown tactic TA003 in ATT&CK 18.1 (Enterprise) [attack-mapping]",
            "r.yml:12:7: warning: Reports: T1566 (Phishing) is not in TA0042 (resource-development) in ATT&CK 18.1; it is in "
                + "initial-access [attack-mapping]",
            "r.yml:13:7: warning: Reports: T1108 (Redundant Access) is deprecated in ATT&CK 18.1 [attack-mapping]",
            "r.yml:14:7: warning: Reports: T1004 (Winlogon Helper DLL) is revoked in ATT&CK 18.1 [attack-mapping]",
            "r.yml:15:7: warning: Reports: unknown technique T9999 in ATT&CK 18.1 (Enterprise) [attack-mapping]",
            "r.yml:16:7: warning: Reports: 'T1190' is not an ATT&CK mapping of the form TA####:T#### or TA####:T####.### "
                + "[attack-mapping]");
  }

  @Test
  void aNewerTableIsReadInTheSameFormat_andItsVersionNamed() throws IOException {
    // A synthetic v19-like table (attack.md section 7): TA0005 renamed Stealth, T1562 moved to
    // TA0112.
    AttackTable v19 =
        AttackTable.parse(
            new StringReader(
                "# MITRE ATT&CK Enterprise 19.x: synthetic\n"
                    + "id\tkind\ttactics\tname\tstatus\nTA0005\ttactic\tstealth\tStealth\tactive\n"
                    + "TA0112\ttactic\tdefense-impairment\tDefense Impairment\tactive\n"
                    + "T1562\ttechnique\tdefense-impairment\tImpair Defenses\tactive\n"),
            "v19.tsv");
    assertThat(v19.version()).isEqualTo("19.x");
    assertThat(v19.check("TA0005:T1562"))
        .contains(
            "T1562 (Impair Defenses) is not in TA0005 (stealth) in ATT&CK 19.x; "
                + "it is in defense-impairment");
    assertThat(v19.check("TA0112:T1562")).isEmpty();
  }

  @Test
  void theBundledTable_isTheSharedOne_whenTheBuildHadIt() throws IOException {
    Path shared = Path.of("../shared/attack/enterprise-attack-18.1.tsv");
    Assumptions.assumeTrue(
        Files.exists(shared), "../shared/attack is absent: the build bundles no ATT&CK table");
    AttackTable bundled = AttackTable.bundled().orElseThrow();
    assertThat(bundled.version()).isEqualTo("18.1");
    assertThat(bundled.check("TA0005:T1562")).isEmpty();
    assertThat(bundled.check("TA0007:T1078"))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .startsWith(
                        "T1078 (Valid Accounts) " + "is not in TA0007 (discovery) in ATT&CK 18.1"));
    assertThat(AttackTable.read(shared).version()).isEqualTo("18.1");
    assertThat(AttackTable.class.getResource("/dev/margay/lint/attack/LICENSE-ATTACK.txt"))
        .isNotNull();
  }
}
