package dev.margay.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margay.condition.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Panther's {@code p_any_*} indicator fields of one {@code AWS.CloudTrail} event, by the
 * open-source v1 algorithm (panther-labs/panther {@code
 * log_analysis/parsers/awslogs/cloudtrail.go}, {@code indicators.go}, {@code
 * pantherlog/scanners_aws.go}; summarized with worked examples in {@code
 * ../shared/design/panther-fields.md} §4 and §8): (a) the tagged fields {@code recipientAccountId},
 * {@code resources[].arn}/{@code .accountId}, {@code sourceIPAddress} (an IP, else a domain name),
 * and the {@code arn}/{@code accountId} of {@code userIdentity} and its session issuer; (b) a
 * key-driven walk of {@code additionalEventData}, {@code requestParameters}, {@code
 * responseElements}, {@code serviceEventDetails} and {@code
 * userIdentity.sessionContext.webIdFederationData.attributes}. Nothing else is scanned. Values are
 * deduplicated, empty ones dropped, each array sorted by UTF-8 byte order (Go's {@code
 * sort.Strings}), and a column without values is left out. A pure function; thread-safe.
 */
public final class Indicators {
  public static final String ACCOUNT_IDS = "p_any_aws_account_ids";
  public static final String ARNS = "p_any_aws_arns";
  public static final String INSTANCE_IDS = "p_any_aws_instance_ids";
  public static final String TAGS = "p_any_aws_tags";
  public static final String DOMAIN_NAMES = "p_any_domain_names";
  public static final String IP_ADDRESSES = "p_any_ip_addresses";

  /** Every column the v1 CloudTrail schema can fill, in output order (name order). */
  public static final List<String> COLUMNS =
      List.of(ACCOUNT_IDS, ARNS, INSTANCE_IDS, TAGS, DOMAIN_NAMES, IP_ADDRESSES);

  /**
   * The top-level members the algorithm reads: what a projection must keep to compute the columns.
   */
  public static final List<String> SOURCE_MEMBERS =
      List.of(
          "recipientAccountId",
          "resources",
          "sourceIPAddress",
          "userIdentity",
          "additionalEventData",
          "requestParameters",
          "responseElements",
          "serviceEventDetails");

  private static final String[] WALKED = {
    "additionalEventData", "requestParameters", "responseElements", "serviceEventDetails"
  };

  private final Map<String, Set<String>> found = new LinkedHashMap<>();

  private Indicators() {
    for (String c : COLUMNS) {
      found.put(c, new LinkedHashSet<>());
    }
  }

  /**
   * The indicator columns of a CloudTrail event: column name to its sorted values, only non-empty
   * columns, in {@link #COLUMNS} order.
   */
  public static Map<String, List<String>> of(JsonNode event) {
    Indicators ind = new Indicators();
    ind.tagged(event);
    for (String member : WALKED) {
      JsonNode v = event.get(member);
      if (v != null) {
        ind.walk(v, "");
      }
    }
    JsonNode attributes =
        event
            .path("userIdentity")
            .path("sessionContext")
            .path("webIdFederationData")
            .get("attributes");
    if (attributes != null) {
      ind.walk(attributes, "");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    ind.found.forEach(
        (column, values) -> {
          if (!values.isEmpty()) {
            String[] sorted = values.toArray(String[]::new);
            Arrays.sort(sorted, Indicators::compareUtf8);
            out.put(column, List.of(sorted));
          }
        });
    return Collections.unmodifiableMap(out);
  }

  /**
   * Go's string order: UTF-8 bytes compared unsigned (differs from {@code String.compareTo} outside
   * the BMP).
   */
  static int compareUtf8(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private void tagged(JsonNode e) {
    accountId(typedString(e.get("recipientAccountId")));
    JsonNode resources = e.get("resources");
    if (resources != null && resources.isArray()) {
      for (JsonNode r : resources) {
        arn(typedString(r.get("arn")));
        accountId(typedString(r.get("accountId")));
      }
    }
    hostname(typedString(e.get("sourceIPAddress")));
    JsonNode identity = e.get("userIdentity");
    if (identity != null && identity.isObject()) {
      arn(typedString(identity.get("arn")));
      accountId(typedString(identity.get("accountId")));
      JsonNode issuer = identity.path("sessionContext").path("sessionIssuer");
      arn(typedString(issuer.get("arn")));
      accountId(typedString(issuer.get("accountId")));
    }
  }

  /**
   * A typed string field: strings, and numbers and booleans as their literal text (v1 {@code
   * null.String}).
   */
  private static String typedString(JsonNode v) {
    if (v == null) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNumber() || v.isBoolean()) {
      return v.toString();
    }
    return null;
  }

  private void walk(JsonNode v, String key) {
    if (v.isObject()) {
      if (key.equals("tags")) {
        String k = memberIgnoringCase(v, "key");
        String val = memberIgnoringCase(v, "value");
        if (k != null && val != null && !k.isEmpty() && !val.isEmpty()) {
          add(TAGS, k + ":" + val);
        }
        return;
      }
      v.properties().forEach(e -> walk(e.getValue(), e.getKey()));
    } else if (v.isArray()) {
      for (JsonNode element : v) {
        walk(element, key);
      }
    } else if (v.isTextual()) {
      string(v.textValue(), key);
    }
  }

  private static String memberIgnoringCase(JsonNode object, String name) {
    JsonNode exact = object.get(name);
    if (exact == null) {
      for (var e : object.properties()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          exact = e.getValue();
          break;
        }
      }
    }
    return exact != null && exact.isTextual() ? exact.textValue() : null;
  }

