package dev.margay.loader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * YAML snippets and the reading Panther's loader gives them. panther_analysis_tool reads rule files
 * with ruamel.yaml (safe loader, YAML 1.2); each expected reading below is derived from ruamel.yaml
 * 0.18.17's source: {@code resolver.py} (the YAML 1.2 implicit resolvers), {@code constructor.py}
 * ({@code construct_yaml_int}/{@code _float}, merge flattening, duplicate keys) and {@code
 * scanner.py} ({@code ESCAPE_REPLACEMENTS}, {@code scan_plain} in flow context). The reading is
 * written as the JSON that {@code json.dumps} of ruamel's result would give; {@code ERROR@line}
 * means ruamel raises an error and Margay reports a problem on that line. Rows marked {@code
 * MARGAY} are Margay's documented choices where ruamel builds something JSON has no value for.
 */
class YamlReadingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String[][] CASES = {
    // JSON escapes (scanner.py ESCAPE_REPLACEMENTS: '/' "as per http://www.json.org/") and the YAML
    // 1.2 ones
    {"a: \"x\\/y\"", "{\"a\":\"x/y\"}"},
    {
      "a: {\"eventName\": \"A\\/B\", \"n\": \"\\u00e9\\x41\"}",
      "{\"a\":{\"eventName\":\"A/B\",\"n\":\"\\u00e9A\"}}"
    },
    {"a: \"\\L\\P\\N\\_\\e\\0\\t\"", "{\"a\":\"\\u2028\\u2029\\u0085\\u00a0\\u001b\\u0000\\t\"}"},
    {"a: \"x \\L y\"\nb: [\"\\P\"]", "{\"a\":\"x \\u2028 y\",\"b\":[\"\\u2029\"]}"},
    {"a: \"\uD83D\uDE00 \\L\\\\L\"", "{\"a\":\"\\ud83d\\ude00 \\u2028\\\\L\"}"},
    {"a: '\\/'", "{\"a\":\"\\\\/\"}"},
    {"a: 'it''s'", "{\"a\":\"it's\"}"},
    {"a: \"\\q\"", "ERROR@1"},
    // merge keys: single, list (earlier maps win), explicit keys win, in flow style
    {"base: &b {x: 1}\nc:\n  <<: *b\n  y: 2", "{\"base\":{\"x\":1},\"c\":{\"x\":1,\"y\":2}}"},
    {
      "a: &a {x: 1, z: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n  z: 3",
      "{\"a\":{\"x\":1,\"z\":1},\"b\":{\"x\":2,\"y\":2},\"c\":{\"x\":1,\"y\":2,\"z\":3}}"
    },
    {"a: &a {x: 1}\nc:\n  x: 0\n  <<: *a", "{\"a\":{\"x\":1},\"c\":{\"x\":0}}"},
    {"c: {a: 1, <<: {b: 2}}", "{\"c\":{\"a\":1,\"b\":2}}"},
    {"a: &x 1\nb: *x", "{\"a\":1,\"b\":1}"},
    // flatten_mapping: a second << in one mapping, or a merge of something else than mappings, is
    // an error
    {"a: &a {x: 1}\nb: &b {z: 1}\nc:\n  <<: *a\n  <<: *b", "ERROR@5"},
    {"c: {<<: 1}", "ERROR@1"},
    {"a: &a [1]\nc:\n  <<: *a", "ERROR@3"},
    {"c: {'<<': 1}", "{\"c\":{\"<<\":1}}"},
    // flow context (scanner.py scan_plain: ':' not followed by a space stays in a plain scalar)
    {"c: {userIdentity:{type: Root}}", "ERROR@1"},
    {"c: {a:[1]}", "ERROR@1"},
    {"c: {a:1}", "{\"c\":{\"a:1\":null}}"},
    {"c: [a:1]", "{\"c\":[\"a:1\"]}"},
    {"c: {a: b:c}", "{\"c\":{\"a\":\"b:c\"}}"},
    {"c: {\"a\":1}", "{\"c\":{\"a\":1}}"},
    {"c: {'a':{\"b\":[1,2]}}", "{\"c\":{\"a\":{\"b\":[1,2]}}}"},
    {"c: [1, 2, ]", "{\"c\":[1,2]}"},
    {"c: {a: 1, a: 2}", "ERROR@1"},
    {"? a\n: b", "{\"a\":\"b\"}"},
    // booleans and null (resolver.py, (1, 2) entries)
    {
      "a: [true, True, TRUE, false, tRUE, Yes, no, on, OFF, y]",
      "{\"a\":[true,true,true,false,\"tRUE\",\"Yes\",\"no\",\"on\",\"OFF\",\"y\"]}"
    },
    {"a: [~, null, Null, NULL, nULL]\nb:", "{\"a\":[null,null,null,null,\"nULL\"],\"b\":null}"},
    // integers (construct_yaml_int: underscores dropped, 0b/0o/0x, otherwise decimal: 012 is 12)
    {
      "a: [012, 0o12, 0x1F, -0x1F, 0b101, 1_000, +12, 019, 0, 00, 0o]",
      "{\"a\":[12,10,31,-31,5,1000,12,19,0,0,\"0o\"]}"
    },
    {"a: 123456789012345678901234567890", "{\"a\":123456789012345678901234567890}"},
    {
      "account: 012345678901\nquoted: \"012345678901\"",
      "{\"account\":12345678901,\"quoted\":\"012345678901\"}"
    },
    // floats (no sexagesimal in 1.2; an exponent after a leading '.' needs its sign)
    {
      "a: [1e3, .5, 1., 1_000.5, -.5, .5e+3, .5e3, 1:30]",
      "{\"a\":[1000.0,0.5,1.0,1000.5,-0.5,500.0,\".5e3\",\"1:30\"]}"
    },
    // scalars that stay strings
    {"a: [2020-01-01, 1.2.3, 0x, +]", "{\"a\":[\"2020-01-01\",\"1.2.3\",\"0x\",\"+\"]}"},
    {"a: |\n  x\n  y\nb: >-\n  x\n  y", "{\"a\":\"x\\ny\\n\",\"b\":\"x y\"}"},
    // tags: the core schema's are read (ruamel's SafeConstructor), any other is an error
    {"a: !!str 12\nb: !!int \"12\"", "{\"a\":\"12\",\"b\":12}"},
    {
      "a: [!!bool yes, !!bool Off, !!bool \"n\"]\nb: !!float 1\nc: !!null x",
      "{\"a\":[true,false,false],\"b\":1.0,\"c\":null}"
    },
    {"a: !!bool maybe", "ERROR@1"},
    {"a: !!int x1", "ERROR@1"},
    {"a: !custom x", "ERROR@1"},
    {"a: !!python/object:os.system x", "ERROR@1"},
    // '=' resolves to tag:yaml.org,2002:value, which the safe constructor cannot build
    {"a: =", "ERROR@1"},
    {"a: '='", "{\"a\":\"=\"}"},
    // MARGAY: a %YAML 1.1 directive would switch ruamel to YAML 1.1 rules; Margay reads 1.2 only
    // and says so
    {"%YAML 1.1\n---\na: yes", "ERROR@1"},
    {"%YAML 1.2\n---\na: yes", "{\"a\":\"yes\"}"},
    // MARGAY: ruamel builds a float inf; JSON (and a rule value) has none, so it is a problem
    {"a: .inf", "ERROR@1"},
  };

  static JsonNode read(String yaml) {
    YamlFile file = YamlFile.fromText("t.yml", yaml);
    Node root = file.compose();
    JsonNode value = root == null ? null : new JsonConverter(file).convert(root, "document");
    if (value == null || !file.problems.isEmpty()) {
      throw new RuleLoadException("t.yml", file.problems);
    }
    return value;
  }

  @TestFactory
  Stream<DynamicTest> eachSnippetReadsAsPanthersLoaderReadsIt() {
    return Stream.of(CASES)
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c[0].replace("\n", "\\n"),
                    () -> {
                      if (c[1].startsWith("ERROR@")) {
                        int line = Integer.parseInt(c[1].substring(6));
                        try {
                          JsonNode unexpected = read(c[0]);
                          throw new AssertionError("expected a problem, read " + unexpected);
                        } catch (RuleLoadException e) {
                          assertThat(e.problems())
                              .as(e.getMessage())
                              .isNotEmpty()
                              .allSatisfy(p -> assertThat(p.location().line()).isEqualTo(line));
                        }
                      } else {
                        assertThat(read(c[0])).isEqualTo(JSON.readTree(c[1]));
                      }
                    }));
  }
}
