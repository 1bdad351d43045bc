package dev.margay.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.margay.rule.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Any Panther analysis file (a Python rule's or a policy's YAML as much as a YAML detection) read
 * as a whole, for the catalog: its text, its content as a JSON tree (YAML 1.2 types, read exactly
 * as the loader reads rule files, with the same limits) and where each top-level value and each
 * item below it was written, for {@code file:line} in diagnostics. {@link RuleLoader#loadAll}
 * decides what a file is; this only reads what it holds. Immutable and thread-safe.
 */
public final class AnalysisDocument {
  private final Path file;
  private final String text;
  private final JsonNode json;
  private final Map<String, SourceLocation> locations;

  private AnalysisDocument(
      Path file, String text, JsonNode json, Map<String, SourceLocation> locations) {
    this.file = file;
    this.text = text;
    this.json = json;
    this.locations = Map.copyOf(locations);
  }

  /**
   * Reads one file (at most {@link RuleLoader#MAX_FILE_BYTES} bytes).
   *
   * @throws RuleLoadException if it cannot be read, is not UTF-8 or is not one YAML document within
   *     the limits
   */
  public static AnalysisDocument read(Path path) {
    String name = path.toString();
    byte[] bytes = RuleLoader.readCapped(path, name);
    List<Problem> problems = new ArrayList<>();
    YamlFile file = YamlFile.fromBytes(name, bytes, problems);
    if (file == null) {
      throw new RuleLoadException(name, problems);
    }
    Node root = file.compose();
    if (root == null) {
      throw new RuleLoadException(name, file.problems);
    }
    JsonNode json = new JsonConverter(file).convert(root, "document");
    if (json == null) {
      // A value the converter refuses (a duplicate key deep in a test log) leaves the metadata
      // readable.
      json = JsonNodeFactory.instance.objectNode();
    }
    Map<String, SourceLocation> locations = new HashMap<>();
    if (root instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode key && !key.getValue().equals("Tests")) {
          locate(file, t.getValueNode(), key.getValue(), locations, 0);
        }
      }
    }
    // fromBytes accepted the bytes, so they are valid UTF-8.
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    text = text.indexOf('\r') >= 0 ? text.replace("\r\n", "\n").replace('\r', '\n') : text;
    return new AnalysisDocument(path, text, json, locations);
  }

  private static void locate(
      YamlFile file, Node node, String path, Map<String, SourceLocation> out, int depth) {
    out.putIfAbsent(path, file.location(node));
    if (depth > 3) {
      return;
    }
    if (node instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode key) {
          locate(file, t.getValueNode(), path + "/" + key.getValue(), out, depth + 1);
        }
      }
    } else if (node instanceof SequenceNode seq) {
      for (int i = 0; i < seq.getValue().size(); i++) {
        locate(file, seq.getValue().get(i), path + "/" + i, out, depth + 1);
      }
    }
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The file's text (line breaks normalized to {@code \n}, no BOM). */
  public String text() {
    return text;
  }

  /**
   * The document as JSON (an empty object if its values could not all be converted). Do not modify
   * it.
   */
  public JsonNode json() {
    return json.deepCopy();
  }

  /**
   * The text of a top-level string (or number, boolean) value; empty when absent, null or
   * structured.
   */
  public Optional<String> string(String key) {
    JsonNode v = json.get(key);
    return v == null || v.isNull() || v.isContainerNode()
        ? Optional.empty()
        : Optional.of(v.asText());
  }

  /**
   * The strings of a top-level list (other items as their text); empty when absent or not a list.
   */
  public List<String> strings(String key) {
    JsonNode v = json.get(key);
    List<String> out = new ArrayList<>();
    if (v != null && v.isArray()) {
      v.forEach(
          item -> {
            if (item.isValueNode() && !item.isNull()) {
              out.add(item.asText());
            }
          });
    }
    return out;
  }

  /** {@code Reports}: framework → items as text, in file order; empty when absent or malformed. */
  public Map<String, List<String>> reports() {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    JsonNode reports = json.get("Reports");
    if (reports != null && reports.isObject()) {
      reports
          .properties()
          .forEach(
              e -> {
                List<String> items = new ArrayList<>();
                if (e.getValue().isArray()) {
                  e.getValue()
                      .forEach(
                          item -> {
                            if (item.isValueNode() && !item.isNull()) {
                              items.add(item.asText());
                            }
                          });
                }
                out.put(e.getKey(), List.copyOf(items));
              });
    }
    return out;
  }

  /**
   * Where the {@code index}-th (0-based) item under {@code Reports: framework} was written (the
   * ATT&amp;CK mappings' positions, as {@link dev.margay.rule.Rule#locationOfReport} gives them for
   * a loaded rule); the file's start if unknown.
   *
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public SourceLocation locationOfReport(String framework, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("negative index " + index);
    }
    // Keys and list indexes joined by '/', up to four levels below a top-level key (see locate).
    SourceLocation l = locations.get("Reports/" + framework + "/" + index);
    return l != null ? l : new SourceLocation(file.toString(), 1, 1);
  }

  /**
   * One {@code Tests} entry as written: its {@code Name} (empty if none), {@code ExpectedResult},
   * {@code Log}.
   */
  public record TestEntry(String name, boolean expectedResult, JsonNode log) {}

  /**
   * The {@code Tests} entries, in order ({@code Log} a JSON null when absent; read it, do not
   * modify it).
   */
  public List<TestEntry> tests() {
    List<TestEntry> out = new ArrayList<>();
    JsonNode tests = json.get("Tests");
    if (tests != null && tests.isArray()) {
      for (JsonNode t : tests) {
        JsonNode name = t.get("Name");
        JsonNode expected = t.get("ExpectedResult");
        JsonNode log = t.get("Log");
        out.add(
            new TestEntry(
                name == null || name.isNull() ? "" : name.asText(),
                expected != null && expected.asBoolean(false),
                log == null ? JsonNodeFactory.instance.nullNode() : log));
      }
    }
    return out;
  }
}
