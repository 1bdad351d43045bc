package dev.margay.cli;

import static dev.margay.cli.TestingCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.margay.cli.TestingCli.Run;
import dev.margay.loader.TestingRule;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Reproduction 14 (terminal and XML injection) for {@code test}, {@code validate} and {@code
 * explain}: whatever rule files hold (ESC sequences, carriage returns, NUL, {@code ]]>}, markup,
 * quotes, U+FFFE/U+FFFF, lone surrogates, 10,000-character names), JUnit XML parses with the JDK's
 * strict parser, JSON and SARIF parse with a strict JSON parser, and text meant for a terminal
 * holds no control character but the CLI's own line breaks.
 */
class OutputSafetyTest {
  /** Everything the brief lists, written as YAML double-quoted escapes. */
  private static final String HOSTILE_YAML =
      "]]><&'\\\"\\0\\e[31m\\r\\x9b2K\\uFFFE\\uFFFF\\uD800\\u202E";

  private static final String HOSTILE = "]]><&'\"\0\u001b[31m\r\u009b2K\uFFFE\uFFFF\uD800\u202E";
  private static final String LONG = "n".repeat(10_000);
  private static final ObjectMapper STRICT_JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  @TempDir Path dir;

  /**
   * A rule whose test names, display name, title, description and an exclusion hold hostile text;
   * one test passes, one fails, one is skipped. The file name holds an ESC sequence and markup too.
   */
  private Path hostileRule() throws Exception {
    Path rule = dir.resolve("r<&>\u001b[32m.yml");
    Files.writeString(
        rule,
        "AnalysisType: rule\nRuleID: Hostile.Rule\nDisplayName: \"D "
            + HOSTILE_YAML
            + "\"\n"
            + "Enabled: true\nLogTypes: [AWS.CloudTrail]\nSeverity: Low\n"
            + "Description: \"first line\\nsecond \\e[8mhidden\\e[0m line\"\n"
            + "AlertTitle: \"T "
            + HOSTILE_YAML
            + "\"\n"
            + "Detection:\n  - Key: eventName\n    Condition: Equals\n    Value: X\n"
            + "  - None:\n      - Key: userAgent\n        Condition: Equals\n"
            + "        Value: \"\\e[8minvisible\\rexcl\"\n"
            + "Tests:\n"
            + "  - Name: \"passes "
            + HOSTILE_YAML
            + "\"\n    ExpectedResult: true\n    Log: {eventName: X}\n"
            + "  - Name: \"fails\\r\\e[2Kok   fine.yml/all good "
            + HOSTILE_YAML
            + "\"\n"
            + "    ExpectedResult: true\n    Log: {eventName: Y}\n"
            + "  - Name: \""
            + LONG
            + "\"\n    ExpectedResult: true\n    Mocks: [{objectName: f, returnValue: x}]\n"
            + "    Log: {eventName: X}\n");
    return rule;
  }

