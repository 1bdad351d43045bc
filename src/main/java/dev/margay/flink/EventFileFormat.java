package dev.margay.flink;

import dev.margay.input.InputFormat;
import dev.margay.input.RecordReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;

/**
 * A {@code FileSource} format for event files as CloudTrail and its neighbours deliver them: S3
 * {@code {"Records": [...]}} files, JSON Lines, objects back to back (Firehose), arrays, {@code
 * lookup-events} output, EventBridge and CloudWatch Logs envelopes, gzip'd or not: everything
 * {@code margay scan} reads, found by content ({@link RecordReader}), never by file name. Use it
 * with {@code FileSource.forBulkFileFormat(new EventFileFormat(), paths)} and {@link
 * MargayPipeline#alertsOfFiles}.
 *
 * <p>Each record becomes a {@link FileRecord}: an event's bytes (not parsed here; the detect
 * function parses each once), a bad record located in its file ({@code file:line [record N]}, byte
 * offset), or a skipped document. Gzip is decompressed here by content, so the file system must
 * hand over the file's own bytes: Flink decompresses {@code .gz} files only for {@code
 * StreamFormat}s, never for a {@code BulkFormat} like this one.
 *
 * <p>Checkpoints: every record carries its exact resume position ({@link RecordReader.Position}: a
 * restart offset in the decompressed file and the records to skip after it; inside a {@code
 * Records} document, the document's start and the record's index), so a restored reader re-reads
 * the bytes before the offset without parsing them and goes on with the record after the last one
 * checkpointed: none lost, none twice. Files are not split (a gzip stream and a {@code Records}
 * document can only be read from their start): one file is one split. A file that cannot be read
 * further (corrupt gzip, a gzip bomb, UTF-16) fails the reading task with the {@link
 * dev.margay.input.InputException}, after the records before the damage.
 */
public final class EventFileFormat implements BulkFormat<FileRecord, FileSourceSplit> {
  private static final long serialVersionUID = 1L;

  /** Records handed to Flink per batch, at most. */
  static final int BATCH_RECORDS = 512;

  private final InputFormat format;

  /** Finds the format of every file by content, record by record. */
  public EventFileFormat() {
    this(null);
  }

  /**
   * Reads every file as {@code format} (as {@code scan --format}); null: by content.
   *
   * @param format the format to force, or null
   */
  public EventFileFormat(InputFormat format) {
    this.format = format;
  }

  @Override
  public BulkFormat.Reader<FileRecord> createReader(Configuration config, FileSourceSplit split)
      throws IOException {
    return open(split, RecordReader.Position.START);
  }

  @Override
  public BulkFormat.Reader<FileRecord> restoreReader(Configuration config, FileSourceSplit split)
      throws IOException {
    CheckpointedPosition p = split.getReaderPosition().orElse(null);
    return open(
        split,
        p == null || p.getOffset() == CheckpointedPosition.NO_OFFSET
            ? RecordReader.Position.START
            : new RecordReader.Position(p.getOffset(), p.getRecordsAfterOffset()));
  }

  private Reader open(FileSourceSplit split, RecordReader.Position from) throws IOException {
    Path path = split.path();
    java.io.InputStream in = path.getFileSystem().open(path);
    try {
      return new Reader(RecordReader.open(path.toString(), in, format, from));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** False: one file is one split. */
  @Override
  public boolean isSplittable() {
    return false;
  }

  @Override
  public TypeInformation<FileRecord> getProducedType() {
    return TypeInformation.of(FileRecord.class);
  }

  private static final class Reader implements BulkFormat.Reader<FileRecord> {
    private final RecordReader records;

    Reader(RecordReader records) {
      this.records = records;
    }

    @Override
    public BulkFormat.RecordIterator<FileRecord> readBatch() throws IOException {
      List<FileRecord> batch = new ArrayList<>();
      List<RecordReader.Position> after = new ArrayList<>();
      RecordReader.Item item;
      while (batch.size() < BATCH_RECORDS && (item = records.next()) != null) {
        batch.add(FileRecord.of(item));
        after.add(records.position());
      }
      return batch.isEmpty() ? null : new Batch(batch, after);
    }

    @Override
    public void close() throws IOException {
      records.close();
    }
  }

  /** A batch whose records each carry the position after them (where a restore goes on). */
  private static final class Batch implements BulkFormat.RecordIterator<FileRecord> {
    private final List<FileRecord> records;
    private final List<RecordReader.Position> after;
    private final MutableRecordAndPosition<FileRecord> current = new MutableRecordAndPosition<>();
    private int next;

    Batch(List<FileRecord> records, List<RecordReader.Position> after) {
      this.records = records;
      this.after = after;
    }

    @Override
    public RecordAndPosition<FileRecord> next() {
      if (next == records.size()) {
        return null;
      }
      RecordReader.Position p = after.get(next);
      current.set(records.get(next++), p.offset(), p.skip());
      return current;
    }

    @Override
    public void releaseBatch() {}
  }
}
