package dev.margay.loader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rule files for tests: the header every YAML detection repeats (lines 1 to 5: AnalysisType,
 * RuleID, Enabled, LogTypes {@code [AWS.CloudTrail]}, Severity), then the lines a test is about, as
 * written. Positions in the body are fixed: its first line is {@link #FIRST_BODY_LINE} (one more
 * for a Python rule's header, which has a {@code Filename} line).
 */
public final class TestingRule {
  /** The line of the first body line (after the five header lines). */
  public static final int FIRST_BODY_LINE = 6;

  private final String ruleId;
  private String severity = "Low";
  private boolean enabled = true;
  private String pythonFile;
  private final StringBuilder body = new StringBuilder();

  private TestingRule(String ruleId) {
    this.ruleId = ruleId;
  }

  /** An enabled CloudTrail rule {@code ruleId} of severity Low, with an empty body so far. */
  public static TestingRule rule(String ruleId) {
    return new TestingRule(ruleId);
  }

  /** The five header lines alone, severity Low: {@code header("R") + "Detection: ...\n"}. */
  public static String header(String ruleId) {
    return rule(ruleId).yaml();
  }

  /** The five header lines alone. */
  public static String header(String ruleId, String severity) {
    return rule(ruleId).severity(severity).yaml();
  }

  /** The Severity line's value ({@code Low} unless set; any text, valid or not). */
  public TestingRule severity(String severity) {
    this.severity = severity;
    return this;
  }

  /** The Enabled line's value ({@code true} unless set). */
  public TestingRule enabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /**
   * A Python rule's header: a {@code Filename: file} line after AnalysisType (so the body starts a
   * line later); the loader skips such a rule, the catalog lists it.
   */
  public TestingRule python(String file) {
    this.pythonFile = file;
    return this;
  }

  /** A {@code Detection:} list of compact conditions, one single-quoted line each. */
  public TestingRule detection(String... conditions) {
    body.append("Detection:\n");
    for (String c : conditions) {
      body.append("  - '").append(c.replace("'", "''")).append("'\n");
    }
    return this;
  }

  /** YAML lines appended as written (a final line break is added when missing). */
  public TestingRule with(String yamlLines) {
    body.append(yamlLines);
    if (!yamlLines.isEmpty() && !yamlLines.endsWith("\n")) {
      body.append('\n');
    }
    return this;
  }

  /** The file's text. */
  public String yaml() {
    return "AnalysisType: rule\n"
        + (pythonFile == null ? "" : "Filename: " + pythonFile + "\n")
        + "RuleID: "
        + ruleId
        + "\nEnabled: "
        + enabled
        + "\nLogTypes: [AWS.CloudTrail]\nSeverity: "
        + severity
        + "\n"
        + body;
  }

  /** Writes {@link #yaml()} to {@code file} (UTF-8) and returns the file. */
  public Path writeTo(Path file) throws IOException {
    return Files.writeString(file, yaml());
  }
}
