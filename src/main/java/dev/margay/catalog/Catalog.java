// Over 300 lines: one immutable index built in one pass; its queries read the same maps.
package dev.margay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.lint.RuleLinter;
import dev.margay.loader.AnalysisDocument;
import dev.margay.loader.AnalysisKind;
import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleLoadException;
import dev.margay.loader.SkippedFile;
import dev.margay.rule.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The analysis files of a rule repository as a detection catalog, and what they share: for an
 * indicator, how many other entries test the same field, operator and value (the corpus column);
 * for an entry, the other entries acting on one of its {@code eventName}s; for an exclusion, the
 * other entries excluding the same. Built once from a {@link LoadResult} (whose routing decides
 * each file's kind); immutable and thread-safe.
 *
 * <p>Entries: YAML detections that loaded, and every skipped file whose kind has a {@code RuleID},
 * {@code PolicyID} or {@code QueryName} (Python, derived, scheduled and correlation rules,
 * policies, queries). Data models, globals, packs and lookup tables are not entries. An entry is
 * enabled when its {@code Enabled} is {@code true} (Panther requires the key).
 */
public final class Catalog {
  /** Largest Python source shown beside its YAML, in bytes. */
  public static final int MAX_PYTHON_BYTES = 1 << 20;

  private final List<CatalogEntry> entries;
  private final List<RuleLoadException> unreadable;
  private final Map<String, List<CatalogEntry>> byIndicator = new HashMap<>();
  private final Map<String, List<CatalogEntry>> byExclusion = new HashMap<>();
  private final Map<String, List<CatalogEntry>> byAction = new HashMap<>();

  private Catalog(List<CatalogEntry> entries, List<RuleLoadException> unreadable) {
    this.entries = List.copyOf(entries);
    this.unreadable = List.copyOf(unreadable);
    for (CatalogEntry e : this.entries) {
      index(byIndicator, e, e.indicators());
      if (e.actionsFromTests() && !e.actions().isEmpty()) {
        // Logic Margay does not read acts on its true tests' eventNames: counted as eventName ==
        // each.
        index(
            byIndicator,
            e,
            List.of(new Indicator(Logic.ACTION_FIELD, "in", List.copyOf(e.actions()))));
      }
      index(byExclusion, e, e.exclusions());
      e.actions().forEach(a -> byAction.computeIfAbsent(a, k -> new ArrayList<>()).add(e));
    }
  }

  private static void index(
      Map<String, List<CatalogEntry>> into, CatalogEntry e, List<Indicator> rows) {
    Set<String> keys = new TreeSet<>();
    rows.forEach(r -> keys.addAll(r.corpusKeys()));
    keys.forEach(k -> into.computeIfAbsent(k, x -> new ArrayList<>()).add(e));
  }

  /**
   * The catalog of what {@code loaded} found. Files read a second time here (for their text and
   * metadata) that can no longer be read are {@link #unreadable()}, never thrown.
   */
  public static Catalog of(LoadResult loaded) {
    List<CatalogEntry> entries = new ArrayList<>();
    List<RuleLoadException> unreadable = new ArrayList<>();
    for (Rule rule : loaded.rules()) {
      try {
        entries.add(entry(rule, AnalysisDocument.read(Path.of(rule.source().file()))));
      } catch (RuleLoadException e) {
        unreadable.add(e);
      }
    }
    for (SkippedFile f : loaded.skipped()) {
      if (!isEntryKind(f.kind())) {
        continue;
      }
      try {
        entries.add(entry(f, AnalysisDocument.read(f.file())));
      } catch (RuleLoadException e) {
        unreadable.add(e);
      }
    }
    // Correlation rules load as their own kind now; the catalog shows them from their YAML, as
    // before.
    for (dev.margay.rule.CorrelationRule c : loaded.correlationRules()) {
      Path file = Path.of(c.source().file());
      try {
        entries.add(
            entry(
                new SkippedFile(
                    file,
                    AnalysisKind.CORRELATION_RULE,
                    c.id(),
                    c.tags(),
                    Optional.of(c.severity()),
                    c.source()),
                AnalysisDocument.read(file)));
      } catch (RuleLoadException e) {
        unreadable.add(e);
      }
    }
    entries.sort(Comparator.comparing(CatalogEntry::id).thenComparing(e -> e.file().toString()));
    return new Catalog(entries, unreadable);
  }

  private static boolean isEntryKind(AnalysisKind kind) {
    return switch (kind.idKey()) {
      case "RuleID", "PolicyID", "QueryName" -> true;
      default -> false;
    };
  }

  /**
   * The entry of a YAML detection, with its document (as {@link AnalysisDocument#read} gives it).
   */
  public static CatalogEntry entry(Rule rule, AnalysisDocument doc) {
    return entry(rule, doc.text());
  }

  /**
   * The entry of a YAML detection whose file text is {@code yaml} (shown as its body; may be
   * empty).
   */
  public static CatalogEntry entry(Rule rule, String yaml) {
    Logic logic = Logic.of(rule.inlineFilters(), rule.detection());
    List<String> items = rule.reports().getOrDefault(RuleLinter.ATTACK_FRAMEWORK, List.of());
    List<CatalogEntry.Mapping> mappings = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      mappings.add(
          new CatalogEntry.Mapping(
              items.get(i), rule.locationOfReport(RuleLinter.ATTACK_FRAMEWORK, i)));
    }
    return new CatalogEntry(
        Path.of(rule.source().file()),
        AnalysisKind.RULE,
        rule.id(),
        rule.name(),
        rule.enabled(),
        rule.severity().toString(),
        rule.logTypes(),
        rule.tags(),
        rule.description(),
        rule.reference(),
        rule.reports(),
        mappings,
        logic.actions(),
        false,
        logic.indicators(),
        logic.exclusions(),
        Optional.of(rule),
        yaml,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        rule.summaryAttributes(),
        rule.tests().stream()
            .map(t -> new CatalogEntry.TestCase(t.name(), t.expectedResult()))
            .toList());
  }

  /** The entry of a file Margay does not run, from its YAML. */
  public static CatalogEntry entry(SkippedFile f, AnalysisDocument doc) {
    Set<String> actions = new TreeSet<>();
    for (AnalysisDocument.TestEntry test : doc.tests()) {
      JsonNode name = test.log().get(Logic.ACTION_FIELD);
      if (test.expectedResult() && name != null && name.isTextual()) {
        actions.add(name.textValue());
      }
    }
    String id = f.id() != null ? f.id() : f.file().getFileName().toString();
    String name = doc.string("DisplayName").filter(s -> !s.isBlank()).orElse(id);
    // Every kind that names a Python file shows it (Python and scheduled rules, policies, data
    // models,
    // globals); queries carry their SQL in the YAML.
    Optional<String> filename = doc.string("Filename").filter(fn -> !fn.isBlank());
    Optional<String> python = filename.flatMap(fn -> readPython(f.file(), fn));
    Optional<String> query =
        f.kind() == AnalysisKind.SCHEDULED_QUERY || f.kind() == AnalysisKind.SAVED_QUERY
            ? doc.string("Query").filter(q -> !q.isBlank())
            : Optional.empty();
    return new CatalogEntry(
        f.file(),
        f.kind(),
        id,
        name,
        doc.string("Enabled").map("true"::equals).orElse(false),
        doc.string("Severity").orElse(""),
        doc.strings("LogTypes"),
        f.tags(),
        doc.string("Description").orElse(""),
        doc.string("Reference").orElse(""),
        doc.reports(),
        mappings(doc),
        actions,
        true,
        List.of(),
        List.of(),
        Optional.empty(),
        doc.text(),
        filename,
        python,
        query,
        doc.strings("SummaryAttributes"),
        doc.tests().stream()
            .map(t -> new CatalogEntry.TestCase(t.name(), t.expectedResult()))
            .toList());
  }

  private static List<CatalogEntry.Mapping> mappings(AnalysisDocument doc) {
    List<String> items = doc.reports().getOrDefault(RuleLinter.ATTACK_FRAMEWORK, List.of());
    List<CatalogEntry.Mapping> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(
          new CatalogEntry.Mapping(
              items.get(i), doc.locationOfReport(RuleLinter.ATTACK_FRAMEWORK, i)));
    }
    return out;
  }

  /** The Python file beside the YAML, when it is a plain file name there and readable (capped). */
  private static Optional<String> readPython(Path yaml, String filename) {
    Path dir = yaml.toAbsolutePath().getParent();
    if (dir == null
        || filename.isBlank()
        || filename.contains("/")
        || filename.contains("\\")
        || filename.startsWith(".")) {
      return Optional.empty();
    }
    Path py = dir.resolve(filename);
    if (!Files.isRegularFile(py)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(py)) {
      byte[] bytes = in.readNBytes(MAX_PYTHON_BYTES + 1);
      String text =
          new String(bytes, 0, Math.min(bytes.length, MAX_PYTHON_BYTES), StandardCharsets.UTF_8);
      return Optional.of(
          bytes.length > MAX_PYTHON_BYTES
              ? text + "\n# ... (cut at " + MAX_PYTHON_BYTES + " bytes)"
              : text);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Every entry, sorted by id, then file. */
  public List<CatalogEntry> entries() {
    return entries;
  }

  /** Files routed as entries that could not be read again (changed or removed meanwhile). */
  public List<RuleLoadException> unreadable() {
    return unreadable;
  }

  /** The entry with this id (the first by file when several share it). */
  public Optional<CatalogEntry> byId(String id) {
    return entries.stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /**
   * The corpus column: how many entries other than {@code self} (other id and other file) test the
   * same field, operator and value (see {@link Indicator#corpusKeys()}: {@code in} counts as {@code
   * ==} per value). An entry whose logic Margay does not read (a Python rule) counts as {@code
   * eventName == X} for each {@code eventName} X of its {@code ExpectedResult: true} tests.
   */
  public int corpusCount(CatalogEntry self, Indicator indicator, String value) {
    return others(
            self,
            byIndicator.getOrDefault(
                value == null ? indicator.corpusKeys().get(0) : indicator.corpusKey(value),
                List.of()))
        .size();
  }

  /**
   * Other entries acting on one of {@code self}'s actions, each with the actions in common, sorted
   * by severity (highest first), then id.
   */
  public Map<CatalogEntry, Set<String>> sameAction(CatalogEntry self) {
    Map<CatalogEntry, Set<String>> out = new LinkedHashMap<>();
    for (String action : self.actions()) {
      for (CatalogEntry other : others(self, byAction.getOrDefault(action, List.of()))) {
        out.computeIfAbsent(other, k -> new TreeSet<>()).add(action);
      }
    }
    List<CatalogEntry> sorted = new ArrayList<>(out.keySet());
    sorted.sort(
        Comparator.comparingInt((CatalogEntry e) -> -severityRank(e.severity()))
            .thenComparing(CatalogEntry::id));
    Map<CatalogEntry, Set<String>> result = new LinkedHashMap<>();
    sorted.forEach(e -> result.put(e, java.util.Collections.unmodifiableSet(out.get(e))));
    return java.util.Collections.unmodifiableMap(result);
  }

  /**
   * For each of {@code self}'s exclusions (per value), the other entries that exclude the same;
   * only shared ones.
   */
  public Map<String, List<CatalogEntry>> sharedExclusions(CatalogEntry self) {
    Map<String, List<CatalogEntry>> out = new LinkedHashMap<>();
    for (Indicator x : self.exclusions()) {
      List<String> shown = x.values().isEmpty() ? List.of("") : x.values();
      for (String v : shown) {
        List<CatalogEntry> others =
            others(
                self,
                byExclusion.getOrDefault(
                    v.isEmpty() && x.values().isEmpty() ? x.corpusKeys().get(0) : x.corpusKey(v),
                    List.of()));
        if (!others.isEmpty()) {
          out.put((x.field() + " " + x.operator() + (v.isEmpty() ? "" : " " + v)).strip(), others);
        }
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static List<CatalogEntry> others(CatalogEntry self, List<CatalogEntry> list) {
    return list.stream()
        .filter(e -> !e.id().equals(self.id()) && !e.file().equals(self.file()))
        .toList();
  }

  /** Panther's severities low to high; unknown text ranks lowest. */
  static int severityRank(String severity) {
    return switch (severity.toLowerCase(java.util.Locale.ROOT)) {
      case "info", "informational" -> 1;
      case "low" -> 2;
      case "medium" -> 3;
      case "high" -> 4;
      case "critical" -> 5;
      default -> 0;
    };
  }
}
