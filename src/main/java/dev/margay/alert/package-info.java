/**
 * Groups {@link dev.margay.engine.Match}es into alerts the way Panther does: per rule and dedup key, a
 * window of {@code DedupPeriodMinutes} opened by the first match, raised once {@code Threshold} matches
 * fall in it.
 */
package dev.margay.alert;
