/**
 * Not API: the parts of event handling that {@code engine}, {@code lint} and {@code alert} share
 * with {@code event} (prepared field-path lookups, read-only JSON trees). Public only so that those
 * packages can reach them; no compatibility promise, no Javadoc, and {@code ArchitectureTest} fails
 * when any other package uses them.
 */
package dev.margay.event.internal;
