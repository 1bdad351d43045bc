package dev.margay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.lint.Diagnostic;
import dev.margay.lint.RuleLinter;
import dev.margay.loader.ProblemCode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for {@code validate --format sarif}, as code-scanning tools (e.g. GitHub) read it.
 */
final class Sarif {
  private Sarif() {}

  private static final Map<String, String> RULES = new LinkedHashMap<>();
  private static final List<String> WARNINGS =
      List.of(
          RuleLinter.UNKNOWN_FIELD,
          RuleLinter.TESTS,
          RuleLinter.FIELD_CASE,
          RuleLinter.NUMBER_VS_STRING,
          RuleLinter.ATTACK_MAPPING,
          RuleLinter.KEY_WITH_DOT,
          RuleLinter.UNKNOWN_SEVERITY);

  static {
    for (ProblemCode code : ProblemCode.values()) {
      RULES.put(code.id(), "The rule file does not load: " + describe(code) + ".");
    }
    RULES.put(RuleLinter.UNKNOWN_FIELD, "An output field is in none of the rule's test events.");
    RULES.put(RuleLinter.TESTS, "The rule lacks a true or a false test.");
    RULES.put(RuleLinter.FIELD_CASE, "A field matches the test events only ignoring case.");
    RULES.put(
        RuleLinter.NUMBER_VS_STRING,
        "A numeric value is compared with a field that is a string in the test events.");
    RULES.put(
        RuleLinter.ATTACK_MAPPING,
        "A MITRE ATT&CK mapping is malformed, unknown, revoked, deprecated or in the wrong tactic.");
    RULES.put(
        RuleLinter.KEY_WITH_DOT,
        "Key holds a dot: it reads one member name, never a nested field.");
    RULES.put(
        RuleLinter.UNKNOWN_SEVERITY,
        "An unknown ChangeTo severity, which Panther replaces with the base severity.");
  }

  private static String describe(ProblemCode code) {
    return code.id().replace('-', ' ');
  }

  static String render(List<Diagnostic> diagnostics) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver
        .put("name", "margay")
        .put("version", MargayVersion.get())
        .put("informationUri", "https://github.com/margay-dev/margay");
    ArrayNode rules = driver.putArray("rules");
    RULES.forEach(
        (id, text) -> {
          ObjectNode r = rules.addObject();
          r.put("id", id);
          r.putObject("shortDescription").put("text", text);
          r.putObject("defaultConfiguration")
              .put("level", WARNINGS.contains(id) ? "warning" : "error");
        });
    ArrayNode results = run.putArray("results");
    for (Diagnostic d : diagnostics) {
      ObjectNode r = results.addObject();
      r.put("ruleId", d.code());
      r.put("level", d.level() == Diagnostic.Level.ERROR ? "error" : "warning");
      r.putObject("message").put("text", d.message());
      ObjectNode physical = r.putArray("locations").addObject().putObject("physicalLocation");
      physical.putObject("artifactLocation").put("uri", uri(d.location().file()));
      physical
          .putObject("region")
          .put("startLine", Math.max(1, d.location().line()))
          .put("startColumn", Math.max(1, d.location().column()));
    }
    return root.toPrettyString();
  }

  /** A relative path as a URI reference (forward slashes, percent-encoded), as SARIF wants. */
  private static String uri(String file) {
    Path p = Path.of(file);
    if (p.isAbsolute()) {
      return p.toUri().toString();
    }
    StringBuilder sb = new StringBuilder();
    for (Path part : p) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(
          java.net.URLEncoder.encode(part.toString(), java.nio.charset.StandardCharsets.UTF_8)
              .replace("+", "%20"));
    }
    return sb.toString();
  }
}
