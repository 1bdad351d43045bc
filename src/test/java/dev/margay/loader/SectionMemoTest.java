package dev.margay.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.rule.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Sections of rule files composed once per {@code loadAll} call and reused: the reused tree is the
 * tree the file composes on its own, node for node, with the same lines and columns.
 */
class SectionMemoTest {
  private static final List<Path> CORPORA =
      List.of(
          Path.of("src/test/resources/rules"),
          Path.of("src/test/resources/malformed"),
          Path.of("../shared/conformance/panther-cloudtrail"),
          Path.of("../shared/conformance/panther-historical"),
          Path.of("../shared/panther-analysis/rules"));

  /** A node tree as text: kind, tag, line:column of start and end, value, style. */
  private static String render(Node node) {
    StringBuilder out = new StringBuilder();
    render(node, 0, out);
    // The root's end is where the last composed text ended; nothing reads it (SectionMemo says so).
    return out.toString().replaceFirst("^(MAPPING \\S+ @\\d+:\\d+)-\\d+:\\d+", "$1");
  }

  private static void render(Node node, int depth, StringBuilder out) {
    if (depth > 150) {
      // Deeper than any file composes: a merge key that refers to its own mapping.
      out.append("...\n");
      return;
    }
    out.append("  ".repeat(depth))
        .append(node.getNodeType())
        .append(' ')
        .append(node.getTag().getValue())
        .append(" @")
        .append(at(node.getStartMark().orElse(null)))
        .append('-')
        .append(at(node.getEndMark().orElse(null)));
    if (node instanceof ScalarNode s) {
      out.append(' ').append(s.getScalarStyle()).append(" '").append(s.getValue()).append("'\n");
    } else if (node instanceof MappingNode map) {
      out.append(' ').append(map.getFlowStyle()).append('\n');
      for (NodeTuple t : map.getValue()) {
        render(t.getKeyNode(), depth + 1, out);
        render(t.getValueNode(), depth + 2, out);
      }
    } else if (node instanceof SequenceNode seq) {
      out.append(' ').append(seq.getFlowStyle()).append('\n');
      for (Node item : seq.getValue()) {
        render(item, depth + 1, out);
      }
    }
  }

  private static String at(Mark mark) {
    return mark == null ? "?" : (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
  }

  /** The file composed alone, or its problems. */
  private static String composeAlone(String name, String text, boolean blankTests) {
    YamlFile file = YamlFile.fromText(name, text);
    if (blankTests) {
      file.blankTopLevelValue("Tests");
    }
    Node root = file.compose();
    return root == null ? "problems " + file.problems : render(root);
  }

  private static String composeWith(
      SectionMemo memo, String name, String text, boolean blankTests) {
    YamlFile file = YamlFile.fromText(name, text);
    if (blankTests) {
      file.blankTopLevelValue("Tests");
    }
    file.sections = memo;
    Node root = file.compose();
    return root == null ? "problems " + file.problems : render(root);
  }

  /** The file's text, or null when it is not UTF-8 (a malformed-input case). */
  private static String text(Path f) throws IOException {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      return null;
    }
  }

