/**
 * Margay on Kafka Streams (compiled against {@code kafka-streams} 4.2; a {@code provided}, optional
 * dependency). {@link dev.margay.kafka.MargayTopology} builds the topology events topic → matches
 * topic (keyed by rule and dedup key) → alerts topic, with bad records to a dead-letter topic; its
 * alert processor keeps pending matches and open windows in state stores (changelogged, so they
 * survive the loss of local state) and groups in event-time order within a grace bound, as the
 * Flink adapter and {@code margay scan --alerts} do.
 */
package dev.margay.kafka;
