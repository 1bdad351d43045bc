package dev.margay.condition;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 network such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}. A bare address is a
 * single-host network. Host bits after the prefix are ignored (Python's {@code strict=False}).
 * Immutable.
 */
public final class Cidr {
  private final byte[] network;
  private final int prefixLength;
  private final String text;

  private Cidr(byte[] network, int prefixLength, String text) {
    this.network = network;
    this.prefixLength = prefixLength;
    this.text = text;
  }

  /**
   * Parses CIDR notation.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    byte[] address = IpAddress.parse(addressText);
    if (address == null || addressText.indexOf('%') >= 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a CIDR network: '" + addressText + "' is not an IP address");
    }
    int max = address.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String prefixText = text.substring(slash + 1);
      if (prefixText.isEmpty()
          || prefixText.length() > 3
          || !prefixText.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a CIDR network: bad prefix length '" + prefixText + "'");
      }
      prefix = Integer.parseInt(prefixText);
      if (prefix > max) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a CIDR network: prefix length " + prefix + " exceeds " + max);
      }
    }
    return new Cidr(mask(address, prefix), prefix, text);
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int bit = prefix; bit < out.length * 8; bit++) {
      out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return out;
  }

  /**
   * Whether the address (4 or 16 bytes) lies in this network; an address of the other family never
   * does.
   */
  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int m = (0xff << (8 - rest)) & 0xff;
    return (address[full] & m) == (network[full] & 0xff);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr other
        && other.prefixLength == prefixLength
        && Arrays.equals(other.network, network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefixLength;
  }

  /** The text it was parsed from. */
  @Override
  public String toString() {
    return text;
  }
}
