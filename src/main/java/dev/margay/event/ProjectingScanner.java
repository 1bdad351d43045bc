// Over 300 lines: hot path; one byte loop kept whole so the JIT sees it (see the benchmarks).
package dev.margay.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.event.internal.ReadOnlyNodes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte-level scanner for one UTF-8 JSON event that checks every byte and builds nodes only where
 * a {@link Projection} keeps them; the nodes are the ones Jackson's {@code readTree} builds for the
 * same text.
 *
 * <p>It accepts a strict subset of what {@link EventParser}'s full parse accepts: well-formed RFC
 * 8259 JSON with an object at the top, well-formed UTF-8 (no overlong forms, no encoded
 * surrogates), member names without escapes, and values comfortably inside the parser's limits. On
 * anything else it <em>declines</em> ({@link #scan} returns null) and the caller lets Jackson's
 * full parse decide, which then also words any error exactly as a full parse does. So a projected
 * parse accepts and rejects the same events as a full one, whatever this class gets wrong on exotic
 * input costs time, not verdicts.
 *
 * <p>Why not Jackson's streaming parser: it decodes every member name into a String and every
 * skipped string into a char buffer; here skipped values are only validated, which is what makes a
 * projected parse cheaper than building the whole tree. One instance per event; not thread-safe.
 */
final class ProjectingScanner {
  private static final JsonNodeFactory NODES = ReadOnlyNodes.FACTORY;

  // Declined above these, derived from the parser's limits (EventParser.CONSTRAINTS): a value's
  // byte count bounds its character count, so everything accepted here is within the limits; the
  // deepest documents are left to Jackson, whose depth count is the one that rejects.
  static final int MAX_DEPTH = EventParser.CONSTRAINTS.getMaxNestingDepth() - 8;
  static final int MAX_STRING_BYTES = EventParser.CONSTRAINTS.getMaxStringLength();
  static final int MAX_NAME_BYTES = EventParser.CONSTRAINTS.getMaxNameLength();
  static final int MAX_NUMBER_CHARS = EventParser.CONSTRAINTS.getMaxNumberLength();
  static final int MAX_DOCUMENT_BYTES =
      (int) Math.min(Integer.MAX_VALUE, EventParser.CONSTRAINTS.getMaxDocumentLength());

  /**
   * Bytes that may appear in a string as they are: printable ASCII except the quote and the
   * backslash.
   */
  private static final boolean[] PLAIN = new boolean[256];

  static {
    for (int c = 0x20; c < 0x80; c++) {
      PLAIN[c] = c != '"' && c != '\\';
    }
  }

  /**
   * Thrown (never escaping this class) when the scanner declines; shared, so it carries no state.
   */
  private static final class Decline extends Exception {
    private static final long serialVersionUID = 1L;

    Decline() {
      super(null, null, false, false);
    }
  }

  private static final Decline DECLINE = new Decline();

  private final byte[] b;
  private final int end;
  private final boolean rejectDuplicateKeys;
  private int pos;

  // Set by name(): the last member name's bounds, its nameHash (blind to ASCII case: case
  // variants collide, bytes decide) and whether it has bytes outside ASCII.
  private int nameStart;
  private int nameEnd;
  private int nameHash;
  private boolean nameAscii;

  // Names of the open objects, innermost last, as (start, hash) pairs: a name ends at the first
  // quote
  // after its start, as names with escapes are declined. Each object keeps a 64-bit mask of its
  // names'
  // hashes, so that a name is compared with the others only when its bit is already set.
  private int[] names = new int[64];
  private int top;

  /**
   * Past this many members in one object (when rejecting duplicates), Jackson's hash set checks
   * them.
   */
  static final int MAX_MEMBERS = 128;

  private ProjectingScanner(byte[] b, int offset, int length, boolean rejectDuplicateKeys) {
    this.b = b;
    this.pos = offset;
    this.end = offset + length;
    this.rejectDuplicateKeys = rejectDuplicateKeys;
  }

  /**
   * The projection of the event in {@code b[offset, offset + length)}, or null when the scanner
   * declines (the text is not valid, or is valid in a way this scanner leaves to Jackson).
   */
  static ObjectNode scan(
      byte[] b, int offset, int length, Projection.Node root, boolean rejectDuplicateKeys) {
    if (length > MAX_DOCUMENT_BYTES) {
      return null;
    }
    ProjectingScanner s = new ProjectingScanner(b, offset, length, rejectDuplicateKeys);
    try {
      s.skipWhitespace();
      s.expect('{');
      ObjectNode result = NODES.objectNode();
      s.members(root, result, 1);
      s.skipWhitespace();
      if (s.pos != s.end) {
        return null;
      }
      ReadOnlyNodes.freeze(result);
      return result;
    } catch (Decline e) {
      return null;
    }
  }

  private void skipWhitespace() {
    while (pos < end) {
      byte c = b[pos];
      if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t')) {
        return; // the first test alone settles compact JSON
      }
      pos++;
    }
  }

  private void expect(char c) throws Decline {
    if (pos >= end || b[pos] != c) {
      throw DECLINE;
    }
    pos++;
  }

  private byte peek() throws Decline {
    if (pos >= end) {
      throw DECLINE;
    }
    return b[pos];
  }

  /** Keeps every member: what {@link #value} builds a nested object with. */
  private static final Projection.Node KEEP_ALL =
      new Projection.Node(true, java.util.Map.of(), null);

  /**
   * Reads an object's members (after its '{'), checking every name for duplicates, and puts those
   * that {@code node} keeps into {@code out}; with a null {@code out} every member is only
   * validated.
   */
  private void members(Projection.Node node, ObjectNode out, int depth) throws Decline {
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return;
    }
    int base = top;
    long seen = 0;
    do {
      name();
      seen = unique(base, seen);
      Projection.Node child =
          out == null
              ? null
              : node.whole
                  ? node
                  : nameAscii
                      ? node.child(b, nameStart, nameEnd, nameHash)
                      : node.child(nameString(null));
      skipWhitespace();
      expect(':');
      skipWhitespace();
      if (child == null) {
        skipValue(depth);
      } else if (!child.whole && peek() == '{') {
        pos++;
        String name = nameString(child);
        ObjectNode inner = NODES.objectNode();
        members(child, inner, enter(depth));
        out.set(name, inner);
      } else {
        out.set(nameString(child), value(depth));
      }
    } while (!closes('}'));
    top = base;
  }

  /**
   * After a member or element: true at the container's {@code close}, false after a ',' (and
   * whitespace).
   */
  private boolean closes(char close) throws Decline {
    skipWhitespace();
    byte c = peek();
    pos++;
    if (c == close) {
      return true;
    }
    if (c != ',') {
      throw DECLINE;
    }
    skipWhitespace();
    return false;
  }

  /** The whole value starting at {@code pos}, inside a container at {@code depth}. */
  private JsonNode value(int depth) throws Decline {
    byte c = peek();
    switch (c) {
      case '"':
        {
          pos++;
          return NODES.textNode(string());
        }
      case '{':
        {
          pos++;
          ObjectNode out = NODES.objectNode();
          members(KEEP_ALL, out, enter(depth));
          return out;
        }
      case '[':
        {
          pos++;
          int inner = enter(depth);
          ArrayNode out = NODES.arrayNode();
          skipWhitespace();
          if (peek() == ']') {
            pos++;
            return out;
          }
          do {
            out.add(value(inner));
          } while (!closes(']'));
          return out;
        }
      case 't':
        literal("true");
        return NODES.booleanNode(true);
      case 'f':
        literal("false");
        return NODES.booleanNode(false);
      case 'n':
        literal("null");
        return NODES.nullNode();
      default:
        {
          int start = pos;
          boolean integral = number();
          return integral
              ? integer(start, pos)
              : NODES.numberNode(Double.parseDouble(ascii(start, pos)));
        }
    }
  }

  /** Validates the value starting at {@code pos} without building it. */
  private void skipValue(int depth) throws Decline {
    byte c = peek();
    switch (c) {
      case '"':
        pos++;
        skipString();
        return;
      case '{':
        pos++;
        members(null, null, enter(depth));
        return;
      case '[':
        {
          pos++;
          int inner = enter(depth);
          skipWhitespace();
          if (peek() == ']') {
            pos++;
            return;
          }
          do {
            skipValue(inner);
          } while (!closes(']'));
          return;
        }
      case 't':
        literal("true");
        return;
      case 'f':
        literal("false");
        return;
      case 'n':
        literal("null");
        return;
      default:
        number();
    }
  }

  private static int enter(int depth) throws Decline {
    if (depth >= MAX_DEPTH) {
      throw DECLINE;
    }
    return depth + 1;
  }

  private void literal(String word) throws Decline {
    int n = word.length();
    if (end - pos < n) {
      throw DECLINE;
    }
    for (int i = 0; i < n; i++) {
      if (b[pos + i] != word.charAt(i)) {
        throw DECLINE;
      }
    }
    pos += n;
  }

  /** Reads a number (RFC 8259 grammar); true when it has neither fraction nor exponent. */
  private boolean number() throws Decline {
    int start = pos;
    if (pos < end && b[pos] == '-') {
      pos++;
    }
    byte c = peek();
    if (c == '0') {
      pos++;
    } else if (c >= '1' && c <= '9') {
      digits();
    } else {
      throw DECLINE;
    }
    boolean integral = true;
    if (pos < end && b[pos] == '.') {
      pos++;
      if (digits() == 0) {
        throw DECLINE;
      }
      integral = false;
    }
    if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
      pos++;
      if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
        pos++;
      }
      if (digits() == 0) {
        throw DECLINE;
      }
      integral = false;
    }
    if (pos - start > MAX_NUMBER_CHARS) {
      throw DECLINE;
    }
    return integral;
  }

  private int digits() {
    int start = pos;
    while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
      pos++;
    }
    return pos - start;
  }

  /** An integer as Jackson types it: int when it fits, else long, else BigInteger. */
  private JsonNode integer(int start, int stop) {
    boolean negative = b[start] == '-';
    int first = negative ? start + 1 : start;
    if (stop - first <= 18) {
      long v = 0;
      for (int i = first; i < stop; i++) {
        v = v * 10 + (b[i] - '0');
      }
      v = negative ? -v : v;
      return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }
    BigInteger big = new BigInteger(ascii(start, stop));
    return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
  }

  private String ascii(int start, int stop) {
    return new String(b, start, stop - start, StandardCharsets.ISO_8859_1);
  }

  /** Reads a member name (at its opening quote); names with escapes are left to Jackson. */
  private void name() throws Decline {
    expect('"');
    int start = pos;
    int flags = skipString();
    int stop = pos - 1;
    if ((flags & ESCAPED) != 0 || stop - start > MAX_NAME_BYTES) {
      throw DECLINE;
    }
    nameStart = start;
    nameEnd = stop;
    nameHash = nameHash(b, start, stop);
    nameAscii = (flags & NON_ASCII) == 0;
  }

  /**
   * A cheap hash of a name that ignores ASCII case: its length and its first and last eight bytes,
   * each with bit 0x20 set (which folds A-Z onto a-z and merges a few punctuation pairs; equality
   * is decided on the bytes). Used both for duplicate detection and for the projection's name
   * table.
   */
  static int nameHash(byte[] b, int start, int stop) {
    int length = stop - start;
    long first;
    long last;
    if (length >= 8) {
      first = (long) LONGS.get(b, start);
      last = (long) LONGS.get(b, stop - 8);
    } else {
      first = 0;
      for (int i = start; i < stop; i++) {
        first = (first << 8) | (b[i] & 0xFF);
      }
      last = 0;
    }
    long h = (first | FOLD) * 0x9E3779B97F4A7C15L + (last | FOLD) * 0xC2B2AE3D27D4EB4FL + length;
    return (int) (h ^ (h >>> 29) ^ (h >>> 47));
  }

  private static final long FOLD = 0x2020202020202020L;

  /** The last name as a String, reusing the projection's spelling when it is the same. */
  private String nameString(Projection.Node kept) {
    if (kept != null
        && kept.spelling != null
        && kept.spellingBytes.length == nameEnd - nameStart
        && Arrays.equals(kept.spellingBytes, 0, kept.spellingBytes.length, b, nameStart, nameEnd)) {
      return kept.spelling;
    }
    return new String(
        b,
        nameStart,
        nameEnd - nameStart,
        nameAscii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  /**
   * Records the last name in the open object whose names start at {@code base} and whose mask is
   * {@code seen}; declines on a repeat (Jackson then reports it), as equal UTF-8 without escapes is
   * equal text. Returns the new mask.
   */
  private long unique(int base, long seen) throws Decline {
    if (!rejectDuplicateKeys) {
      return seen;
    }
    long bit = 1L << (mix(nameHash) & 63);
    int length = nameEnd - nameStart;
    if ((seen & bit) != 0) {
      for (int i = base; i < top; i += 2) {
        int other = names[i];
        if (names[i + 1] == nameHash
            && b[other + length] == '"'
            && Arrays.equals(b, other, other + length, b, nameStart, nameEnd)) {
          throw DECLINE;
        }
      }
    }
    if (top - base >= 2 * MAX_MEMBERS) {
      throw DECLINE;
    }
    if (top == names.length) {
      names = Arrays.copyOf(names, top * 2);
    }
    names[top] = nameStart;
    names[top + 1] = nameHash;
    top += 2;
    return seen | bit;
  }

  static int mix(int h) {
    return h ^ (h >>> 16);
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * The index of the first byte from {@code i} on that is not {@link #PLAIN}, looking at eight
   * bytes at a time (little-endian): a word is skipped when none of its bytes is a quote, a
   * backslash, below 0x20 or above 0x7F. The borrow tricks can flag a byte wrongly only above a
   * real hit, so the lowest flag is the answer.
   */
  private int plainRun(int i) {
    while (i + 8 <= end) {
      long x = (long) LONGS.get(b, i);
      long quote = x ^ (ONES * '"');
      long backslash = x ^ (ONES * '\\');
      long special =
          (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | (x - ONES * 0x20) | x)
              & HIGH_BITS;
      if (special != 0) {
        return i + (Long.numberOfTrailingZeros(special) >>> 3);
      }
      i += 8;
    }
    while (i < end && PLAIN[b[i] & 0xFF]) {
      i++;
    }
    return i;
  }

  private static final int ESCAPED = 1;
  private static final int NON_ASCII = 2;

  /**
   * Validates a string (after its opening quote) and moves past its closing quote; returns whether
   * it has escapes ({@link #ESCAPED}) and bytes outside ASCII ({@link #NON_ASCII}).
   */
  private int skipString() throws Decline {
    int start = pos;
    int flags = 0;
    while (true) {
      pos = plainRun(pos);
      if (pos >= end) {
        throw DECLINE;
      }
      int c = b[pos] & 0xFF;
      if (c == '"') {
        break;
      } else if (c == '\\') {
        flags |= ESCAPED;
        escape();
      } else if (c >= 0x80) {
        flags |= NON_ASCII;
        pos = utf8(pos);
      } else {
        throw DECLINE; // a raw control character
      }
    }
    if (pos - start > MAX_STRING_BYTES) {
      throw DECLINE;
    }
    pos++;
    return flags;
  }

  /** Reads a string (after its opening quote) and returns its text. */
  private String string() throws Decline {
    int start = pos;
    int flags = skipString();
    int stop = pos - 1;
    if ((flags & ESCAPED) != 0) {
      return unescape(start, stop);
    }
    return new String(
        b,
        start,
        stop - start,
        (flags & NON_ASCII) == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  /** Validates the escape at {@code pos} (a backslash) and moves past it. */
  private void escape() throws Decline {
    if (end - pos < 2) {
      throw DECLINE;
    }
    switch (b[pos + 1]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
        pos += 2;
        return;
      case 'u':
        if (end - pos < 6) {
          throw DECLINE;
        }
        for (int i = pos + 2; i < pos + 6; i++) {
          if (hex(b[i]) < 0) {
            throw DECLINE;
          }
        }
        pos += 6;
        return;
      default:
        throw DECLINE;
    }
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * Decodes an already validated string with escapes; {@code \\uXXXX} gives that UTF-16 unit, as in
   * Jackson.
   */
  private String unescape(int start, int stop) {
    StringBuilder sb = new StringBuilder(stop - start);
    int i = start;
    while (i < stop) {
      int run = i;
      while (i < stop && b[i] != '\\') {
        i++;
      }
      if (i > run) {
        sb.append(new String(b, run, i - run, StandardCharsets.UTF_8));
      }
      if (i == stop) {
        break;
      }
      byte e = b[i + 1];
      switch (e) {
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          sb.append(
              (char)
                  ((hex(b[i + 2]) << 12)
                      | (hex(b[i + 3]) << 8)
                      | (hex(b[i + 4]) << 4)
                      | hex(b[i + 5])));
          i += 4;
        }
        default -> sb.append((char) e); // '"', '\\', '/'
      }
      i += 2;
    }
    return sb.toString();
  }

  /**
   * Validates the well-formed UTF-8 sequence starting at {@code i} (RFC 3629: no overlong forms, no
   * surrogates, nothing above U+10FFFF) and returns the index after it.
   */
  private int utf8(int i) throws Decline {
    int c = b[i] & 0xFF;
    int n;
    int min = 0x80;
    int max = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) {
        min = 0xA0;
      } else if (c == 0xED) {
        max = 0x9F;
      }
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) {
        min = 0x90;
      } else if (c == 0xF4) {
        max = 0x8F;
      }
    } else {
      throw DECLINE;
    }
    if (end - i <= n) {
      throw DECLINE;
    }
    int second = b[i + 1] & 0xFF;
    if (second < min || second > max) {
      throw DECLINE;
    }
    for (int k = 2; k <= n; k++) {
      if ((b[i + k] & 0xC0) != 0x80) {
        throw DECLINE;
      }
    }
    return i + n + 1;
  }
}
