package dev.margay.bench;

import dev.margay.flink.MargayDetectFunction;
import dev.margay.loader.RuleBundle;
import dev.margay.wire.MatchRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Flink events/s on a local environment: the bench file repeated, the 109 corpus rules in a {@link
 * MargayDetectFunction} at parallelism 1 and 2, beside the same job with an identity map instead
 * (the engine's share). Not part of the test run: {@code mvn -B -Pbench test-compile exec:exec
 * -Dbench.main=dev.margay.bench.FlinkThroughput -Djmh.args=} (run from the repository root, with
 * {@code ../shared} beside it).
 */
public final class FlinkThroughput {
  private FlinkThroughput() {}

  /** An identity over the bytes: what the job costs without Margay. */
  static final class Identity implements MapFunction<byte[], byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] map(byte[] value) {
      return value;
    }
  }

  public static void main(String[] args) throws Exception {
    int copies = 30;
    List<byte[]> events = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(
                    Files.newInputStream(Path.of("../shared/bench/cloudtrail-real.jsonl.gz"))),
                StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        events.add(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    List<byte[]> all = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      all.addAll(events);
    }
    RuleBundle rules =
        RuleBundle.fromPaths(Path.of("../shared/conformance/panther-cloudtrail")).withoutTests();
    for (int round = 0; round < 3; round++) { // the first round warms the JVM up
      for (int parallelism : new int[] {1, 2}) {
        for (boolean engine : new boolean[] {false, true}) {
          Configuration conf = new Configuration();
          conf.set(PipelineOptions.GENERIC_TYPES, false);
          StreamExecutionEnvironment env =
              StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
          DataStream<byte[]> source =
              env.fromData(all, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO).rebalance();
          if (engine) {
            source
                .process(new MargayDetectFunction(rules), TypeInformation.of(MatchRecord.class))
                .sinkTo(new DiscardingSink<>());
          } else {
            source
                .map(new Identity(), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                .sinkTo(new DiscardingSink<>());
          }
          long start = System.nanoTime();
          env.execute("throughput");
          double s = (System.nanoTime() - start) / 1e9;
          System.out.printf(
              "round %d parallelism %d %-8s %,d events in %.2f s = %,.0f events/s%n",
              round, parallelism, engine ? "margay" : "identity", all.size(), s, all.size() / s);
        }
      }
    }
  }
}
