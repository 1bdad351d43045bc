package dev.margay.rule;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map of part names to locations in one file, packed: sorted interned names and one
 * long per entry (line and column), about 12 bytes an entry where {@code Map.copyOf} of records
 * costs about 130. A rule keeps some 30 of them (every key and list item written), so this is most
 * of what a loaded rule holds besides its conditions. Thread-safe.
 */
final class CompactLocations extends AbstractMap<String, SourceLocation> {
  private final String file;
  private final String[] names;
  private final long[] lineColumns;

  private CompactLocations(String file, String[] names, long[] lineColumns) {
    this.file = file;
    this.names = names;
    this.lineColumns = lineColumns;
  }

  /**
   * An immutable copy of {@code locations}: packed when every location is in one file, else {@code
   * Map.copyOf}.
   */
  static Map<String, SourceLocation> copyOf(Map<String, SourceLocation> locations) {
    if (locations instanceof CompactLocations) {
      return locations;
    }
    if (locations.isEmpty()) {
      return Map.of();
    }
    String file = locations.values().iterator().next().file();
    for (SourceLocation l : locations.values()) {
      if (!l.file().equals(file)) {
        return Map.copyOf(locations);
      }
    }
    String[] names = locations.keySet().toArray(new String[0]);
    Arrays.sort(names);
    long[] lineColumns = new long[names.length];
    for (int i = 0; i < names.length; i++) {
      SourceLocation l = locations.get(names[i]);
      lineColumns[i] = ((long) l.line() << 32) | (l.column() & 0xffffffffL);
      // The names repeat across rules ("Tests[0]", "AlertContext[3]"): one copy each in the JVM.
      names[i] = names[i].intern();
    }
    return new CompactLocations(file, names, lineColumns);
  }

  private SourceLocation at(int i) {
    return new SourceLocation(file, (int) (lineColumns[i] >>> 32), (int) lineColumns[i]);
  }

  @Override
  public SourceLocation get(Object key) {
    int i = key instanceof String s ? Arrays.binarySearch(names, s) : -1;
    return i >= 0 ? at(i) : null;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String s && Arrays.binarySearch(names, s) >= 0;
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public Set<Entry<String, SourceLocation>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, SourceLocation>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < names.length;
          }

          @Override
          public Entry<String, SourceLocation> next() {
            if (i >= names.length) {
              throw new NoSuchElementException();
            }
            Entry<String, SourceLocation> e = new SimpleImmutableEntry<>(names[i], at(i));
            i++;
            return e;
          }
        };
      }

      @Override
      public int size() {
        return names.length;
      }
    };
  }
}
