package dev.margay.loader;

import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

/**
 * Plain-scalar resolution exactly as Panther's loader reads rule files: ruamel.yaml's {@code
 * VersionedResolver} for YAML 1.2 (ruamel.yaml 0.18, {@code resolver.py}, the {@code (1, 2)}
 * entries, tried in its order: bool, float, int, merge, null, timestamp, value). So only {@code
 * true}/{@code false} (three spellings) are booleans ({@code Yes}, {@code on} stay strings); {@code
 * 0b}, {@code 0o}, {@code 0x} and underscores make integers ({@code 012} is the integer 12, as
 * ruamel's constructor reads it); {@code 1e3} is a float; {@code <<} is the merge key. A plain
 * timestamp ({@code 2024-01-31}) is read as its text (ruamel would build a date, which no rule
 * condition compares with), and a plain {@code =} resolves to YAML's {@code value} tag, which
 * ruamel's safe loader rejects and so does Margay.
 */
final class Yaml12Resolver implements ScalarResolver {
  static final Tag VALUE = new Tag(Tag.PREFIX + "value");
  static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
  static final Pattern FLOAT =
      Pattern.compile(
          "[-+]?[0-9][0-9_]*\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
              + "|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
              + "|[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?"
              + "|[-+]?\\.(?:inf|Inf|INF)"
              + "|\\.(?:nan|NaN|NAN)");
  static final Pattern INT =
      Pattern.compile("[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+");
  static final Pattern NULL = Pattern.compile("~|null|Null|NULL");

  @Override
  public Tag resolve(String value, Boolean implicit) {
    if (!implicit) {
      return Tag.STR;
    }
    if (value.isEmpty()) {
      return Tag.NULL;
    }
    char c = value.charAt(0);
    if ("tTfF".indexOf(c) >= 0 && BOOL.matcher(value).matches()) {
      return Tag.BOOL;
    }
    boolean numeric = "-+0123456789".indexOf(c) >= 0;
    if ((numeric || c == '.') && FLOAT.matcher(value).matches()) {
      return Tag.FLOAT;
    }
    if (numeric && INT.matcher(value).matches()) {
      return Tag.INT;
    }
    if (value.equals("<<")) {
      return Tag.MERGE;
    }
    if ("~nN".indexOf(c) >= 0 && NULL.matcher(value).matches()) {
      return Tag.NULL;
    }
    if (value.equals("=")) {
      return VALUE;
    }
    return Tag.STR;
  }
}
