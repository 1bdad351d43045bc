package dev.margay.loader;

/** A stable name for each kind of loading problem, for tools (SARIF, JSON) and tests. */
public enum ProblemCode {
  /** The file is not well-formed YAML. */
  YAML_SYNTAX,
  /** A safety limit was hit: aliases, nesting depth, size, recursive keys. */
  LIMIT,
  /**
   * A YAML tag outside the core schema (e.g. {@code !!python/object}); nothing is ever constructed
   * from it.
   */
  UNSAFE_TAG,
  /** Not valid UTF-8. */
  ENCODING,
  /** No YAML document at all. */
  EMPTY,
  /** More than one YAML document. */
  MULTIPLE_DOCUMENTS,
  /** The same key twice in one mapping. */
  DUPLICATE_KEY,
  /** A key the schema does not have. */
  UNKNOWN_KEY,
  /** A required key is missing. */
  MISSING_KEY,
  /** A value of the wrong type (a list where a string belongs, ...). */
  TYPE,
  /** A value of the right type that is not allowed (out of range, empty, an invalid CIDR, ...). */
  BAD_VALUE,
  /** A {@code Condition:} name that does not exist. */
  UNKNOWN_CONDITION,
  /** A match expression whose keys do not fit together (a Value where none belongs, ...). */
  BAD_EXPRESSION,
  /** A compact-syntax condition that does not parse. */
  BAD_CONDITION,
  /** Valid Panther, but not something Margay runs (Python rules, scheduled rules, policies). */
  UNSUPPORTED,
  /** A RuleID that another loaded file already defines. */
  DUPLICATE_RULE_ID,
  /** The file could not be read. */
  UNREADABLE;

  /** The code as written in reports: lower case with dashes ({@code unknown-key}). */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
