/**
 * Margay on Apache Flink (DataStream API; compiled against Flink 2.2, the same source runs on 1.20
 * and 2.x). Flink is a {@code provided}, optional dependency: these classes load only where the job
 * brings Flink. {@link dev.margay.flink.MargayPipeline#alerts} wires a {@code DataStream<byte[]>}
 * of JSON events into matches, alerts, bad events and late matches; the pieces are usable alone:
 * {@link dev.margay.flink.MargayDetectFunction} (rules to matches, the engine built once per JVM
 * per rule set), {@link dev.margay.flink.MargayAlertFunction} (dedup windows on keyed state and
 * event-time timers), {@link dev.margay.flink.MargayWatermarks} (event time from the raw bytes) and
 * {@link dev.margay.flink.JsonLinesFormat} (a {@code FileSource} format). Records crossing the
 * network are the flat {@link dev.margay.wire} records, so jobs run with {@code
 * pipeline.generic-types: false}.
 */
package dev.margay.flink;
