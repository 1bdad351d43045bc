package dev.margay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.condition.All;
import dev.margay.condition.Check;
import dev.margay.condition.Compare;
import dev.margay.condition.Comparison;
import dev.margay.condition.Condition;
import dev.margay.condition.ConditionParser;
import dev.margay.condition.FieldPath;
import dev.margay.condition.Literal;
import dev.margay.condition.Membership;
import dev.margay.loader.RuleLoader;
import dev.margay.rule.Rule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The benchmark inputs: real CloudTrail events and the rule sets, built the same way for every run.
 */
final class BenchData {
  private BenchData() {}

  static final Path EVENTS =
      Path.of(
          System.getProperty("margay.bench.events", "../shared/bench/cloudtrail-real.jsonl.gz"));
  static final Path CONFORMANCE =
      Path.of(System.getProperty("margay.bench.rules", "../shared/conformance/panther-cloudtrail"));
  static final Path SEED_RULE =
      Path.of("src/test/resources/rules/aws_ec2_security_group_modified.yml");
  static final long SEED = 42;

  /** Each event as the bytes of its JSON line. */
  static List<byte[]> events() throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(EVENTS)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(line.getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  /**
   * "1": the seed rule; "109": the conformance corpus; "1000", "10000": generated from the data;
   * "1000-rare", "10000-rare": the same rules, each also requiring one {@code sourceIPAddress} seen
   * in the data, so that an event yields at most about one match, as with real rule packs;
   * "tenants-10000": the corpus once per tenant (see {@link #tenants}). The last two are R2's
   * realistic sets.
   */
  static List<Rule> rules(String set, List<byte[]> events) throws IOException {
    switch (set) {
      case "1":
        return List.of(RuleLoader.create().load(SEED_RULE));
      case "109":
        return RuleLoader.create().loadAll(List.of(CONFORMANCE)).rules();
      default:
        if (set.startsWith("tenants-")) {
          return tenants(Integer.parseInt(set.substring("tenants-".length())), events);
        }
        boolean rare = set.endsWith("-rare");
        return generate(
            Integer.parseInt(rare ? set.substring(0, set.length() - 5) : set), events, rare);
    }
  }

  /**
   * Rules generated with a fixed seed from the data's own values: 90 % require one to three
   * eventName values (some add errorCode/awsRegion/userIdentity.type conditions); 10 % have no
   * eventName or eventSource constraint at all.
   */
  static List<Rule> generate(int count, List<byte[]> events, boolean rare) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    TreeSet<String> names = new TreeSet<>();
    TreeSet<String> regions = new TreeSet<>();
    TreeSet<String> types = new TreeSet<>();
    TreeSet<String> errors = new TreeSet<>();
    TreeSet<String> agents = new TreeSet<>();
    TreeSet<String> addresses = new TreeSet<>();
    for (byte[] e : events) {
      JsonNode n = mapper.readTree(e);
      add(names, n.path("eventName"));
      add(regions, n.path("awsRegion"));
      add(types, n.path("userIdentity").path("type"));
      add(errors, n.path("errorCode"));
      add(addresses, n.path("sourceIPAddress"));
      JsonNode agent = n.path("userAgent");
      if (agent.isTextual() && agent.textValue().length() >= 6) {
        agents.add(agent.textValue().substring(0, 6));
      }
    }
    List<String> nameList = new ArrayList<>(names);
    List<String> regionList = new ArrayList<>(regions);
    List<String> typeList = new ArrayList<>(types);
    List<String> errorList = new ArrayList<>(errors);
    List<String> agentList = new ArrayList<>(agents);
    List<String> addressList = new ArrayList<>(addresses);
    Random random = new Random(SEED);
    List<Rule> rules = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String logic;
      if (random.nextInt(10) == 0) {
        switch (random.nextInt(3)) {
          case 0:
            logic =
                "userIdentity.type == "
                    + q(pick(typeList, random))
                    + " and awsRegion == "
                    + q(pick(regionList, random));
            break;
          case 1:
            logic = "userAgent starts_with " + q(pick(agentList, random));
            break;
          default:
            logic =
                "errorCode == "
                    + q(pick(errorList, random))
                    + " and awsRegion == "
                    + q(pick(regionList, random));
        }
      } else {
        StringBuilder sb = new StringBuilder("eventName in [");
        int k = 1 + random.nextInt(3);
        for (int j = 0; j < k; j++) {
          sb.append(j > 0 ? ", " : "").append(q(pick(nameList, random)));
        }
        sb.append(']');
        if (random.nextBoolean()) {
          sb.append(" and errorCode is_null");
        }
        if (random.nextInt(10) < 3) {
          sb.append(" and awsRegion == ").append(q(pick(regionList, random)));
        }
        if (random.nextInt(10) < 2) {
          sb.append(" and userIdentity.type == ").append(q(pick(typeList, random)));
        }
        logic = sb.toString();
      }
      if (rare) {
        // Drawn from its own generator, so that the rules above stay exactly those of the plain
        // set.
        logic +=
            " and sourceIPAddress == "
                + q(addressList.get(new Random(SEED + i).nextInt(addressList.size())));
      }
      Condition c = ConditionParser.parse(logic);
      rules.add(
          Rule.builder("Gen." + i)
              .logTypes("AWS.CloudTrail")
              .detection(c instanceof All ? c : All.of(c))
              .groupBy(List.of(FieldPath.key("recipientAccountId")))
              .build());
    }
    return rules;
  }

  private static final Pattern RULE_ID =
      Pattern.compile("(?m)^RuleID:\\s*(\"?)([^\"\\n]+)\\1\\s*$");
  private static final Pattern DETECTION = Pattern.compile("(?m)^Detection:\\s*\\n( *)- ");

  /** Whether {@link #tenantCopy} can rewrite this rule file: a RuleID and a list Detection. */
  static boolean canCopyPerTenant(String ruleFile) {
    return RULE_ID.matcher(ruleFile).find() && DETECTION.matcher(ruleFile).find();
  }

  /**
   * One tenant's copy of a rule file (the multi-tenant sets of {@code tenants} and {@code
   * LoadCost}): its RuleID suffixed with {@code "." + tenant}, and {@code keyPath Equals valueYaml}
   * put first in its Detection list.
   */
  static String tenantCopy(String ruleFile, String tenant, String keyPath, String valueYaml) {
    Matcher id = RULE_ID.matcher(ruleFile);
    id.find();
    String text =
        id.replaceFirst(Matcher.quoteReplacement("RuleID: \"" + id.group(2) + "." + tenant + "\""));
    Matcher d = DETECTION.matcher(text);
    d.find();
    String indent = d.group(1);
    return d.replaceFirst(
        Matcher.quoteReplacement(
            "Detection:\n"
                + indent
                + "- KeyPath: "
                + keyPath
                + "\n"
                + indent
                + "  Condition: Equals\n"
                + indent
                + "  Value: "
                + valueYaml
                + "\n"
                + indent
                + "- "));
  }

  /**
   * A multi-tenant pack of {@code count} real-shaped rules: the conformance corpus's rule files
   * copied once per tenant (the last copy cut short), each copy with its own {@code RuleID} and a
   * first {@code Detection} item {@code recipientAccountId Equals "<tenant's account>"}, loaded by
   * the loader as {@code scan} loads (without tests). Tenants are AWS accounts: the first are the
   * data's own accounts, most frequent first, so every event belongs to exactly one tenant and
   * meets that tenant's copy of the corpus; the other tenants' accounts are not in the data, as
   * most tenants' rules see none of one tenant's traffic. An event therefore yields the corpus's
   * own matches (about 0.76 per event) among {@code count} rules.
   */
  static List<Rule> tenants(int count, List<byte[]> events) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (byte[] e : events) {
      JsonNode account = mapper.readTree(e).path("recipientAccountId");
      if (account.isTextual()) {
        seen.merge(account.textValue(), 1, Integer::sum);
      }
    }
    List<String> accounts = new ArrayList<>(seen.keySet());
    accounts.sort(Comparator.comparing((String a) -> -seen.get(a)).thenComparing(a -> a));
    List<String> corpus = new ArrayList<>();
    for (Path f : RuleLoader.ruleFiles(List.of(CONFORMANCE))) {
      String text = Files.readString(f, StandardCharsets.UTF_8);
      if (canCopyPerTenant(text)) {
        corpus.add(text);
      }
    }
    RuleLoader loader = RuleLoader.create().withoutTests();
    List<Rule> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int tenant = i / corpus.size();
      String account =
          tenant < accounts.size() ? accounts.get(tenant) : String.format("9%011d", tenant);
      String text = corpus.get(i % corpus.size());
      text = tenantCopy(text, "t" + tenant, "recipientAccountId", "\"" + account + "\"");
      out.add(loader.load(text, "tenant-" + tenant + "/" + (i % corpus.size()) + ".yml"));
    }
    return out;
  }

  private static void add(TreeSet<String> set, JsonNode n) {
    if (n.isTextual()) {
      set.add(n.textValue());
    }
  }

  private static String pick(List<String> list, Random random) {
    return list.get(random.nextInt(list.size()));
  }

  private static String q(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * The rule as an Event Ruler pattern, or null when Ruler cannot express it exactly: a top-level
   * AND of Equals, IsIn, StartsWith, EndsWith, IsNull and IsNullOrEmpty on plain paths, one
   * condition per field.
   */
  static String toRulerPattern(Rule rule) {
    if (rule.inlineFilters() != null || !(rule.detection() instanceof All all)) {
      return null;
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (Condition c : all.children()) {
      FieldPath path;
      ArrayNode values = JsonNodeFactory.instance.arrayNode();
      if (c instanceof Compare compare
          && compare.field() instanceof FieldPath p
          && !p.hasWildcard()) {
        path = p;
        String s = compare.value() instanceof Literal.Str str ? str.value() : null;
        if (s != null && compare.comparison() == Comparison.EQUALS) {
          values.add(s);
        } else if (s != null && compare.comparison() == Comparison.STARTS_WITH) {
          values.addObject().put("prefix", s);
        } else if (s != null && compare.comparison() == Comparison.ENDS_WITH) {
          values.addObject().put("suffix", s);
        } else {
          return null;
        }
      } else if (c instanceof Membership m
          && !m.negated()
          && m.field() instanceof FieldPath p
          && m.values().get(0).kind() == Literal.Kind.STRING) {
        path = p;
        m.values().forEach(v -> values.add(v.text()));
      } else if (c instanceof Check check
          && check.field() instanceof FieldPath p
          && (check.kind() == Check.Kind.IS_NULL || check.kind() == Check.Kind.IS_NULL_OR_EMPTY)) {
        path = p;
        values.addNull();
        if (check.kind() == Check.Kind.IS_NULL_OR_EMPTY) {
          values.add("");
        }
        values.addObject().put("exists", false);
      } else {
        return null;
      }
      ObjectNode at = root;
      List<FieldPath.Segment> segments = path.segments();
      for (int i = 0; i < segments.size(); i++) {
        if (!(segments.get(i) instanceof FieldPath.Name name)) {
          return null;
        }
        if (i == segments.size() - 1) {
          if (at.has(name.name())) {
            return null; // two conditions on one field: Ruler would need one merged pattern
          }
          at.set(name.name(), values);
        } else {
          JsonNode next = at.get(name.name());
          if (next == null) {
            next = at.putObject(name.name());
          } else if (!next.isObject()) {
            return null;
          }
          at = (ObjectNode) next;
        }
      }
    }
    return root.size() == 0 ? null : root.toString();
  }

  /** Rules Ruler can express, with their patterns, in rule order. */
  static Map<String, String> rulerPatterns(List<Rule> rules) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Rule r : rules) {
      String pattern =
          r.enabled() ? toRulerPattern(r) : null; // the engines skip disabled rules too
      if (pattern != null) {
        out.put(r.id(), pattern);
      }
    }
    return out;
  }
}
