/**
 * A read-only view of one JSON event, backed by Jackson: parsing with safe limits
 * ({@link dev.margay.event.EventParser}), and resolution of field paths that keeps an absent field
 * apart from a JSON {@code null} ({@link dev.margay.event.FieldValue}).
 */
package dev.margay.event;
