/**
 * The {@code margay} command line: {@code test} replays rule files' tests, {@code scan} evaluates
 * events. The only package that writes to stdout/stderr or chooses exit codes.
 */
package dev.margay.cli;
