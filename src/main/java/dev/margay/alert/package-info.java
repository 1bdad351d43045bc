/**
 * Groups {@link dev.margay.engine.Match}es into alerts the way Panther does: per rule and dedup key, in
 * event-time order, a window of {@code DedupPeriodMinutes} opened by the first match, raised once
 * {@code Threshold} matches fall in it. {@link dev.margay.alert.AlertWindows} holds that rule as pure
 * functions over the serializable {@link dev.margay.alert.AlertWindow}; {@link dev.margay.alert.AlertGrouper}
 * applies it exactly for any arrival order, {@link dev.margay.alert.StreamingAlertGrouper} as matches stream
 * in with a bounded disorder (a watermark), handing late matches to the caller.
 */
package dev.margay.alert;
