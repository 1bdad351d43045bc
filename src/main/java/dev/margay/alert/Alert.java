package dev.margay.alert;

import dev.margay.engine.Match;
import dev.margay.rule.Severity;
import java.time.Instant;
import java.util.Objects;

/**
 * An alert: the matches of one rule with one dedup key inside one dedup window, at least
 * {@code threshold} of them.
 *
 * @param firstEventTime time of the first match's event; null when no match had a readable time
 * @param lastEventTime time of the latest match's event; null likewise
 * @param firstMatch the match that opened the window (its severity and title are the alert's)
 */
public record Alert(String ruleId, String dedupKey, Severity severity, String title, Instant firstEventTime,
    Instant lastEventTime, int matchCount, int threshold, int dedupPeriodMinutes, Match firstMatch) {
  public Alert {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(firstMatch, "firstMatch");
  }
}
