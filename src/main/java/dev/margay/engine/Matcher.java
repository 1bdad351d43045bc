package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A compiled condition. {@code scope} is the event, or inside a list comprehension the current
 * element.
 */
@FunctionalInterface
interface Matcher {
  boolean test(Evaluation evaluation, JsonNode scope);
}
