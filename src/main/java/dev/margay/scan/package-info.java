/**
 * Scanning inputs with rules: {@link dev.margay.scan.EventScanner} reads files and streams ({@code
 * dev.margay.input}), evaluates their events on worker threads ({@code dev.margay.engine}) and
 * hands each record's outcome to a {@link dev.margay.scan.ScanListener} in input order, with
 * bounded memory. What {@code margay scan} runs; output, alerts and summaries are the caller's.
 */
package dev.margay.scan;
