/**
 * The wire format: flat, serializable match and alert records (strings, numbers, epoch
 * milliseconds, JSON text) and their JSON codec, which is exactly what {@code margay scan} prints.
 * Stream processors (Flink, Kafka Streams) carry these across network edges and state; the CLI
 * renders through the same codec, so there is one definition of the output. Depends on {@code
 * engine}, {@code alert} and {@code input}.
 */
package dev.margay.wire;
