package dev.margay.cli;

import dev.margay.lint.AttackTable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The ATT&amp;CK table a command uses: {@code --attack-table FILE}, else the one bundled in the
 * jar.
 */
final class AttackOption {
  private AttackOption() {}

  /** Help text of {@code --attack-table}. */
  static final String HELP =
      "An ATT&CK name table in the format of the bundled one (id, kind, tactics, name, status; "
          + "a '# MITRE ATT&CK Enterprise <version>:' comment), e.g. a newer version. Default: the bundled table.";

  /**
   * The table, or null when none is given and the jar has none.
   *
   * @throws Rules.Unreadable if the given file cannot be read or is not such a table
   */
  static AttackTable table(Path file) throws Rules.Unreadable {
    if (file == null) {
      return AttackTable.bundled().orElse(null);
    }
    try {
      return AttackTable.read(file);
    } catch (IOException e) {
      throw new Rules.Unreadable("cannot read the ATT&CK table " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new Rules.Unreadable("not an ATT&CK table: " + e.getMessage());
    }
  }
}
