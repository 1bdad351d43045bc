package dev.margay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog site in a real browser: Debian's {@code chromium}, headless, loads the pages from
 * {@code file://} (no server, no network) and dumps the DOM after its scripts ran. A page passes
 * when the browser logs nothing to its console (no script error, no blocked fetch, no injected
 * handler) and the DOM shows what a reader needs. Without chromium the test is skipped, unless
 * {@code -Dmargay.requireBrowser=true} (as {@code .ci/run} sets it), which makes a missing browser
 * a failure.
 */
class CatalogBrowserTest {
  private static final Path SHARED_RULES = Path.of("../shared/panther-analysis/rules");
  private static String chromium;

  @BeforeAll
  static void findChromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "chromium"))) {
        chromium = Path.of(dir, "chromium").toString();
        break;
      }
    }
    if (chromium == null) {
      assertThat(Boolean.getBoolean("margay.requireBrowser"))
          .as(
              "margay.requireBrowser is set but no 'chromium' is on PATH (apt-get install -y chromium)")
          .isFalse();
      Assumptions.abort("no chromium on PATH");
    }
  }

  private record Page(String dom, List<String> console) {}

  /** Loads one page headless and returns its DOM after scripts ran, and every console message. */
  private static Page load(Path page, Path work) throws IOException, InterruptedException {
    return load(page.toAbsolutePath().normalize().toUri().toString(), work);
  }

  private static Page load(String url, Path work) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "profile");
    Path dom = work.resolve("dom-" + System.nanoTime() + ".html");
    Path log = work.resolve("log-" + System.nanoTime() + ".txt");
    Process p =
        new ProcessBuilder(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                url)
            .redirectOutput(dom.toFile())
            .redirectError(log.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish loading " + url + " in 120 s");
    }
    assertThat(p.exitValue()).as("chromium exit code; its log:\n" + Files.readString(log)).isZero();
    // Chromium logs every console message of the page as "...:CONSOLE:<line>] "<message>", source:
    // ...".
    List<String> console =
        Files.readAllLines(log).stream().filter(l -> l.contains(":CONSOLE")).toList();
    return new Page(Files.readString(dom, StandardCharsets.UTF_8), console);
  }

  private static void catalog(Path out, String... paths) {
    List<String> args = new ArrayList<>(List.of("catalog", "--out", out.toString()));
    args.addAll(List.of(paths));
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
  }

  private static String section(String dom, String id) {
    int start = dom.indexOf("<section id=\"" + id + "\">");
    assertThat(start).as("section " + id).isNotNegative();
    return dom.substring(start, dom.indexOf("</section>", start));
  }

  @Test
  void theSeedRulesPage_showsIndicatorsExclusionsOutputFieldsAndItsTechnique(@TempDir Path work)
      throws Exception {
    Path site = work.resolve("site");
    catalog(site, "src/test/resources/rules/aws_ec2_security_group_modified.yml");
    Page page = load(site.resolve("rules/AWS.EC2.SecurityGroupModified.html"), work);
    assertThat(page.console()).isEmpty();
    assertThat(section(page.dom(), "indicators"))
        .contains(
            "<td>eventName</td><td>in</td><td>AuthorizeSecurityGroupIngress</td>",
            "<td>RevokeSecurityGroupEgress</td>",
            "<th>Corpus</th>");
    assertThat(section(page.dom(), "exclusions"))
        .contains("<td>errorCode</td><td>is_not_null</td>", "<td>errorMessage</td>");
    assertThat(section(page.dom(), "outputs"))
        .contains(
            "<td>sourceIPAddress</td>", "<td>userIdentity</td>", "<td>recipientAccountId</td>");
    assertThat(section(page.dom(), "attack"))
        .contains("Defense Evasion (TA0005)", "T1562 Impair Defenses", "ATT&amp;CK 18.1");
    assertThat(section(page.dom(), "tests"))
        .contains("Security Group Modified")
        .contains("passed")
        .doesNotContain("failed");
  }

  @Test
  void theIndexOfPantherAnalysis_listsEveryRuleOfItsRulesDirectory(@TempDir Path work)
      throws Exception {
    Assumptions.assumeTrue(
        Files.isDirectory(SHARED_RULES), "../shared/panther-analysis is not there");
    Path site = work.resolve("site");
    catalog(site, SHARED_RULES.toString());
    Page index = load(site.resolve("index.html"), work);
    assertThat(index.console()).isEmpty();
    // The filter script ran to its end and counted every row.
    assertThat(index.dom()).contains("data-ready=\"yes\"");
    // Read independently of Margay's loader: every RuleID line of every YAML file under rules/.
    Pattern ruleId = Pattern.compile("(?m)^RuleID:\\s*[\"']?(.+?)[\"']?\\s*(#.*)?$");
    List<String> ids = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SHARED_RULES)) {
      for (Path f :
          files
              .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
              .toList()) {
        Matcher m = ruleId.matcher(Files.readString(f));
        if (m.find()) {
          ids.add(m.group(1));
        }
      }
    }
    assertThat(ids).hasSizeGreaterThan(800);
    for (String id : ids) {
      assertThat(index.dom())
          .as(id)
          .contains(
              ">" + id.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</a>");
    }
    assertThat(index.dom())
        .contains("id=\"count\">" + ids.size() + " of " + ids.size() + " shown.");
    // A filtered view linked by its address: only the rows with that tactic and kind stay visible.
    Page filtered =
        load(
            site.resolve("index.html").toAbsolutePath().normalize().toUri()
                + "#tactic=Defense%20Evasion&kind=Python%20rule",
            work);
    assertThat(filtered.console()).isEmpty();
    Matcher row =
        Pattern.compile(
                "<tr data-logtype=\"[^\"]*\" data-severity=\"[^\"]*\" data-tag=\"[^\"]*\" "
                    + "data-tactic=\"([^\"]*)\" data-kind=\"([^\"]*)\"( hidden=\"\")?>")
            .matcher(filtered.dom());
    int visible = 0;
    int rows = 0;
    while (row.find()) {
      rows++;
      boolean wanted =
          List.of(row.group(1).split("\n")).contains("Defense Evasion")
              && row.group(2).equals("Python rule");
      assertThat(row.group(3) == null).as(row.group()).isEqualTo(wanted);
      visible += wanted ? 1 : 0;
    }
    assertThat(rows).isEqualTo(ids.size());
    assertThat(visible).isGreaterThan(50);
    assertThat(filtered.dom())
        .contains("id=\"count\">" + visible + " of " + ids.size() + " shown.");
    Page matrix = load(site.resolve("attack.html"), work);
    assertThat(matrix.console()).isEmpty();
    assertThat(matrix.dom()).contains("T1562 Impair Defenses", "Defense Evasion");
    Page seed = load(site.resolve("rules/AWS.EC2.SecurityGroupModified.html"), work);
    assertThat(seed.console()).isEmpty();
    assertThat(section(seed.dom(), "same-action"))
        .contains(">AWS.EC2.ManualSecurityGroupChange</a>");
    assertThat(section(seed.dom(), "python")).contains("def rule(event)");
  }

  @Test
  void hostileRuleContent_staysText_andRunsNothing(@TempDir Path work) throws Exception {
    Path rules = Files.createDirectories(work.resolve("rules"));
    String hostile = "<img src=x onerror=console.log(1)><script>console.log(2)</script>";
    // A Python rule: its RuleID is not checked by the YAML detection reader, so it may hold markup.
    Files.writeString(
        rules.resolve("evil.yml"),
        "AnalysisType: rule\nFilename: evil.py\nRuleID: \"Evil.<b>Rule\"\n"
            + "DisplayName: \""
            + hostile
            + "\"\nEnabled: true\nLogTypes: [\"AWS.CloudTrail\\\"><script>console.log(3)</script>\"]\n"
            + "Severity: High\nTags: [\"x' onmouseover='console.log(4)\"]\nDescription: \""
            + hostile
            + "\"\n");
    Files.writeString(
        rules.resolve("evil.py"), "def rule(event):\n    return '</pre>" + hostile + "'\n");
    Files.writeString(
        rules.resolve("evil2.yml"),
        "AnalysisType: rule\nRuleID: Evil.Two\nDisplayName: \""
            + hostile
            + "\"\nEnabled: true\nLogTypes: [AWS.CloudTrail]\nSeverity: High\nDescription: \""
            + hostile
            + "\"\n"
            + "Detection:\n  - Key: eventName\n    Condition: Equals\n    Value: \"</pre>"
            + hostile
            + "\"\n");
    Path site = work.resolve("site");
    catalog(site, rules.toString());
    for (String page : List.of("index.html", "rules/Evil._b_Rule.html", "rules/Evil.Two.html")) {
      Page p = load(site.resolve(page), work);
      assertThat(p.console()).as(page).isEmpty();
      assertThat(p.dom())
          .as(page)
          .contains("&lt;script&gt;console.log(2)&lt;/script&gt;")
          .doesNotContain("<img");
    }
  }
}
