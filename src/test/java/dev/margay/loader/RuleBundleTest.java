package dev.margay.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.rule.Rule;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules as bytes: the same load as from paths, wherever the bytes came from, and a hash that names
 * them.
 */
class RuleBundleTest {
  private static final Path CORPUS = Path.of("../shared/conformance/panther-cloudtrail");
  private static final Path LOCAL = Path.of("src/test/resources/rules");

  private static List<String> ids(LoadResult r) {
    return r.rules().stream().map(Rule::id).toList();
  }

  @Test
  void theCorpusLoadsFromABundleAsFromItsPaths() {
    RuleBundle bundle = RuleBundle.fromPaths(CORPUS);
    LoadResult fromBundle = bundle.load();
    LoadResult fromPaths = RuleLoader.create().loadAll(List.of(CORPUS));
    assertThat(fromBundle.rules()).hasSize(109).isEqualTo(fromPaths.rules());
    assertThat(fromBundle.failures()).isEmpty();
    assertThat(bundle.names()).hasSize(109);
  }

  @Test
  void withoutTestsKeepsEveryRuleAndEveryMatchInAQuarterOfTheBytes() throws Exception {
    RuleBundle whole = RuleBundle.fromPaths(CORPUS);
    RuleBundle lean = whole.withoutTests();
    assertThat(lean.totalBytes()).isLessThan(whole.totalBytes() * 30 / 100);
    LoadResult l = lean.load();
    assertThat(l.failures()).isEmpty();
    assertThat(ids(l)).isEqualTo(ids(whole.load()));
    assertThat(l.rules()).allSatisfy(r -> assertThat(r.tests()).isEmpty());
    // Same detections: every match of the bench file is the same.
    RuleEngine a = RuleEngine.builder().addRules(whole.load().rules()).build();
    RuleEngine b = RuleEngine.builder().addRules(l.rules()).build();
    int matches = 0;
    try (var in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                new GZIPInputStream(
                    Files.newInputStream(Path.of("../shared/bench/cloudtrail-real.jsonl.gz"))),
                StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        List<Match> ma = a.evaluate(line);
        List<Match> mb = b.evaluate(line);
        assertThat(
                mb.stream()
                    .map(m -> m.ruleId() + m.dedupKey() + m.title() + m.alertContext())
                    .toList())
            .isEqualTo(
                ma.stream()
                    .map(m -> m.ruleId() + m.dedupKey() + m.title() + m.alertContext())
                    .toList());
        matches += ma.size();
      }
    }
    assertThat(matches).isEqualTo(2526);
  }

  @Test
  void otherAnalysisTypesAreSkippedAsLoadAllSkipsThem(@TempDir Path dir) throws Exception {
    Files.copy(LOCAL.resolve("aws_ec2_security_group_modified.yml"), dir.resolve("a.yml"));
    Files.writeString(dir.resolve("b.yml"), TestingRule.rule("Py.Rule").python("b.py").yaml());
    Files.writeString(dir.resolve("c.yml"), "apiVersion: v1\nkind: ConfigMap\n");
    LoadResult fromPaths = RuleLoader.create().loadAll(List.of(dir));
    LoadResult fromBundle = RuleBundle.fromPaths(dir).load();
    assertThat(fromBundle.failures()).isEmpty();
    assertThat(ids(fromBundle)).isEqualTo(ids(fromPaths)).hasSize(1);
    assertThat(fromBundle.skipped()).hasSameSizeAs(fromPaths.skipped()).hasSize(1);
    assertThat(fromBundle.ignored()).hasSameSizeAs(fromPaths.ignored()).hasSize(1);
  }

  @Test
  void strippingKeepsLineNumbersOfWhatFollowsTheTests() {
    String yaml =
        "AnalysisType: rule\nTests:\n  - Name: a\n    ExpectedResult: true\n    Log: {}\nRuleID: X\n";
    String stripped =
        new String(
            RuleBundle.stripTests(yaml.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    assertThat(stripped).isEqualTo("AnalysisType: rule\n\n\n\n\nRuleID: X\n");
  }

  @Test
  void aDuplicateRuleIdIsAProblemOfTheLaterFileAndTheRestStillLoads() throws Exception {
    byte[] one = Files.readAllBytes(LOCAL.resolve("aws_ec2_security_group_modified.yml"));
    RuleBundle bundle = RuleBundle.fromBytes(Map.of("b/copy.yml", one, "a/original.yml", one));
    LoadResult r = bundle.load();
    assertThat(r.rules()).hasSize(1);
    assertThat(r.rules().get(0).source().file()).isEqualTo("a/original.yml");
    assertThat(r.failures())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.toDisplayString())
                    .contains("b/copy.yml")
                    .contains("duplicate RuleID")
                    .contains("a/original.yml"));
  }

  @Test
  void theHashNamesTheContentNotWhereItWasRead(@TempDir Path dir) throws Exception {
    RuleBundle paths = RuleBundle.fromPaths(LOCAL);
    RuleBundle classpath = RuleBundle.fromClasspath("rules");
    assertThat(classpath.load().rules().stream().map(Rule::id).toList())
        .isEqualTo(ids(paths.load()));
    // From a jar: the same names and bytes as the classpath folder, so the same hash.
    Path jar = dir.resolve("rules.jar");
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      for (String name : classpath.names()) {
        out.putNextEntry(new JarEntry(name));
        out.write(classpath.bytes(name));
        out.closeEntry();
      }
    }
    try (java.net.URLClassLoader loader =
        new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
      RuleBundle fromJar = RuleBundle.fromClasspath(loader, "rules");
      assertThat(fromJar.sha256()).isEqualTo(classpath.sha256()).hasSize(64);
      assertThat(fromJar).isEqualTo(classpath);
    }
    assertThat(paths.sha256()).isNotEqualTo(classpath.sha256()); // other names
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(paths);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      RuleBundle back = (RuleBundle) in.readObject();
      assertThat(back.sha256()).isEqualTo(paths.sha256());
      assertThat(back.load().rules()).isEqualTo(paths.load().rules());
    }
    assertThatThrownBy(() -> RuleBundle.fromClasspath("no-such-folder"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("no classpath folder 'no-such-folder' with rule files");
  }
}
