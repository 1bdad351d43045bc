package dev.margay.lint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MITRE ATT&amp;CK Enterprise tactics and techniques, one version, read from the tab-separated
 * table of {@code ../shared/attack/} (columns {@code id}, {@code kind}, {@code tactics}, {@code
 * name}, {@code status}; {@code #} comments; the first comment names the version, e.g. {@code #
 * MITRE ATT&CK Enterprise 18.1: ...}). The build copies that table, with MITRE's licence, into the
 * jar under {@code dev/margay/lint/attack/} when {@code ../shared/attack} exists; {@link
 * #bundled()} is empty otherwise and the ATT&amp;CK lint is skipped. A newer table in the same
 * format can be read with {@link #read(Path)}. Immutable and thread-safe.
 *
 * <p>ATT&amp;CK® data © The MITRE Corporation, reproduced and distributed with its permission
 * ({@code LICENSE-ATTACK.txt} beside the table).
 */
public final class AttackTable {
  /** The table the build bundles, as a class-path resource. */
  public static final String BUNDLED_RESOURCE =
      "/dev/margay/lint/attack/enterprise-attack-18.1.tsv";

  private static final Pattern VERSION = Pattern.compile("#\\s*MITRE ATT&CK Enterprise (\\S+?):");

  /**
   * One row. {@code tactics}: a tactic's own shortname, or the shortnames of a technique's tactics.
   */
  record Entry(String id, String kind, List<String> tactics, String name, String status) {}

  private final String version;
  private final Map<String, Entry> byId;
  private final List<String> tacticOrder;

  private AttackTable(String version, Map<String, Entry> byId, List<String> tacticOrder) {
    this.version = version;
    this.byId = Map.copyOf(byId);
    this.tacticOrder = List.copyOf(tacticOrder);
  }

  /** The table bundled in the jar; empty when the build had no {@code ../shared/attack}. */
  public static Optional<AttackTable> bundled() {
    return Holder.BUNDLED;
  }

  private static final class Holder {
    static final Optional<AttackTable> BUNDLED = load();

    private static Optional<AttackTable> load() {
      try (InputStream in = AttackTable.class.getResourceAsStream(BUNDLED_RESOURCE)) {
        return in == null
            ? Optional.empty()
            : Optional.of(
                parse(new InputStreamReader(in, StandardCharsets.UTF_8), BUNDLED_RESOURCE));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Reads a table in the format above.
   *
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException if a line has not five columns or the version comment is
   *     missing
   */
  public static AttackTable read(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(r, file.toString());
    }
  }

  static AttackTable parse(Reader reader, String name) throws IOException {
    String version = null;
    Map<String, Entry> rows = new HashMap<>();
    List<String> tactics = new java.util.ArrayList<>();
    BufferedReader in = new BufferedReader(reader);
    boolean header = true;
    int lineNumber = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNumber++;
      if (line.startsWith("#")) {
        Matcher m = VERSION.matcher(line);
        if (version == null && m.find()) {
          version = m.group(1);
        }
        continue;
      }
      if (line.isBlank()) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      if (cols.length != 5) {
        throw new IllegalArgumentException(
            name + ":" + lineNumber + ": expected 5 tab-separated columns, found " + cols.length);
      }
      if (header) {
        header = false;
        continue;
      }
      rows.put(cols[0], new Entry(cols[0], cols[1], List.of(cols[2].split(",")), cols[3], cols[4]));
      if (cols[1].equals("tactic")) {
        tactics.add(cols[0]);
      }
    }
    if (version == null) {
      throw new IllegalArgumentException(
          name + ": no '# MITRE ATT&CK Enterprise <version>:' comment");
    }
    return new AttackTable(version, rows, tactics);
  }

  /** The ATT&amp;CK version the table holds ({@code 18.1}). */
  public String version() {
    return version;
  }

  Optional<Entry> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The tactic ids in the order of the table, which is ATT&amp;CK's matrix order ({@code TA0043}
   * first).
   */
  public List<String> tactics() {
    return tacticOrder;
  }

  /**
   * A tactic's name ({@code TA0005} → {@code Defense Evasion} in 18.1); empty for an unknown id.
   */
  public Optional<String> tacticName(String tacticId) {
    return get(tacticId).filter(e -> e.kind().equals("tactic")).map(Entry::name);
  }

  /**
   * A tactic's shortname, as ATT&amp;CK Navigator layers name tactics ({@code TA0005} → {@code
   * defense-evasion} in 18.1); empty for an unknown id.
   */
  public Optional<String> tacticShortname(String tacticId) {
    return get(tacticId).filter(e -> e.kind().equals("tactic")).map(e -> e.tactics().get(0));
  }

  /**
   * A technique's name; a sub-technique's is its parent's name, {@code ": "}, its own ({@code
   * T1562.001} → {@code Impair Defenses: Disable or Modify Tools}), as attack.mitre.org titles
   * them. Empty for an unknown id; revoked and deprecated techniques keep their names.
   */
  public Optional<String> techniqueName(String techniqueId) {
    Optional<Entry> t = get(techniqueId).filter(e -> !e.kind().equals("tactic"));
    if (t.isEmpty()) {
      return Optional.empty();
    }
    int dot = techniqueId.indexOf('.');
    String parent =
        dot < 0 ? null : get(techniqueId.substring(0, dot)).map(Entry::name).orElse(null);
    return Optional.of(parent == null ? t.get().name() : parent + ": " + t.get().name());
  }

  /**
   * One consistent mapping with names from this table: {@code Defense Evasion (TA0005) · T1562
   * Impair Defenses}; empty when {@link #check} finds a problem, so that names of one version are
   * never printed for a pairing that version does not hold.
   */
  public Optional<String> describe(String mapping) {
    if (check(mapping).isPresent()) {
      return Optional.empty();
    }
    Matcher m = MAPPING.matcher(mapping);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        tacticName(m.group(1)).orElseThrow()
            + " ("
            + m.group(1)
            + ") \u00b7 "
            + m.group(2)
            + " "
            + techniqueName(m.group(2)).orElseThrow());
  }

  private static final Pattern MAPPING = Pattern.compile("(TA\\d+):(T\\d+(?:\\.\\d+)?)");

  /**
   * What is wrong with one {@code Reports: MITRE ATT&CK} item ({@code TA0005:T1562}) in this
   * version, or empty when it is consistent: not of the form {@code TA####:T####[.###]}, an unknown
   * tactic, an unknown technique, a technique not in that tactic, a revoked or deprecated
   * technique. Every message names the version.
   */
  public Optional<String> check(String mapping) {
    Matcher m = MAPPING.matcher(mapping);
    if (!m.matches()) {
      return Optional.of(
          "'"
              + mapping
              + "' is not an ATT&CK mapping of the form TA####:T#### or TA####:T####.###");
    }
    String tacticId = m.group(1);
    String techniqueId = m.group(2);
    Optional<Entry> tactic = get(tacticId).filter(e -> e.kind().equals("tactic"));
    if (tactic.isEmpty()) {
      return Optional.of("unknown tactic " + tacticId + " in ATT&CK " + version + " (Enterprise)");
    }
    Optional<Entry> technique = get(techniqueId).filter(e -> !e.kind().equals("tactic"));
    if (technique.isEmpty()) {
      return Optional.of(
          "unknown technique " + techniqueId + " in ATT&CK " + version + " (Enterprise)");
    }
    Entry t = technique.get();
    if (!t.status().equals("active")) {
      return Optional.of(
          techniqueId + " (" + t.name() + ") is " + t.status() + " in ATT&CK " + version);
    }
    String shortname = tactic.get().tactics().get(0);
    if (!t.tactics().contains(shortname)) {
      return Optional.of(
          techniqueId
              + " ("
              + t.name()
              + ") is not in "
              + tacticId
              + " ("
              + shortname
              + ") in ATT&CK "
              + version
              + "; it is in "
              + String.join(", ", t.tactics()));
    }
    return Optional.empty();
  }
}
