/**
 * Reads events from files and streams: records are framed on the bytes first (JSON Lines, objects
 * back to back, JSON arrays, CloudTrail {@code {"Records": [...]}} documents, streamed record by
 * record), then parsed one by one, with envelopes ({@code lookup-events}, EventBridge, CloudWatch
 * Logs) unwrapped and digests skipped; any of it gzip-compressed. Bad records are reported with
 * their position and never stop the reading. {@link dev.margay.input.EventReader#read} delivers
 * records one by one; {@link dev.margay.input.EventReader#readBatches} hands out framed {@link
 * dev.margay.input.RecordBatch}es to decode on other threads (as {@code dev.margay.scan} does).
 */
package dev.margay.input;