  private static List<Path> yamlFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : CORPORA) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
            .sorted()
            .forEach(files::add);
      }
    }
    return files;
  }

  @Test
  void everyCorpusFile_composesToItsOwnTree_whenEverySectionIsReused() throws IOException {
    List<Path> files = yamlFiles();
    assertThat(files).hasSizeGreaterThan(900);
    for (boolean blankTests : new boolean[] {false, true}) {
      SectionMemo memo = new SectionMemo();
      for (Path f : files) {
        String text = text(f);
        if (text == null) {
          continue;
        }
        String alone = composeAlone(f.toString(), text, blankTests);
        // First: sections stored; second: the same text, every section found in the memo.
        assertThat(composeWith(memo, f.toString(), text, blankTests))
            .as(f.toString())
            .isEqualTo(alone);
        assertThat(composeWith(memo, f.toString(), text, blankTests))
            .as(f.toString())
            .isEqualTo(alone);
      }
    }
  }

  @Test
  void aCopyWithOtherLines_composesToItsOwnTree_withTheSectionsItShares() throws IOException {
    SectionMemo memo = new SectionMemo();
    int reusedFiles = 0;
    for (Path f : yamlFiles()) {
      String text = text(f);
      if (text == null || !text.contains("\nRuleID:") || !text.contains("\nDetection:\n")) {
        continue;
      }
      composeWith(memo, f.toString(), text, false);
      // As a tenant's copy: another RuleID, and one more detection line, which moves every later
      // section one line down (those sections are then new to the memo, and stored).
      String copy =
          text.replace("\nRuleID:", "\nRuleID: Copy.Of\nOldRuleID:")
              .replace(
                  "\nDetection:\n", "\nDetection:\n- KeyPath: p_tenant\n  Condition: Exists\n");
      String copy2 = copy.replace("RuleID: Copy.Of", "RuleID: Second.Copy");
      assertThat(composeWith(memo, f.toString(), copy, false))
          .as(f.toString())
          .isEqualTo(composeAlone(f.toString(), copy, false));
      assertThat(composeWith(memo, f.toString(), copy2, false))
          .as(f.toString())
          .isEqualTo(composeAlone(f.toString(), copy2, false));
      reusedFiles++;
    }
    assertThat(reusedFiles).isGreaterThan(150);
  }

  @Test
  void valuesThatRunOnInColumnOne_areReadAsTheFileAloneReadsThem() {
    SectionMemo memo = new SectionMemo();
    // Each of these has a line in column 1 that is not a key of its own; a file seen before holds
    // that line as a section, so reusing it would read the file wrongly.
    String[][] pairs = {
      {"Second: line\"\nRunbook: r\n", "Description: \"first\nSecond: line\"\nRunbook: r\n"},
      {"b: c]\nRunbook: r\n", "Tags: [a,\nb: c]\nRunbook: r\n"},
      {"Runbook: r\n", "Description: |+\n  kept\n\n\nRunbook: r\n"},
      {"Runbook: r\n", "Description: &d text\nRunbook: *d\n"},
      {"Runbook: r\n", "<<: {Runbook: r}\nRunbook: r\n"},
      {"Runbook: r\n", "---\nRunbook: r\n"},
    };
    for (String[] pair : pairs) {
      composeWith(memo, "seen.yml", pair[0], false);
      composeWith(memo, "seen.yml", pair[0], false);
      assertThat(composeWith(memo, "f.yml", pair[1], false))
          .as(pair[1])
          .isEqualTo(composeAlone("f.yml", pair[1], false));
    }
  }

  @Test
  void tenantCopies_loadAsEachFileLoadsAlone_withAndWithoutTests(@TempDir Path dir)
      throws IOException {
    List<Path> written = new ArrayList<>();
    try (Stream<Path> corpus = Files.list(CORPORA.get(2))) {
      List<Path> rules = corpus.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
      for (int tenant = 0; tenant < 3; tenant++) {
        for (Path rule : rules) {
          String text = Files.readString(rule, StandardCharsets.UTF_8);
          java.util.regex.Matcher detection =
              java.util.regex.Pattern.compile("\nDetection:\n( *)- ").matcher(text);
          if (!detection.find()) {
            continue;
          }
          String indent = detection.group(1);
          text =
              text.replaceFirst("\nRuleID: *\"?([^\"\\n]+)\"?", "\nRuleID: \"$1.t" + tenant + "\"")
                  .replace(
                      "\nDetection:\n",
                      "\nDetection:\n"
                          + (indent + "- KeyPath: p_tenant\n")
                          + (indent + "  Condition: Equals\n")
                          + (indent + "  Value: t" + tenant + "\n"));
          Path out = dir.resolve("t" + tenant + "-" + rule.getFileName());
          Files.writeString(out, text, StandardCharsets.UTF_8);
          written.add(out);
        }
      }
    }
    for (RuleLoader loader : List.of(RuleLoader.create(), RuleLoader.create().withoutTests())) {
      LoadResult all = loader.loadAll(List.of(dir));
      assertThat(all.failures()).isEmpty();
      List<Rule> alone = new ArrayList<>();
      for (Path f : written.stream().sorted().toList()) {
        alone.add(loader.load(f));
      }
      assertThat(all.rules()).hasSizeGreaterThan(300).containsExactlyElementsOf(alone);
    }
  }
}
