package dev.margay.condition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The lookup every keyword table of this package shares: each spelling maps to one constant,
 * indexed once when the enum is initialised. Immutable and thread-safe.
 */
final class Keywords<E extends Enum<E>> {
  private final Map<String, E> bySpelling;

  /**
   * @throws IllegalStateException if two constants claim one spelling (a mistake in the table)
   */
  Keywords(E[] constants, Function<E, List<String>> spellings) {
    Map<String, E> map = new HashMap<>();
    for (E constant : constants) {
      for (String spelling : spellings.apply(constant)) {
        E previous = map.put(spelling, constant);
        if (previous != null) {
          throw new IllegalStateException(
              "'" + spelling + "' names both " + previous + " and " + constant);
        }
      }
    }
    this.bySpelling = Map.copyOf(map);
  }

  /** The constant spelled exactly {@code spelling}; empty for any other text, including null. */
  Optional<E> find(String spelling) {
    return spelling == null ? Optional.empty() : Optional.ofNullable(bySpelling.get(spelling));
  }
}
