package dev.margay.loader;

import java.util.List;
import java.util.Optional;

/**
 * The kinds of Panther analysis file, as the {@code AnalysisType} key (and, for rules, {@code
 * Detection} or {@code Filename}) of a file says. Margay runs {@link #RULE} (a YAML detection);
 * every other kind is recognized and skipped, never reported as a broken rule. The names are those
 * of panther_analysis_tool's {@code AnalysisTypes}.
 */
public enum AnalysisKind {
  /** {@code AnalysisType: rule} with {@code Detection:}: a Simple Detection, which Margay runs. */
  RULE("rule", "YAML detection", "YAML detections", "RuleID"),
  /** {@code AnalysisType: rule} with {@code Filename:}: a Python rule. */
  PYTHON_RULE("rule", "Python rule", "Python rules", "RuleID"),
  /** {@code AnalysisType: rule} with {@code BaseDetection:}: a derived detection. */
  DERIVED_RULE("rule", "derived rule", "derived rules", "RuleID"),
  SCHEDULED_RULE("scheduled_rule", "scheduled rule", "scheduled rules", "RuleID"),
  CORRELATION_RULE("correlation_rule", "correlation rule", "correlation rules", "RuleID"),
  POLICY("policy", "policy", "policies", "PolicyID"),
  SCHEDULED_QUERY("scheduled_query", "scheduled query", "scheduled queries", "QueryName"),
  SAVED_QUERY("saved_query", "saved query", "saved queries", "QueryName"),
  DATA_MODEL("datamodel", "data model", "data models", "DataModelID"),
  GLOBAL("global", "global helper", "global helpers", "GlobalID"),
  PACK("pack", "pack", "packs", "PackID"),
  LOOKUP_TABLE("lookup_table", "lookup table", "lookup tables", "LookupName");

  /** Every {@code AnalysisType} value Panther knows, as written in files. */
  public static final List<String> ANALYSIS_TYPES =
      List.of(
          "rule",
          "scheduled_rule",
          "correlation_rule",
          "policy",
          "scheduled_query",
          "saved_query",
          "datamodel",
          "global",
          "pack",
          "lookup_table");

  private final String analysisType;
  private final String singular;
  private final String plural;
  private final String idKey;

  AnalysisKind(String analysisType, String singular, String plural, String idKey) {
    this.analysisType = analysisType;
    this.singular = singular;
    this.plural = plural;
    this.idKey = idKey;
  }

  /** The {@code AnalysisType} value of this kind ({@code rule} for the three kinds of rule). */
  public String analysisType() {
    return analysisType;
  }

  /** {@code "Python rule"}, {@code "policy"}, ... */
  public String singular() {
    return singular;
  }

  /** {@code "Python rules"}, {@code "policies"}, ... */
  public String plural() {
    return plural;
  }

  /** The key holding the file's id ({@code RuleID}, {@code PolicyID}, {@code QueryName}, ...). */
  public String idKey() {
    return idKey;
  }

  /** Whether Margay runs files of this kind ({@link #RULE} and {@link #CORRELATION_RULE}). */
  public boolean runnable() {
    return this == RULE || this == CORRELATION_RULE;
  }

  /**
   * The kind an {@code AnalysisType} other than {@code rule} names; empty for {@code rule} and
   * unknown values.
   */
  static Optional<AnalysisKind> ofOtherType(String analysisType) {
    for (AnalysisKind k : values()) {
      if (!k.analysisType.equals("rule") && k.analysisType.equals(analysisType)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
