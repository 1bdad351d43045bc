package dev.margay.condition;

/**
 * IP address literals and their classification, with the semantics of Python's {@code ipaddress}
 * module (Panther's rule runtime is Python): strict dotted-quad IPv4 (no leading zeros), IPv6 with
 * {@code ::} compression, an embedded IPv4 tail and an optional {@code %scope}. Parsing never
 * touches DNS (unlike {@link java.net.InetAddress#getByName}). Stateless.
 */
public final class IpAddress {
  private IpAddress() {}

  // Python 3.13 ipaddress: IPv4Address._private_networks and their exceptions.
  private static final Cidr[] PRIVATE_V4 =
      cidrs(
          "0.0.0.0/8",
          "10.0.0.0/8",
          "127.0.0.0/8",
          "169.254.0.0/16",
          "172.16.0.0/12",
          "192.0.0.0/29",
          "192.0.0.170/31",
          "192.0.2.0/24",
          "192.168.0.0/16",
          "198.18.0.0/15",
          "198.51.100.0/24",
          "203.0.113.0/24",
          "240.0.0.0/4",
          "255.255.255.255/32");
  private static final Cidr[] PRIVATE_V4_EXCEPTIONS = cidrs("192.0.0.9/32", "192.0.0.10/32");
  private static final Cidr SHARED_V4 = Cidr.parse("100.64.0.0/10");
  private static final Cidr[] PRIVATE_V6 =
      cidrs(
          "::1/128",
          "::/128",
          "::ffff:0:0/96",
          "64:ff9b:1::/48",
          "100::/64",
          "2001::/23",
          "2001:db8::/32",
          "2002::/16",
          "3fff::/20",
          "fc00::/7",
          "fe80::/10");
  private static final Cidr[] PRIVATE_V6_EXCEPTIONS =
      cidrs(
          "2001:1::1/128",
          "2001:1::2/128",
          "2001:3::/32",
          "2001:4:112::/48",
          "2001:20::/28",
          "2001:30::/28");

  private static Cidr[] cidrs(String... texts) {
    Cidr[] result = new Cidr[texts.length];
    for (int i = 0; i < texts.length; i++) {
      result[i] = Cidr.parse(texts[i]);
    }
    return result;
  }

  /**
   * The address's bytes (4 for IPv4, 16 for IPv6), or {@code null} when the text is not an IP
   * literal.
   */
  public static byte[] parse(CharSequence text) {
    if (text == null || text.length() == 0 || text.length() > 100) {
      return null;
    }
    String s = text.toString();
    if (s.indexOf(':') >= 0) {
      int percent = s.indexOf('%');
      if (percent >= 0) {
        if (percent == s.length() - 1) {
          return null;
        }
        s = s.substring(0, percent);
      }
      return parseV6(s);
    }
    return parseV4(s, 0, s.length());
  }

  private static byte[] parseV4(String s, int from, int to) {
    byte[] out = new byte[4];
    int part = 0;
    int i = from;
    while (part < 4) {
      int start = i;
      int value = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
        if (i - start > 3) {
          return null;
        }
      }
      int digits = i - start;
      if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return null;
      }
      out[part++] = (byte) value;
      if (part < 4) {
        if (i >= to || s.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == to ? out : null;
  }

  private static byte[] parseV6(String s) {
    int n = s.length();
    int doubleColon = s.indexOf("::");
    if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
      return null;
    }
    int[] groups = new int[8];
    int count = 0;
    int compressAt = -1;
    int i = 0;
    if (doubleColon == 0) {
      compressAt = 0;
      i = 2;
      if (i == n) {
        return new byte[16];
      }
    } else if (s.charAt(0) == ':') {
      return null;
    }
    byte[] v4 = null;
    while (i < n) {
      int start = i;
      int value = 0;
      while (i < n && Character.digit(s.charAt(i), 16) >= 0 && i - start < 5) {
        value = (value << 4) | Character.digit(s.charAt(i), 16);
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        // An embedded IPv4 tail takes the last two groups.
        v4 = parseV4(s, start, n);
        if (v4 == null || count > 6) {
          return null;
        }
        groups[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        groups[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        i = n;
        break;
      }
      int digits = i - start;
      if (digits == 0 || digits > 4 || count == 8) {
        return null;
      }
      groups[count++] = value;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      if (i + 1 < n && s.charAt(i + 1) == ':') {
        compressAt = count;
        i += 2;
      } else {
        i++;
        if (i == n) {
          return null;
        }
      }
    }
    if (compressAt >= 0) {
      if (count > 7) {
        return null;
      }
      int missing = 8 - count;
      System.arraycopy(groups, compressAt, groups, compressAt + missing, count - compressAt);
      for (int k = compressAt; k < compressAt + missing; k++) {
        groups[k] = 0;
      }
    } else if (count != 8) {
      return null;
    }
    byte[] out = new byte[16];
    for (int k = 0; k < 8; k++) {
      out[2 * k] = (byte) (groups[k] >>> 8);
      out[2 * k + 1] = (byte) groups[k];
    }
    return out;
  }

  /**
   * Python's {@code is_private}: RFC 1918, loopback, link-local, documentation ranges, ULA and
   * more.
   */
  public static boolean isPrivate(byte[] address) {
    if (address.length == 16) {
      byte[] mapped = ipv4Mapped(address);
      if (mapped != null) {
        return isPrivate(mapped);
      }
      return inAny(PRIVATE_V6, address) && !inAny(PRIVATE_V6_EXCEPTIONS, address);
    }
    return inAny(PRIVATE_V4, address) && !inAny(PRIVATE_V4_EXCEPTIONS, address);
  }

  /**
   * Python's {@code is_global}: not private, and for IPv4 not in the shared range 100.64.0.0/10.
   */
  public static boolean isGlobal(byte[] address) {
    if (address.length == 16) {
      byte[] mapped = ipv4Mapped(address);
      if (mapped != null) {
        return isGlobal(mapped);
      }
      return !isPrivate(address);
    }
    return !SHARED_V4.contains(address) && !isPrivate(address);
  }

  private static byte[] ipv4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return null;
      }
    }
    if (a[10] != (byte) 0xff || a[11] != (byte) 0xff) {
      return null;
    }
    return new byte[] {a[12], a[13], a[14], a[15]};
  }

  private static boolean inAny(Cidr[] networks, byte[] address) {
    for (Cidr network : networks) {
      if (network.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
