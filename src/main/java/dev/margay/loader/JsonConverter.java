package dev.margay.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns a test's {@code Log} (YAML, usually JSON in flow style) into a Jackson tree, with YAML 1.2
 * scalar types. Duplicate keys are problems. A node budget caps what aliases can expand to.
 */
final class JsonConverter {
  static final int MAX_NODES = 200_000;

  private final YamlFile file;
  private int budget = MAX_NODES;

  JsonConverter(YamlFile file) {
    this.file = file;
  }

  /** The JSON value, or null after reporting a problem. */
  JsonNode convert(Node node, String what) {
    if (--budget < 0) {
      if (budget == -1) {
        file.problem(
            node,
            ProblemCode.LIMIT,
            what + ": more than " + MAX_NODES + " values (aliases expanding without bound?)");
      }
      return null;
    }
    if (!file.checkTag(node)) {
      return null;
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (node instanceof MappingNode) {
      Map<String, YamlFile.Entry> entries = file.mapping(node, what);
      if (entries == null) {
        return null;
      }
      ObjectNode out = f.objectNode();
      for (YamlFile.Entry e : entries.values()) {
        JsonNode value = convert(e.value(), what + "." + e.key());
        if (value == null) {
          return null;
        }
        out.set(e.key(), value);
      }
      return out;
    }
    if (node instanceof SequenceNode seq) {
      ArrayNode out = f.arrayNode();
      for (Node item : seq.getValue()) {
        JsonNode value = convert(item, what + "[]");
        if (value == null) {
          return null;
        }
        out.add(value);
      }
      return out;
    }
    ScalarNode scalar = (ScalarNode) node;
    Tag tag = node.getTag();
    String v = scalar.getValue();
    if (Tag.STR.equals(tag)) {
      return f.textNode(v);
    }
    if (Tag.BOOL.equals(tag)) {
      Boolean b = file.boolValue(scalar, what);
      return b == null ? null : f.booleanNode(b);
    }
    if (Tag.NULL.equals(tag)) {
      return f.nullNode();
    }
    if (Tag.INT.equals(tag)) {
      BigInteger i = YamlFile.parseInt(v);
      if (i == null) {
        file.problem(node, ProblemCode.BAD_VALUE, what + ": '" + v + "' is not a number");
        return null;
      }
      if (i.bitLength() < 32) {
        return f.numberNode(i.intValue());
      }
      return i.bitLength() < 64 ? f.numberNode(i.longValue()) : f.numberNode(i);
    }
    BigDecimal d = file.number(scalar, what);
    return d == null ? null : f.numberNode(d.doubleValue());
  }
}
