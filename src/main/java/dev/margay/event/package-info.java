/**
 * A read-only view of one JSON event, backed by Jackson: parsing with safe limits ({@link
 * dev.margay.event.EventParser}), and resolution of field paths that keeps an absent field apart
 * from a JSON {@code null} ({@link dev.margay.event.FieldValue}). Panther's ingestion model: event
 * time as Panther reads and writes it ({@link dev.margay.event.EventTime}), and the standard {@code
 * p_} fields it adds ({@link dev.margay.event.StandardFields}, {@link
 * dev.margay.event.Indicators}).
 */
package dev.margay.event;
