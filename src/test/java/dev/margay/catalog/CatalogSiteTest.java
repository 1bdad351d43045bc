package dev.margay.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.lint.AttackTable;
import dev.margay.loader.RuleLoader;
import dev.margay.loader.TestingRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site's pages as files: names, escaping, the matrix colours (the browser test loads them). */
class CatalogSiteTest {
  @TempDir Path dir;

  private void python(String file, String id, String extra) throws IOException {
    Files.writeString(
        dir.resolve(file),
        TestingRule.rule("\"" + id + "\"").python("x.py").severity("High").yaml() + extra);
  }

  @Test
  void idsDifferingOnlyInCase_orInUnsafeCharacters_getTheirOwnPages() throws IOException {
    python("a.yml", "Rule.A", "");
    python("b.yml", "rule.a", "");
    python("c.yml", "../../etc/x", "");
    Map<String, String> pages =
        CatalogSite.render(Catalog.of(RuleLoader.create().loadAll(List.of(dir))), null);
    assertThat(pages.keySet())
        .containsExactlyInAnyOrder(
            "index.html", "rules/Rule.A.html", "rules/rule.a-2.html", "rules/_.._.._etc_x.html");
  }

  @Test
  void ruleContent_isEscapedEverywhere_andRulePagesHoldNoScript() throws IOException {
    python(
        "a.yml",
        "X\\\"><script>alert(1)</script>",
        "Description: \"<b onclick=alert(2)>&amp;</b>\"\nTags: [\"'\\\"<>\"]\n");
    Map<String, String> pages =
        CatalogSite.render(
            Catalog.of(RuleLoader.create().loadAll(List.of(dir))),
            AttackTable.bundled().orElse(null));
    String page =
        pages.entrySet().stream()
            .filter(e -> e.getKey().startsWith("rules/"))
            .findFirst()
            .orElseThrow()
            .getValue();
    assertThat(page)
        .doesNotContain("<script")
        .doesNotContain("<b onclick")
        .contains("&lt;b onclick=alert(2)&gt;&amp;amp;&lt;/b&gt;")
        .contains("&#39;&quot;&lt;&gt;");
    // The index has exactly one script, its own.
    assertThat(pages.get("index.html").split("<script", -1)).hasSize(2);
    assertThat(pages.get("index.html"))
        .contains("X&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void bidiControlsAndInvisibleCharacters_areShownAsVisibleEscapes_inEveryPage()
      throws IOException {
    // Raw code points in the file (RLO, PDF, zero-width space, LRI, a tag character), and through
    // YAML escapes
    // the ones YAML does not allow raw (ESC) or a reader may drop (a BOM), in the id, name,
    // description and tag.
    python(
        "a.yml",
        "Evil\u202eRule",
        "DisplayName: \"Name\\e[31m\"\n"
            + "Description: \"Blocks \u202etxt.exe\u202c access\u200b here\uDB40\uDC41\"\n"
            + "Tags: [\"\\ufeffTag\u2066\"]\n");
    Map<String, String> pages =
        CatalogSite.render(
            Catalog.of(RuleLoader.create().loadAll(List.of(dir))),
            AttackTable.bundled().orElse(null));
    String page =
        pages.entrySet().stream()
            .filter(e -> e.getKey().startsWith("rules/"))
            .findFirst()
            .orElseThrow()
            .getValue();
    assertThat(page)
        .contains(
            "<p class=\"description\">Blocks \\u202etxt.exe\\u202c access\\u200b here\\U000e0041</p>")
        .contains("<h1>Name\\e[31m</h1>")
        .contains("<dd>\\ufeffTag\\u2066</dd>")
        .contains("<dd>Evil\\u202eRule</dd>");
    for (Map.Entry<String, String> p : pages.entrySet()) {
      assertThat(
              p.getValue()
                  .codePoints()
                  .filter(c -> c != '\n' && c != '\t' && CatalogSite.invisible(c))
                  .toArray())
          .as(p.getKey())
          .isEmpty();
    }
    assertThat(pages.get("index.html")).contains("Evil\\u202eRule").contains("\\ufeffTag\\u2066");
  }

  @Test
  void aCarriageReturn_isShownUnlessItEndsALine() {
    assertThat(CatalogSite.esc("a\r\nb\rc\u0000")).isEqualTo("a\nb\\rc\\u0000");
  }

  @Test
  void pagesOfPoliciesScheduledRulesAndQueries_showTheirPythonOrSql_underTheRightHeading()
      throws IOException {
    Files.writeString(
        dir.resolve("p.yml"),
        "AnalysisType: policy\nFilename: p.py\nPolicyID: Pol\nEnabled: true\n"
            + "ResourceTypes: [AWS.S3.Bucket]\nSeverity: High\n");
    Files.writeString(
        dir.resolve("p.py"),
        "def policy(resource):\n    return resource['Versioning'] == 'Enabled'\n");
    Files.writeString(
        dir.resolve("s.yml"),
        "AnalysisType: scheduled_rule\nFilename: gone.py\nRuleID: Sched\nEnabled: true\n"
            + "ScheduledQueries: [Q.Scheduled]\nSeverity: Low\n");
    Files.writeString(
        dir.resolve("q.yml"),
        "AnalysisType: scheduled_query\nQueryName: Q.Scheduled\nEnabled: true\n"
            + "Query: \"SELECT * FROM panther_logs.public.aws_cloudtrail WHERE x < 1\"\nSchedule:\n  RateMinutes: 60\n"
            + "  TimeoutMinutes: 1\n");
    Files.writeString(
        dir.resolve("v.yml"), "AnalysisType: saved_query\nQueryName: Q.Saved\nQuery: SELECT 1\n");
    Map<String, String> pages =
        CatalogSite.render(Catalog.of(RuleLoader.create().loadAll(List.of(dir))), null);
    assertThat(pages.get("rules/Pol.html"))
        .contains("<h2>Python source <code>p.py</code></h2>\n<pre>def policy(resource):")
        .doesNotContain("No compact logic")
        .doesNotContain("SQL query");
    assertThat(pages.get("rules/Sched.html"))
        .contains(
            "<h2>Python source <code>gone.py</code></h2>\n"
                + "<p class=\"muted\">The Python file named by Filename was not found beside the YAML.</p>");
    assertThat(pages.get("rules/Q.Scheduled.html"))
        .contains("<h2>SQL query</h2>")
        .doesNotContain("Python source")
        .contains("<pre>SELECT * FROM panther_logs.public.aws_cloudtrail WHERE x &lt; 1</pre>");
    assertThat(pages.get("rules/Q.Saved.html"))
        .contains("The Query of this saved query")
        .contains("<pre>SELECT 1</pre>")
        .doesNotContain("Python source");
  }

  @Test
  void matrixColours_runFromWhiteToTheLayersBlue() {
    assertThat(CatalogSite.colour(0, 57)).isEqualTo("#ffffff");
    assertThat(CatalogSite.colour(57, 57)).isEqualTo("#66b1ff");
    assertThat(CatalogSite.colour(1, 2)).isEqualTo("#b3d8ff");
  }
}
