package dev.margay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.Literal;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The numbers of a numeric {@code IsIn}, hashed by value, so that a lookup costs the same for a
 * list of three ports or of thousands, whatever the event's number looks like ({@code 22}, {@code
 * 22.0}, {@code 2.2e1}, {@code 1e300}). Equality is numeric, as for {@code Equals} ({@code 22 ==
 * 22.0}); NaN and infinities equal nothing. Immutable and thread-safe.
 */
final class NumberSet {
  private static final long EMPTY = Long.MIN_VALUE;

  /** Integral values that fit a long, in an open-addressing table (EMPTY marks a free slot). */
  private final long[] table;

  private final int mask;
  private final boolean hasMinValue;

  /** Every value, normalized (see {@link #normalize}). */
  private final Set<BigDecimal> decimals;

  NumberSet(List<Literal> numbers) {
    Set<BigDecimal> all = new HashSet<>();
    Set<Long> longs = new HashSet<>();
    for (Literal literal : numbers) {
      if (!(literal instanceof Literal.Num number)) {
        throw new IllegalArgumentException("a NumberSet holds numbers, not " + literal);
      }
      BigDecimal d = normalize(number.value());
      all.add(d);
      if (d.scale() <= 0 && d.precision() - d.scale() <= 19) {
        try {
          longs.add(d.longValueExact());
        } catch (ArithmeticException e) {
          // integral but beyond a long: only an event number of the same size can equal it
        }
      }
    }
    decimals = Set.copyOf(all);
    int capacity = Integer.highestOneBit(Math.max(4, longs.size() * 2)) * 2;
    table = new long[capacity];
    java.util.Arrays.fill(table, EMPTY);
    mask = capacity - 1;
    boolean min = false;
    for (long v : longs) {
      if (v == EMPTY) {
        min = true;
        continue;
      }
      int i = slot(v);
      while (table[i] != EMPTY) {
        i = (i + 1) & mask;
      }
      table[i] = v;
    }
    hasMinValue = min;
  }

  /** Whether the event value is a number equal to one of the set's. */
  boolean contains(JsonNode v) {
    if (v.isInt() || v.isLong()) {
      return containsLong(v.longValue());
    }
    if (!v.isNumber() || ((v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue()))) {
      return false;
    }
    return decimals.contains(normalize(v.decimalValue()));
  }

  private boolean containsLong(long v) {
    if (v == EMPTY) {
      return hasMinValue;
    }
    for (int i = slot(v); ; i = (i + 1) & mask) {
      long t = table[i];
      if (t == v) {
        return true;
      }
      if (t == EMPTY) {
        return false;
      }
    }
  }

  private int slot(long v) {
    long h = v * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  /**
   * One representation per numeric value ({@code 22}, {@code 22.0} and {@code 2.2E+1} alike), so
   * that {@link BigDecimal#equals} and {@code hashCode} agree with numeric equality.
   */
  static BigDecimal normalize(BigDecimal d) {
    return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
  }
}
