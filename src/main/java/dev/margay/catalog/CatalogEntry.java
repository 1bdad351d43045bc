package dev.margay.catalog;

import dev.margay.loader.AnalysisKind;
import dev.margay.rule.Rule;
import dev.margay.rule.SourceLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One analysis file of a catalog (a rule of any kind, a policy or a query), with what its page
 * shows. {@code rule} is present for a YAML detection only (Margay's reading of its logic and
 * tests); {@code indicators}, {@code exclusions} come from that logic and are empty otherwise.
 * {@code actions} are the {@code eventName} values the entry acts on: those its detection requires,
 * or, for files whose logic Margay does not read (Python rules), the {@code eventName}s of its
 * {@code ExpectedResult: true} test events ({@code actionsFromTests}). {@code filename} is the
 * {@code Filename} of a file with Python logic (Python and scheduled rules, policies, ...), and
 * {@code pythonSource} that file's text when it could be read beside the YAML; {@code query} is the
 * SQL {@code Query} of a scheduled or saved query; {@code tests} the names and expected results of
 * its {@code Tests}. Immutable.
 */
public record CatalogEntry(
    Path file,
    AnalysisKind kind,
    String id,
    String name,
    boolean enabled,
    String severity,
    List<String> logTypes,
    List<String> tags,
    String description,
    String reference,
    Map<String, List<String>> reports,
    List<Mapping> attack,
    Set<String> actions,
    boolean actionsFromTests,
    List<Indicator> indicators,
    List<Indicator> exclusions,
    Optional<Rule> rule,
    String yaml,
    Optional<String> filename,
    Optional<String> pythonSource,
    Optional<String> query,
    List<String> summaryAttributes,
    List<TestCase> tests) {

  /** A {@code Tests} entry as written (Python rules: not run by Margay). */
  public record TestCase(String name, boolean expectedResult) {}

  /** One {@code Reports: MITRE ATT&CK} item as written, and where. */
  public record Mapping(String value, SourceLocation location) {
    public Mapping {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(location, "location");
    }
  }

  public CatalogEntry {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    logTypes = List.copyOf(logTypes);
    tags = List.copyOf(tags);
    reports = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(reports));
    attack = List.copyOf(attack);
    actions = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(actions));
    indicators = List.copyOf(indicators);
    exclusions = List.copyOf(exclusions);
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(pythonSource, "pythonSource");
    Objects.requireNonNull(query, "query");
    summaryAttributes = List.copyOf(summaryAttributes);
    tests = List.copyOf(tests);
  }
}