  private void string(String s, String key) {
    switch (key) {
      case "arn", "ARN", "aws:SourceArn" -> arn(s);
      case "instanceId", "instance-id" -> instanceId(s);
      case "accountId", "account" -> accountId(s);
      case "tags" -> add(TAGS, s);
      case "ipv6Addresses", "publicIp", "privateIpAddress", "ipAddressV4", "sourceIPAddress" -> {
        String t = s.strip();
        if (isIp(t)) {
          add(IP_ADDRESSES, t);
        }
      }
      case "publicDnsName", "privateDnsName", "domain" -> add(DOMAIN_NAMES, s);
      default -> {
        if (key.endsWith("AccountId")) {
          accountId(s);
        } else if (key.endsWith("InstanceId")) {
          instanceId(s);
        } else if (looksLikeArn(s)) {
          arn(s);
        }
      }
    }
  }

  private void add(String column, String value) {
    if (value != null && !value.isEmpty()) {
      found.get(column).add(value);
    }
  }

  private void accountId(String s) {
    if (s != null && s.length() == 12 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      add(ACCOUNT_IDS, s);
    }
  }

  private void instanceId(String s) {
    if (s != null && s.startsWith("i-")) {
      add(INSTANCE_IDS, s);
    }
  }

  /** aws-sdk-go {@code arn.IsARN}: the prefix and at least five colons. */
  private static boolean looksLikeArn(String s) {
    return s.startsWith("arn:") && s.chars().filter(c -> c == ':').count() >= 5;
  }

  /**
   * v1 {@code ScanARN}: a parseable ARN, its 12-digit account, and an {@code instance/} resource's
   * id.
   */
  private void arn(String s) {
    if (s == null || !looksLikeArn(s)) {
      return;
    }
    String[] parts = s.split(":", 6);
    add(ARNS, s);
    accountId(parts[4]);
    String resource = parts[5];
    if (resource.startsWith("instance/")) {
      instanceId(resource.substring(resource.lastIndexOf('/') + 1));
    }
  }

  /**
   * v1 {@code ScanHostname}: trimmed; an IP address, else a non-empty domain name (punycode
   * decoded).
   */
  private void hostname(String s) {
    if (s == null) {
      return;
    }
    String t = s.strip();
    if (isIp(t)) {
      add(IP_ADDRESSES, t);
    } else if (!t.isEmpty()) {
      if (t.startsWith("xn--")) {
        try {
          t = java.net.IDN.toUnicode(t, java.net.IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
          // not valid punycode: kept as written
        }
      }
      add(DOMAIN_NAMES, t);
    }
  }

  /** Go 1.15 {@code net.ParseIP}: IPv4 (leading zeros allowed) or IPv6 without a zone. */
  static boolean isIp(String s) {
    if (s.isEmpty() || s.length() > 64) {
      return false;
    }
    if (s.indexOf(':') >= 0) {
      return s.indexOf('%') < 0 && IpAddress.parse(s) != null;
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty()
          || p.length() > 8
          || !p.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