  /** Text for a terminal: no control character except the line breaks the CLI writes itself. */
  private static void assertTerminalSafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control =
          (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e);
      assertThat(control).as("control character U+%04X at %d in:%n%s", (int) c, i, text).isFalse();
    }
  }

  private static Document strictXml(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    var builder = factory.newDocumentBuilder();
    builder.setErrorHandler(
        new org.xml.sax.helpers.DefaultHandler() {
          @Override
          public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXParseException {
            throw e;
          }
        });
    return builder.parse(new InputSource(new StringReader(xml)));
  }

  @Test
  void testAsJunit_isWellFormedXml_andKeepsEveryNameReadably() throws Exception {
    Path rule = hostileRule();
    Run run = run("test", "--format", "junit", rule.toString());
    assertThat(run.code()).isEqualTo(1);
    Document doc = strictXml(run.out());
    NodeList cases = doc.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(3);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < cases.getLength(); i++) {
      names.add(((Element) cases.item(i)).getAttribute("name"));
    }
    // Markup and quotes come back as they were; what XML cannot hold is shown as \\uXXXX text.
    String shown = "]]><&'\"\\u0000\\u001b[31m\r\\u009b2K\\ufffe\\uffff\\ud800\u202E";
    assertThat(names.get(0)).isEqualTo("passes " + shown);
    assertThat(names.get(1)).isEqualTo("fails\r\\u001b[2Kok   fine.yml/all good " + shown);
    assertThat(names.get(2)).isEqualTo(LONG);
    Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("name")).isEqualTo(rule.toString().replace("\u001b", "\\u001b"));
    assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
    assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo(1);
  }

  @Test
  void testAsText_escapesNames_soAFailingTestCannotBeDrawnAsOk() throws Exception {
    Run run = run("test", hostileRule().toString());
    assertThat(run.code()).isEqualTo(1);
    assertTerminalSafe(run.out());
    List<String> lines = run.out().lines().toList();
    assertThat(lines)
        .filteredOn(l -> l.startsWith("ok "))
        .hasSize(1)
        .allSatisfy(
            l ->
                assertThat(l)
                    .startsWith("ok   r<&>\\e[32m.yml/passes ]]><&'\"\\u0000\\e[31m\\r\\u009b2K"));
    assertThat(lines)
        .filteredOn(l -> l.contains("fails\\r\\e[2Kok   fine.yml/all good"))
        .hasSize(1)
        .allSatisfy(l -> assertThat(l).contains(": expected true, got false"));
    assertThat(lines.get(lines.size() - 1)).isEqualTo("1 passed, 1 failed, 1 skipped");
  }

  @Test
  void testAsJson_isStrictJson_withTheNamesAsTheyAre() throws Exception {
    Run run = run("test", "--format", "json", hostileRule().toString());
    JsonNode report = STRICT_JSON.readTree(run.out());
    assertThat(report.get("results")).hasSize(3);
    assertThat(report.get("results").get(1).get("test").textValue()).contains("fails\r\u001b[2Kok");
  }

  @Test
  void aRuleFileThatDoesNotLoad_isShownEscaped_withTheCaretUnderTheEscapedLine() throws Exception {
    Path rule = dir.resolve("bad.yml");
    Files.writeString(
        rule,
        "AnalysisType: rule\nRuleID: X\nEnabled: true\nLogTypes: [AWS.CloudTrail]\n"
            + "Severity: Low\nDetection: ['true']\n\"\\e[2K\\rSevrity\": Low\n");
    Run test = run("test", rule.toString());
    Run validate = run("validate", rule.toString());
    assertThat(test.code()).isEqualTo(1);
    assertThat(validate.code()).isEqualTo(1);
    assertTerminalSafe(test.out());
    assertTerminalSafe(validate.out());
    assertThat(test.out()).contains(rule + ":7:1: unknown key '\\e[2K\\rSevrity'");
    assertThat(validate.out()).contains(rule + ":7:1: error: unknown key '\\e[2K\\rSevrity'");
  }

  @Test
  void validateAsText_escapes_andAsJsonAndSarif_isStrictJson() throws Exception {
    Path rule = dir.resolve("v\u001b[31m.yml");
    Files.writeString(
        rule, TestingRule.header("V") + "Detection: ['true']\n\"" + HOSTILE_YAML + "\": 1\n");
    Run text = run("validate", rule.toString());
    assertThat(text.code()).isEqualTo(1);
    assertTerminalSafe(text.out());
    assertThat(text.out())
        .contains("v\\e[31m.yml:7:1: error: unknown key ']]><&'\"\\u0000\\e[31m\\r\\u009b2K");
    for (String format : List.of("json", "sarif")) {
      Run run = run("validate", "--format", format, rule.toString());
      assertThat(run.code()).as(format).isEqualTo(1);
      JsonNode root = STRICT_JSON.readTree(run.out());
      String message =
          format.equals("json")
              ? root.get("diagnostics").get(0).get("message").textValue()
              : root.get("runs")
                  .get(0)
                  .get("results")
                  .get(0)
                  .get("message")
                  .get("text")
                  .textValue();
      assertThat(message).as(format).contains("]]><&'\"\0\u001b[31m\r\u009b2K");
    }
  }

  @Test
  void explain_escapesEveryPieceOfRuleText_soNoExclusionCanBeHidden() throws Exception {
    Run run = run("explain", hostileRule().toString());
    assertThat(run.code()).isZero();
    assertTerminalSafe(run.out());
    assertThat(run.out())
        .startsWith("D ]]><&'\"\\u0000\\e[31m\\r\\u009b2K")
        .contains("\nfirst line\nsecond \\e[8mhidden\\e[0m line\n")
        .contains(
            "Exclusions (matches of these are suppressed)\n  userAgent  ==  \"\\u001b[8minvisible\\rexcl\"")
        .contains("  title       T ]]><&'\"\\u0000\\e[31m");
  }

  @Test
  void explainOfAPathThatIsNotAFile_escapesThePath() {
    Run run = run("explain", dir.resolve("no\u001b[8m.yml").toString());
    assertThat(run.code()).isEqualTo(3);
    assertTerminalSafe(run.err());
    assertThat(run.err()).contains("no\\e[8m.yml");
  }
}
