package dev.margay.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Routes {@link FileRecord}s: events on as bytes, bad records to {@link MargayPipeline#BAD_EVENTS}
 * (metric {@code margayBadRecords}), skipped documents counted ({@code margaySkippedDocuments}).
 */
final class FileRecordRouter extends ProcessFunction<FileRecord, byte[]> {
  private static final long serialVersionUID = 1L;

  private transient Counter bad;
  private transient Counter skipped;

  @Override
  public void open(OpenContext context) {
    bad = getRuntimeContext().getMetricGroup().counter("margayBadRecords");
    skipped = getRuntimeContext().getMetricGroup().counter("margaySkippedDocuments");
  }

  @Override
  public void processElement(FileRecord record, Context ctx, Collector<byte[]> out) {
    if (record.event != null) {
      out.collect(record.event);
    } else if (record.bad != null) {
      bad.inc();
      ctx.output(MargayPipeline.BAD_EVENTS, record.bad);
    } else {
      skipped.inc();
    }
  }
}
