package dev.margay.flink;

import dev.margay.input.RecordReader;
import dev.margay.wire.BadEvent;

/**
 * One record of an input file as {@link EventFileFormat} reads it: exactly one of an event's JSON
 * bytes, a bad record (with its file position and reason), or a document skipped as no event. A
 * Flink POJO (public fields, no-argument constructor), so it crosses network edges with {@code
 * pipeline.generic-types: false}; {@link MargayPipeline#alertsOfFiles} routes the three kinds.
 */
public class FileRecord {
  /** The event's JSON (UTF-8), or null. */
  public byte[] event;

  /** A record that is not an event, or null. */
  public BadEvent bad;

  /** What was skipped and where ({@code s3://b/k.json.gz:1: CloudTrail-Digest file}), or null. */
  public String skipped;

  /** An empty record (for Flink's POJO serializer). */
  public FileRecord() {}

  /** The record of an item of {@link RecordReader}. */
  public static FileRecord of(RecordReader.Item item) {
    FileRecord r = new FileRecord();
    switch (item.kind()) {
      case EVENT -> r.event = item.bytes();
      case BAD -> r.bad = BadEvent.at(item.position(), item.code(), item.reason());
      case SKIPPED -> r.skipped = item.position() + ": " + item.reason();
    }
    return r;
  }

  @Override
  public String toString() {
    return event != null
        ? new String(event, java.nio.charset.StandardCharsets.UTF_8)
        : bad != null ? bad.toString() : "skipped " + skipped;
  }
}
