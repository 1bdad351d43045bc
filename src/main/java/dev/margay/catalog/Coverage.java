package dev.margay.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.lint.AttackTable;
import dev.margay.rule.SourceLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * ATT&amp;CK coverage of a catalog against one {@link AttackTable}: for each (tactic, technique)
 * pair that entries map to, the ids of the enabled entries mapping it (an entry mapping a pair
 * twice counts once), and every mapping the table does not support (unknown tactic or technique,
 * technique not in that tactic, revoked or deprecated, malformed), with where it was written.
 * Mappings with a finding are left out of the matrix: names of one version are never shown for a
 * pairing that version does not hold ({@code ../shared/design/attack.md} §5). Immutable and
 * thread-safe.
 */
public final class Coverage {
  /** One covered pair: tactic and technique ids and the ids of the enabled entries, sorted. */
  public record Cell(String tacticId, String techniqueId, List<String> ruleIds) {
    public Cell {
      ruleIds = List.copyOf(ruleIds);
    }
  }

  /**
   * A mapping the table does not support: where, whose, what is wrong (the message names the
   * version).
   */
  public record Finding(SourceLocation location, String ruleId, String mapping, String message) {}

  private final AttackTable table;
  private final List<Cell> cells;
  private final List<Finding> findings;
  private final int entriesCounted;
  private final int disabledLeftOut;

  private Coverage(
      AttackTable table,
      List<Cell> cells,
      List<Finding> findings,
      int entriesCounted,
      int disabledLeftOut) {
    this.table = table;
    this.cells = List.copyOf(cells);
    this.findings = List.copyOf(findings);
    this.entriesCounted = entriesCounted;
    this.disabledLeftOut = disabledLeftOut;
  }

  /**
   * The coverage of {@code entries}; with {@code runnableOnly}, only YAML detections (what Margay
   * runs) count and only their mappings are checked. Findings are reported for disabled entries
   * too.
   */
  public static Coverage of(List<CatalogEntry> entries, AttackTable table, boolean runnableOnly) {
    Map<String, TreeSet<String>> byPair = new TreeMap<>();
    List<Finding> findings = new ArrayList<>();
    int counted = 0;
    int disabled = 0;
    for (CatalogEntry e : entries) {
      if (runnableOnly && !e.kind().runnable()) {
        continue;
      }
      if (e.attack().isEmpty()) {
        continue;
      }
      if (e.enabled()) {
        counted++;
      } else {
        disabled++;
      }
      for (CatalogEntry.Mapping m : e.attack()) {
        Optional<String> problem = table.check(m.value());
        if (problem.isPresent()) {
          findings.add(new Finding(m.location(), e.id(), m.value(), problem.get()));
        } else if (e.enabled()) {
          byPair.computeIfAbsent(m.value(), k -> new TreeSet<>()).add(e.id());
        }
      }
    }
    List<Cell> cells = new ArrayList<>();
    byPair.forEach(
        (pair, ids) -> {
          int colon = pair.indexOf(':');
          cells.add(
              new Cell(pair.substring(0, colon), pair.substring(colon + 1), List.copyOf(ids)));
        });
    // The layer's order (attack.md §7): technique id, then tactic shortname.
    cells.sort(
        Comparator.comparing(Cell::techniqueId)
            .thenComparing(c -> table.tacticShortname(c.tacticId()).orElse("")));
    findings.sort(
        Comparator.comparing((Finding f) -> f.location().file())
            .thenComparingInt(f -> f.location().line()));
    return new Coverage(table, cells, findings, counted, disabled);
  }

  /** The table used. */
  public AttackTable table() {
    return table;
  }

  /** The covered pairs, by technique id, then tactic shortname. */
  public List<Cell> cells() {
    return cells;
  }

  /** Unsupported mappings, by file and line. */
  public List<Finding> findings() {
    return findings;
  }

  /** Enabled entries with at least one mapping. */
  public int entriesCounted() {
    return entriesCounted;
  }

  /** Disabled entries with mappings (left out of every count). */
  public int disabledLeftOut() {
    return disabledLeftOut;
  }

  /** The cells of one tactic, by technique id. */
  public List<Cell> cellsOf(String tacticId) {
    return cells.stream()
        .filter(c -> c.tacticId().equals(tacticId))
        .sorted(Comparator.comparing(Cell::techniqueId))
        .toList();
  }

  /** The highest number of rules on one cell (0 when nothing is covered). */
  public int maxScore() {
    return cells.stream().mapToInt(c -> c.ruleIds().size()).max().orElse(0);
  }

  /**
   * The tactic × technique matrix as text: one block per tactic in matrix order (tactics without
   * coverage are listed with {@code -}), one line per technique with its rule count, then the
   * totals.
   */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("ATT&CK ")
        .append(table.version())
        .append(" (Enterprise) coverage: ")
        .append(entriesCounted)
        .append(" enabled rule(s) with mappings")
        .append(disabledLeftOut == 0 ? "" : ", " + disabledLeftOut + " disabled not counted")
        .append('\n');
    for (String tactic : table.tactics()) {
      List<Cell> of = cellsOf(tactic);
      sb.append('\n')
          .append(table.tacticName(tactic).orElse(tactic))
          .append(" (")
          .append(tactic)
          .append(")")
          .append(of.isEmpty() ? "  -" : "  " + of.size() + " technique(s)")
          .append('\n');
      int width = of.stream().mapToInt(c -> c.techniqueId().length()).max().orElse(0);
      for (Cell c : of) {
        sb.append(
            String.format(
                "  %4d  %-" + width + "s  %s%n",
                c.ruleIds().size(),
                c.techniqueId(),
                table.techniqueName(c.techniqueId()).orElse("")));
      }
    }
    sb.append('\n')
        .append(cells.size())
        .append(" tactic/technique pair(s) covered, ")
        .append(cells.stream().map(Cell::techniqueId).distinct().count())
        .append(" technique(s); ")
        .append(findings.size())
        .append(" unsupported mapping(s)\n");
    return sb.toString();
  }

  /**
   * An ATT&amp;CK Navigator layer, format 4.5 (Enterprise): one technique object per covered pair
   * with the tactic's shortname from the same table, {@code score} = number of enabled rules,
   * {@code comment} = their ids joined by {@code ", "}; a white-to-blue gradient from 0 to the
   * highest score (at least 1, as the format requires {@code maxValue > minValue}); {@code
   * versions.attack} = the table's version.
   */
  public String navigatorLayer() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode layer = json.createObjectNode();
    layer.put("name", "Margay rule coverage");
    ObjectNode versions = layer.putObject("versions");
    versions.put("attack", table.version());
    versions.put("navigator", "5.0.0");
    versions.put("layer", "4.5");
    layer.put("domain", "enterprise-attack");
    ArrayNode techniques = layer.putArray("techniques");
    for (Cell c : cells) {
      ObjectNode t = techniques.addObject();
      t.put("techniqueID", c.techniqueId());
      t.put("tactic", table.tacticShortname(c.tacticId()).orElseThrow());
      t.put("score", c.ruleIds().size());
      t.put("comment", String.join(", ", c.ruleIds()));
    }
    ObjectNode gradient = layer.putObject("gradient");
    gradient.putArray("colors").add("#ffffff").add("#66b1ff");
    gradient.put("minValue", 0);
    gradient.put("maxValue", Math.max(1, maxScore()));
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(layer) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
