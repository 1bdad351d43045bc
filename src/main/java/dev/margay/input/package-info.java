/**
 * Reads events from files and streams: JSON Lines, a JSON object or array, CloudTrail's S3 delivery
 * format ({@code {"Records": [...]}}, streamed record by record), any of them gzip-compressed. Bad
 * records are reported with their position and never stop the reading.
 */
package dev.margay.input;
