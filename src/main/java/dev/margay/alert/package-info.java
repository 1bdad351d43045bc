/**
 * Groups {@link dev.margay.engine.Match}es into alerts the way Panther does: per rule and dedup
 * key, in event-time order, a window of {@code DedupPeriodMinutes} opened by the first match,
 * raised once {@code Threshold} matches fall in it. {@link dev.margay.alert.AlertWindows} holds
 * that rule as pure functions over the serializable {@link dev.margay.alert.AlertWindow}; {@link
 * dev.margay.alert.AlertGrouper} applies it exactly for any arrival order, {@link
 * dev.margay.alert.StreamingAlertGrouper} as matches stream in with a bounded disorder (a
 * watermark), handing late matches to the caller.
 *
 * <p>Correlation rules: every match is a {@link dev.margay.alert.CorrelationSignal}; {@link
 * dev.margay.alert.Correlator} correlates signals in event-time order per rule and join value,
 * keeping only what the lookback window needs, and raises {@link
 * dev.margay.alert.CorrelationAlert}s; {@link dev.margay.alert.CorrelationGrouper} does it exactly
 * for any arrival order and {@link dev.margay.alert.StreamingCorrelator} with a watermark. The
 * decision is the pure {@link dev.margay.engine.CorrelationLogic}, a local approximation of
 * Panther's backend.
 */
package dev.margay.alert;
