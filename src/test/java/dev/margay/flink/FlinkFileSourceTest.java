package dev.margay.flink;

import static dev.margay.flink.FlinkPipelineTest.assertSame;
import static dev.margay.flink.FlinkPipelineTest.drain;
import static dev.margay.flink.FlinkPipelineTest.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.wire.AlertRecord;
import dev.margay.wire.BadEvent;
import dev.margay.wire.MatchRecord;
import dev.margay.wire.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EventFileFormat} on a directory of the bench file's 3,313 events as CloudTrail delivers
 * them: a gzip'd {@code Records} file, a JSON Lines file holding a broken record and a digest, and
 * a gzip'd file whose name does not say so. The job's matches are {@code engine.evaluate}'s, its
 * alerts {@code scan --alerts}', the broken record is one located bad event, also across a forced
 * failure and a restart from a checkpoint; a reader restored at a record's position goes on with
 * exactly the records after it.
 */
class FlinkFileSourceTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  /**
   * The three files interleave 2023 and 2024 events read in any order: a bound over the whole span.
   */
  static final Duration COVERS_SPAN = Duration.ofDays(3650);

  /** Where the events split into files. */
  static final int RECORDS_END = 1400;

  static final int LINES_END = 2800;

  /** The broken record's line in {@code events.jsonl}. */
  static final int BROKEN_LINE = 101;

  @TempDir static Path dir;

  @BeforeAll
  static void files() throws Exception {
    FlinkPipelineTest.reference();
    List<String> lines = FlinkPipelineTest.lines();
    StringBuilder doc = new StringBuilder("{\"Records\": [\n");
    for (int i = 0; i < RECORDS_END; i++) {
      doc.append(i > 0 ? ",\n" : "").append(lines.get(i));
    }
    doc.append("\n]}\n");
    Files.write(dir.resolve("records.json.gz"), gzip(doc.toString()));
    StringBuilder jsonl = new StringBuilder();
    for (int i = RECORDS_END; i < LINES_END; i++) {
      if (i == RECORDS_END + BROKEN_LINE - 1) {
        jsonl.append("{\"eventName\": \"broken\"\n"); // never closed: the next line starts a record
        jsonl.append("{\"digestStartTime\":\"2024-01-01T00:00:00Z\",\"logFiles\":[]}\n");
      }
      jsonl.append(lines.get(i)).append('\n');
    }
    Files.writeString(dir.resolve("events.jsonl"), jsonl);
    StringBuilder tail = new StringBuilder();
    for (int i = LINES_END; i < lines.size(); i++) {
      tail.append(lines.get(i)).append('\n');
    }
    Files.write(dir.resolve("tail.json"), gzip(tail.toString())); // gzip, found by content
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  static DataStream<FileRecord> files(StreamExecutionEnvironment env) {
    return env.fromSource(
        FileSource.forBulkFileFormat(
                new EventFileFormat(), new org.apache.flink.core.fs.Path(dir.toUri()))
            .build(),
        WatermarkStrategy.noWatermarks(),
        "files");
  }

  static void assertTheBrokenRecordIsOneLocatedBadEvent(List<BadEvent> bad) {
    assertThat(bad)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.sourceFile()).endsWith("events.jsonl");
              assertThat(b.line()).isEqualTo(BROKEN_LINE);
              assertThat(b.code()).isEqualTo("json-syntax");
              assertThat(b.reason()).contains("a line starting in its first column");
            });
  }

  @Test
  void aDirectoryOfCloudTrailFilesGivesTheEnginesMatchesAndScansAlerts() throws Exception {
    StreamExecutionEnvironment env = FlinkPipelineTest.env(new Configuration());
    MargayPipeline.Result r =
        MargayPipeline.alertsOfFiles(
            files(env),
            FlinkPipelineTest.rules,
            MargayPipeline.Options.defaults().maxOutOfOrderness(COVERS_SPAN));
    CloseableIterator<MatchRecord> matches = r.matches().collectAsync();
    CloseableIterator<AlertRecord> alerts = r.alerts().collectAsync();
    CloseableIterator<BadEvent> bad = r.badEvents().collectAsync();
    CloseableIterator<MatchRecord> late = r.lateMatches().collectAsync();
    env.execute("files");
    assertSame(
        sorted(drain(matches).stream().map(WireCodec::streamMatch).toList()),
        FlinkPipelineTest.referenceMatches);
    assertSame(
        sorted(drain(alerts).stream().map(WireCodec::alert).toList()),
        FlinkPipelineTest.referenceAlerts);
    assertTheBrokenRecordIsOneLocatedBadEvent(drain(bad));
    assertThat(drain(late)).isEmpty();
  }

  static final java.util.concurrent.atomic.AtomicInteger FAILURES =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Fails once, at the {@code failAt}th record of the first subtask to get there, slowly enough for
   * checkpoints before.
   */
  static final class FailOnce extends RichMapFunction<FileRecord, FileRecord> {
    private static final long serialVersionUID = 1L;
    private final int failAt;
    private transient int seen;
    private transient boolean firstAttempt;

    FailOnce(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public void open(OpenContext context) {
      firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
    }

    @Override
    public FileRecord map(FileRecord value) throws Exception {
      if (firstAttempt) {
        Thread.sleep(1);
        // The first subtask there fails (the MiniCluster runs in this JVM); the other goes on.
        if (++seen == failAt && FAILURES.compareAndSet(0, 1)) {
          throw new IllegalStateException("forced failure at record " + failAt);
        }
      }
      return value;
    }
  }

  @Test
  void aFailureAndRestartFromACheckpointMidFileLosesAndDuplicatesNothing() throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = FlinkPipelineTest.env(conf);
    env.enableCheckpointing(100);
    FAILURES.set(0);
    // A subtask fails at its 1,000th record, inside a file (the files hold 1,400, 1,402 and 513):
    // however the three files are shared, one subtask reads 1,000 records or more.
    DataStream<FileRecord> records =
        files(env).map(new FailOnce(1000), TypeInformation.of(FileRecord.class));
    MargayPipeline.Result r =
        MargayPipeline.alertsOfFiles(
            records,
            FlinkPipelineTest.rules,
            MargayPipeline.Options.defaults().maxOutOfOrderness(COVERS_SPAN));
    // collect hands out only checkpointed results: what an exactly-once sink commits.
    CloseableIterator<MatchRecord> matches = r.matches().collectAsync();
    CloseableIterator<AlertRecord> alerts = r.alerts().collectAsync();
    CloseableIterator<BadEvent> bad = r.badEvents().collectAsync();
    env.execute("files-with-failure");
    assertThat(FAILURES.get()).as("forced failures").isEqualTo(1);
    List<String> matched = sorted(drain(matches).stream().map(WireCodec::streamMatch).toList());
    assertSame(matched, FlinkPipelineTest.referenceMatches);
    List<String> alerted = sorted(drain(alerts).stream().map(WireCodec::alert).toList());
    assertSame(alerted, FlinkPipelineTest.referenceAlerts);
    assertThat(alerted).doesNotHaveDuplicates();
    assertTheBrokenRecordIsOneLocatedBadEvent(drain(bad));
  }

  /** Every record of a file with the position Flink checkpoints after it. */
  static List<RecordAndPosition<String>> read(BulkFormat.Reader<FileRecord> reader)
      throws IOException {
    List<RecordAndPosition<String>> out = new ArrayList<>();
    try (reader) {
      BulkFormat.RecordIterator<FileRecord> batch;
      while ((batch = reader.readBatch()) != null) {
        RecordAndPosition<FileRecord> r;
        while ((r = batch.next()) != null) {
          out.add(
              new RecordAndPosition<>(
                  r.getRecord().toString(), r.getOffset(), r.getRecordSkipCount()));
        }
        batch.releaseBatch();
      }
    }
    return out;
  }

  @Test
  void aReaderRestoredAtARecordsPositionGoesOnWithTheRecordsAfterIt() throws IOException {
    EventFileFormat format = new EventFileFormat();
    for (String name : List.of("records.json.gz", "events.jsonl", "tail.json")) {
      Path file = dir.resolve(name);
      long size = Files.size(file);
      FileSourceSplit split =
          new FileSourceSplit(
              name, new org.apache.flink.core.fs.Path(file.toUri()), 0, size, 0, size);
      List<RecordAndPosition<String>> all = read(format.createReader(new Configuration(), split));
      assertThat(all).hasSizeGreaterThan(500);
      for (int k = 0; k < all.size(); k += 97) {
        RecordAndPosition<String> at = all.get(k);
        List<RecordAndPosition<String>> rest =
            read(
                format.restoreReader(
                    new Configuration(),
                    split.updateWithCheckpointedPosition(
                        new CheckpointedPosition(at.getOffset(), at.getRecordSkipCount()))));
        assertThat(rest.stream().map(RecordAndPosition::getRecord).toList())
            .as("%s restored after record %d", name, k)
            .isEqualTo(
                all.subList(k + 1, all.size()).stream().map(RecordAndPosition::getRecord).toList());
      }
    }
    // Inside the Records document a record's position is the document's start and its index.
    List<RecordAndPosition<String>> records =
        read(
            format.createReader(
                new Configuration(),
                new FileSourceSplit(
                    "r",
                    new org.apache.flink.core.fs.Path(dir.resolve("records.json.gz").toUri()),
                    0,
                    1,
                    0,
                    1)));
    assertThat(records).hasSize(RECORDS_END);
    assertThat(records.get(RECORDS_END - 1).getOffset()).isZero();
    assertThat(records.get(RECORDS_END - 1).getRecordSkipCount()).isEqualTo(RECORDS_END);
  }
}
