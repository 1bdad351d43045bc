package dev.margay.alert;

import dev.margay.engine.Match;
import java.time.Instant;

/**
 * A match that arrived after the watermark had passed its event time: grouping it now could only
 * put it in a wrong window, so a {@link StreamingAlertGrouper} hands it to the caller instead.
 *
 * @param eventTime the match's event time
 * @param watermark the grouper's watermark when it arrived (latest event time seen minus the
 *     disorder bound)
 */
public record LateMatch(Match match, Instant eventTime, Instant watermark) {}
