package dev.margay.loader;

import dev.margay.rule.Severity;
import dev.margay.rule.SourceLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Panther analysis file that Margay recognizes but does not run (a Python rule, a policy, a data
 * model, ...), with what selection needs: its id ({@code RuleID}, {@code PolicyID}, ...; null when
 * the file has none), its {@code Tags} and its {@code Severity} (empty when it has none), and where
 * the key that decided its kind was written ({@code Filename:} of a Python rule, else the {@code
 * AnalysisType} value). Read leniently: a skipped file is never a load failure.
 */
public record SkippedFile(
    Path file,
    AnalysisKind kind,
    String id,
    List<String> tags,
    Optional<Severity> severity,
    SourceLocation location) {
  public SkippedFile {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(kind, "kind");
    tags = List.copyOf(tags);
    Objects.requireNonNull(severity, "severity");
  }
}
