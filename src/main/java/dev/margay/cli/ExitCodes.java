package dev.margay.cli;

/** The CLI's exit codes, as documented in {@code --help} and the README. */
final class ExitCodes {
  private ExitCodes() {}

  static final int OK = 0;

  /** Test failures, rule files that do not load. */
  static final int FAILURES = 1;

  /** Bad command line. */
  static final int USAGE = 2;

  /** Input that could not be read, or output that could not be written (a full disk). */
  static final int UNREADABLE_INPUT = 3;
}
