package dev.margay.condition;

/**
 * What a condition reads from an event: a {@link FieldPath} (from {@code Key}, {@code DeepKey} or
 * {@code KeyPath}) or an {@link Enrichment} lookup.
 */
public sealed interface Field permits FieldPath, Enrichment {

  /**
   * The path this field reads, relative to the event (or, inside a list comprehension, the
   * element).
   */
  FieldPath path();
}
