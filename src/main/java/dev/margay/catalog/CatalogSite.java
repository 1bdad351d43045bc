// Over 300 lines: one renderer: every page shares its escaping, layout and CSS, split only by page.
package dev.margay.catalog;

import dev.margay.lint.AttackTable;
import dev.margay.rule.AlertContextField;
import dev.margay.rule.Rule;
import dev.margay.testing.TestOutcome;
import dev.margay.testing.TestReplay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A catalog as a static HTML site: {@code index.html} (every entry, filters by log type, severity,
 * tag, tactic and kind, a text search), one page per entry under {@code rules/} with the sections
 * of a detection catalog page (metadata, ATT&amp;CK coverage, rules detecting the same action, rule
 * body YAML, logic in compact syntax or the Python source, exclusions, indicators with the corpus
 * column, output fields, tests with their results) and {@code attack.html}, the ATT&amp;CK matrix
 * coloured by rule count.
 *
 * <p>Self-contained: no network at view time (a Content-Security-Policy forbids any fetch), inline
 * CSS and one small inline script on the index. Rule content is hostile input: every piece of it is
 * HTML-escaped, and it never reaches a script or a URL. Stateless and thread-safe; {@link #render}
 * returns the pages (relative path → HTML) and writes nothing.
 */
public final class CatalogSite {
  private static final String CSP =
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
          + "img-src data:";
  private static final String STYLE =
      """
      body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;max-width:80em}
      table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
      th{background:#f3f3f3}pre{background:#f7f7f7;border:1px solid #ddd;padding:.6em;overflow:auto;max-height:40em}
      dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}
      .muted{color:#666}.warn{color:#a40}.pass{color:#070}.fail{color:#b00}
      .matrix td{min-width:9em;font-size:.85em}.matrix a{color:inherit}nav a{margin-right:1em}
      """;

  private CatalogSite() {}

  /**
   * The site's pages. {@code table} null: mappings are shown as written, and no matrix is drawn.
   */
  public static Map<String, String> render(Catalog catalog, AttackTable table) {
    Map<CatalogEntry, String> pages = new IdentityHashMap<>();
    Map<String, Integer> used = new HashMap<>();
    for (CatalogEntry e : catalog.entries()) {
      String base = e.id().replaceAll("[^A-Za-z0-9._-]", "_");
      base = base.isEmpty() || base.startsWith(".") ? "_" + base : base;
      if (base.length() > 150) {
        base = base.substring(0, 150);
      }
      // Case-insensitive file systems: ids differing only in case must not share a file.
      int n = used.merge(base.toLowerCase(Locale.ROOT), 1, Integer::sum);
      pages.put(e, "rules/" + base + (n == 1 ? "" : "-" + n) + ".html");
    }
    Map<String, String> out = new LinkedHashMap<>();
    out.put("index.html", index(catalog, table, pages));
    for (CatalogEntry e : catalog.entries()) {
      out.put(pages.get(e), page(e, catalog, table, pages));
    }
    if (table != null) {
      out.put("attack.html", matrix(catalog, table, pages));
    }
    return out;
  }

  /**
   * HTML-escapes text for element content and quoted attribute values, and shows every control,
   * bidi and invisible format code point as a visible escape ({@code \e}, {@code \r}, a backslash,
   * u and four hex digits), as the CLI shows them on a terminal: a right-to-left override in a
   * description would otherwise reorder the text the reader sees ("Trojan Source"), and a
   * zero-width character would hide a difference. Newlines and tabs stay (whitespace in HTML), and
   * so does a CR before a newline (a CRLF file).
   */
  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        case '\n', '\t' -> sb.append((char) c);
        case '\r' -> sb.append(i < s.length() && s.charAt(i) == '\n' ? "" : "\\r");
        case 0x1b -> sb.append("\\e");
        default -> {
          if (invisible(c)) {
            sb.append(c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
          } else {
            sb.appendCodePoint(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /**
   * C0 and C1 controls and DEL, line and paragraph separators, and Unicode format characters
   * (category Cf: bidi embeddings, overrides, isolates and marks, zero-width spaces and joiners,
   * the BOM, tag characters).
   */
  static boolean invisible(int c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x2028
        || c == 0x2029
        || Character.getType(c) == Character.FORMAT;
  }

  /** A list of values as one attribute, newline-separated (read by the index script with split). */
  private static String attr(java.util.Collection<String> values) {
    return esc(String.join("\n", values)).replace("\n", "&#10;");
  }

  private static String head(String title, String root) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\""
        + CSP
        + "\">"
        + "<meta name=\"viewport\" content=\"width=device-width\"><link rel=\"icon\" href=\"data:,\">"
        + "<title>"
        + esc(title)
        + "</title><style>"
        + STYLE
        + "</style></head>\n<body>\n"
        + "<nav><a href=\""
        + root
        + "index.html\">All rules</a><a href=\""
        + root
        + "attack.html\">ATT&amp;CK matrix</a></nav>\n";
  }

  private static List<String> tacticNames(CatalogEntry e, AttackTable table) {
    if (table == null) {
      return List.of();
    }
    Set<String> out = new TreeSet<>();
    for (CatalogEntry.Mapping m : e.attack()) {
      if (table.check(m.value()).isEmpty()) {
        table.tacticName(m.value().substring(0, m.value().indexOf(':'))).ifPresent(out::add);
      }
    }
    return List.copyOf(out);
  }

  private static String index(Catalog catalog, AttackTable table, Map<CatalogEntry, String> pages) {
    StringBuilder sb = new StringBuilder(head("Detection rules", ""));
    sb.append("<h1>Detection rules</h1>\n<p class=\"muted\">")
        .append(catalog.entries().size())
        .append(" analysis files")
        .append(table == null ? "" : "; MITRE ATT&amp;CK " + esc(table.version()) + " (Enterprise)")
        .append(". <span id=\"count\"></span></p>\n<form id=\"filters\">");
    Map<String, Set<String>> options = new LinkedHashMap<>();
    for (String f : List.of("logtype", "severity", "tag", "tactic", "kind")) {
      options.put(f, new TreeSet<>());
    }
    for (CatalogEntry e : catalog.entries()) {
      options.get("logtype").addAll(e.logTypes());
      options.get("severity").add(e.severity());
      options.get("tag").addAll(e.tags());
      options.get("tactic").addAll(tacticNames(e, table));
      options.get("kind").add(e.kind().singular());
    }
    Map<String, String> labels =
        Map.of(
            "logtype",
            "Log type",
            "severity",
            "Severity",
            "tag",
            "Tag",
            "tactic",
            "Tactic",
            "kind",
            "Kind");
    options.forEach(
        (f, values) -> {
          sb.append("<label>")
              .append(labels.get(f))
              .append(" <select data-filter=\"")
              .append(f)
              .append("\"><option value=\"\">any</option>");
          values.forEach(v -> sb.append("<option>").append(esc(v)).append("</option>"));
          sb.append("</select></label>\n");
        });
    sb.append("<label>Search <input id=\"q\" type=\"search\"></label></form>\n");
    sb.append(
        "<table id=\"rules\"><thead><tr><th>RuleID</th><th>Name</th><th>Kind</th><th>Severity</th><th>Enabled</th>"
            + "<th>Log types</th><th>Tags</th><th>Tactics</th></tr></thead><tbody>\n");
    for (CatalogEntry e : catalog.entries()) {
      List<String> tactics = tacticNames(e, table);
      sb.append("<tr data-logtype=\"")
          .append(attr(e.logTypes()))
          .append("\" data-severity=\"")
          .append(esc(e.severity()))
          .append("\" data-tag=\"")
          .append(attr(e.tags()))
          .append("\" data-tactic=\"")
          .append(attr(tactics))
          .append("\" data-kind=\"")
          .append(esc(e.kind().singular()))
          .append("\">")
          .append("<td><a href=\"")
          .append(pages.get(e))
          .append("\">")
          .append(esc(e.id()))
          .append("</a></td><td>")
          .append(esc(e.name()))
          .append("</td><td>")
          .append(esc(e.kind().singular()))
          .append("</td><td>")
          .append(esc(e.severity()))
          .append("</td><td>")
          .append(e.enabled() ? "yes" : "no")
          .append("</td><td>")
          .append(esc(String.join(", ", e.logTypes())))
          .append("</td><td>")
          .append(esc(String.join(", ", e.tags())))
          .append("</td><td>")
          .append(esc(String.join(", ", tactics)))
          .append("</td></tr>\n");
    }
    sb.append("</tbody></table>\n<script>\n")
        .append(INDEX_SCRIPT)
        .append("</script>\n</body></html>\n");
    return sb.toString();
  }

  // Reads only the DOM the page itself holds; no rule content is ever part of the script.
  private static final String INDEX_SCRIPT =
      """
      (function () {
        var selects = document.querySelectorAll('select[data-filter]');
        var q = document.getElementById('q');
        var rows = document.querySelectorAll('#rules tbody tr');
        function apply() {
          var shown = 0, text = q.value.toLowerCase();
          for (var i = 0; i < rows.length; i++) {
            var r = rows[i], ok = true;
            for (var j = 0; j < selects.length && ok; j++) {
              var s = selects[j];
              if (s.value && (r.getAttribute('data-' + s.getAttribute('data-filter')) || '').split('\\n').indexOf(s.value) < 0) {
                ok = false;
              }
            }
            if (ok && text && r.textContent.toLowerCase().indexOf(text) < 0) { ok = false; }
            r.hidden = !ok;
            if (ok) { shown++; }
          }
          document.getElementById('count').textContent = shown + ' of ' + rows.length + ' shown.';
        }
        function decode(part) {
          try { return decodeURIComponent(part); } catch (e) { return ''; }
        }
        // The filters live in the address (#tactic=Defense%20Evasion&severity=High): a view can be linked.
        function fromHash() {
          var parts = location.hash.replace(/^#/, '').split('&');
          for (var j = 0; j < selects.length; j++) { selects[j].value = ''; }
          q.value = '';
          for (var i = 0; i < parts.length; i++) {
            var eq = parts[i].indexOf('=');
            if (eq < 0) { continue; }
            var key = decode(parts[i].substring(0, eq)), value = decode(parts[i].substring(eq + 1));
            if (key === 'q') { q.value = value; }
            for (var k = 0; k < selects.length; k++) {
              var s = selects[k];
              if (s.getAttribute('data-filter') === key) {
                for (var o = 0; o < s.options.length; o++) {
                  if (s.options[o].value === value) { s.value = value; }
                }
              }
            }
          }
          apply();
        }
        function toHash() {
          var parts = [];
          for (var j = 0; j < selects.length; j++) {
            if (selects[j].value) {
              parts.push(selects[j].getAttribute('data-filter') + '=' + encodeURIComponent(selects[j].value));
            }
          }
          if (q.value) { parts.push('q=' + encodeURIComponent(q.value)); }
          location.hash = parts.join('&');
          apply();
        }
        for (var k = 0; k < selects.length; k++) { selects[k].addEventListener('change', toHash); }
        q.addEventListener('input', toHash);
        window.addEventListener('hashchange', fromHash);
        document.getElementById('filters').addEventListener('submit', function (e) { e.preventDefault(); });
        fromHash();
        document.body.setAttribute('data-ready', 'yes');
      })();
      """;

  private static String page(
      CatalogEntry e, Catalog catalog, AttackTable table, Map<CatalogEntry, String> pages) {
    StringBuilder sb = new StringBuilder(head(e.name() + " \u00b7 " + e.id(), "../"));
    Optional<Rule> rule = e.rule();
    sb.append("<h1>").append(esc(e.name())).append("</h1>\n<dl>");
    dd(sb, e.kind().idKey(), esc(e.id()));
    dd(
        sb,
        "Kind",
        esc(e.kind().singular())
            + (e.kind().runnable()
                ? ""
                : " <span class=\"muted\">(Margay does not run its logic)</span>"));
    dd(sb, "Severity", esc(e.severity()));
    dd(sb, "Enabled", e.enabled() ? "yes" : "no");
    rule.ifPresent(
        r ->
            dd(
                sb,
                "Group by",
                r.groupBy().isEmpty()
                    ? "the alert title"
                    : esc(
                        r.groupBy().stream()
                            .map(Object::toString)
                            .collect(Collectors.joining(", ")))));
    List<String> compliance = new ArrayList<>();
    e.reports()
        .forEach(
            (k, v) -> {
              if (!k.equals("MITRE ATT&CK")) {
                compliance.add(k + " " + String.join(", ", v));
              }
            });
    if (!compliance.isEmpty()) {
      dd(sb, "Compliance", esc(String.join("; ", compliance)));
    }
    dd(sb, "Log types", esc(String.join(", ", e.logTypes())));
    if (!e.tags().isEmpty()) {
      dd(sb, "Tags", esc(String.join(", ", e.tags())));
    }
    if (!e.reference().isBlank()) {
      dd(sb, "Reference", esc(e.reference()));
    }
    dd(sb, "Source", esc(e.file().toString()));
    sb.append("</dl>\n");
    if (!e.description().isBlank()) {
      sb.append("<p class=\"description\">").append(esc(e.description().strip())).append("</p>\n");
    }

    sb.append("<section id=\"attack\"><h2>MITRE ATT&amp;CK coverage</h2>\n");
    if (e.attack().isEmpty()) {
      sb.append("<p class=\"muted\">No Reports: MITRE ATT&amp;CK mapping.</p>\n");
    } else if (table == null) {
      sb.append("<ul>");
      e.attack().forEach(m -> sb.append("<li>").append(esc(m.value())).append("</li>"));
      sb.append("</ul>\n");
    } else {
      sb.append("<p class=\"muted\">ATT&amp;CK ")
          .append(esc(table.version()))
          .append(" (Enterprise)</p>\n")
          .append("<table><thead><tr><th>Tactic</th><th>Technique</th></tr></thead><tbody>\n");
      List<String> problems = new ArrayList<>();
      for (CatalogEntry.Mapping m : e.attack()) {
        Optional<String> problem = table.check(m.value());
        if (problem.isPresent()) {
          problems.add(m.value() + ": " + problem.get() + " (" + m.location().fileAndLine() + ")");
          continue;
        }
        String tactic = m.value().substring(0, m.value().indexOf(':'));
        String technique = m.value().substring(m.value().indexOf(':') + 1);
        sb.append("<tr><td>")
            .append(esc(table.tacticName(tactic).orElse(tactic)))
            .append(" (")
            .append(esc(tactic))
            .append(")</td><td>")
            .append(esc(technique + " " + table.techniqueName(technique).orElse("")))
            .append("</td></tr>\n");
      }
      sb.append("</tbody></table>\n");
      problems.forEach(
          p -> sb.append("<p class=\"warn\">Not shown: ").append(esc(p)).append("</p>\n"));
    }
    sb.append("</section>\n");

    sb.append(
        "<section id=\"same-action\"><h2>Rules detecting the same action</h2>\n<p class=\"muted\">Other rules of this "
            + "catalog acting on one of this rule's <code>eventName</code> values");
    if (e.actionsFromTests()) {
      sb.append(
          " (this rule's actions are the eventNames of its ExpectedResult: true tests: Margay does not read its logic)");
    }
    sb.append(". Actions: ")
        .append(e.actions().isEmpty() ? "none" : esc(String.join(", ", e.actions())))
        .append(".</p>\n");
    Map<CatalogEntry, Set<String>> same = catalog.sameAction(e);
    if (!same.isEmpty()) {
      sb.append(
          "<table><thead><tr><th>Rule</th><th>Severity</th><th>Kind</th><th>Same eventName</th></tr></thead><tbody>\n");
      same.forEach(
          (o, actions) ->
              sb.append("<tr><td>")
                  .append(link(o, pages, ""))
                  .append(o.enabled() ? "" : " (disabled)")
                  .append("</td><td>")
                  .append(esc(o.severity()))
                  .append("</td><td>")
                  .append(esc(o.kind().singular()))
                  .append(o.actionsFromTests() ? " (actions from its tests)" : "")
                  .append("</td><td>")
                  .append(esc(String.join(", ", actions)))
                  .append("</td></tr>\n"));
      sb.append("</tbody></table>\n");
    }
    sb.append("</section>\n");

    sb.append("<section id=\"body\"><h2>Rule body yaml</h2>\n<pre>")
        .append(esc(e.yaml()))
        .append("</pre></section>\n");

    if (rule.isPresent()) {
      Rule r = rule.get();
      sb.append("<section id=\"logic\"><h2>Detection logic</h2>\n<pre>");
      if (r.inlineFilters() != null) {
        sb.append("filters: ").append(esc(r.inlineFilters().toString())).append('\n');
      }
      r.detection().conjuncts().forEach(c -> sb.append(esc(c.toString())).append('\n'));
      sb.append("</pre></section>\n");
    } else {
      otherLogic(sb, e);
    }

    sb.append(
        "<section id=\"exclusions\"><h2>Exclusions</h2>\n<p class=\"muted\">Leaves under a negation: what this "
            + "rule suppresses. \"Shared with\": other rules excluding the same.</p>\n");
    if (e.exclusions().isEmpty()) {
      sb.append("<p class=\"muted\">None")
          .append(rule.isPresent() ? "" : " known (logic not read)")
          .append(".</p>\n");
    } else {
      Map<String, List<CatalogEntry>> shared = catalog.sharedExclusions(e);
      sb.append(
          "<table><thead><tr><th>Field</th><th>Kind</th><th>Excluded values</th><th>Shared with</th></tr></thead><tbody>\n");
      for (Indicator x : e.exclusions()) {
        List<CatalogEntry> with = new ArrayList<>();
        for (String v : x.values().isEmpty() ? List.of("") : x.values()) {
          with.addAll(
              shared.getOrDefault(
                  (x.field() + " " + x.operator() + (v.isEmpty() ? "" : " " + v)).strip(),
                  List.of()));
        }
        sb.append("<tr><td>")
            .append(esc(x.field()))
            .append("</td><td>")
            .append(esc(x.operator()))
            .append("</td><td>")
            .append(
                x.values().isEmpty()
                    ? "<span class=\"muted\">(no value, null check)</span>"
                    : list(x.values()))
            .append("</td><td>")
            .append(
                with.stream()
                    .distinct()
                    .map(o -> link(o, pages, ""))
                    .collect(Collectors.joining(", ")))
            .append("</td></tr>\n");
      }
      sb.append("</tbody></table>\n");
    }
    sb.append("</section>\n");

    sb.append(
        "<section id=\"indicators\"><h2>Indicators</h2>\n<p class=\"muted\">Each row is a field, operator and value "
            + "the rule matches. The corpus column counts how many other rules of this catalog test the same field, operator "
            + "and value ('in' counts as '==' per value; a Python rule as eventName == each eventName of its "
            + "ExpectedResult: true tests).</p>\n");
    if (e.indicators().isEmpty()) {
      sb.append("<p class=\"muted\">None")
          .append(rule.isPresent() ? "" : " known (logic not read)")
          .append(".</p>\n");
    } else {
      sb.append(
          "<table><thead><tr><th>Field</th><th>Kind</th><th>Values</th><th>Corpus</th></tr></thead><tbody>\n");
      for (Indicator i : e.indicators()) {
        if (i.values().size() < 2) {
          sb.append("<tr><td>")
              .append(esc(i.field()))
              .append("</td><td>")
              .append(esc(i.operator()))
              .append("</td><td>")
              .append(
                  i.values().isEmpty()
                      ? "<span class=\"muted\">(no value)</span>"
                      : esc(i.values().get(0)))
              .append("</td><td>")
              .append(catalog.corpusCount(e, i, i.values().isEmpty() ? null : i.values().get(0)))
              .append("</td></tr>\n");
        } else {
          for (String v : i.values()) {
            sb.append("<tr><td>")
                .append(esc(i.field()))
                .append("</td><td>")
                .append(esc(i.operator()))
                .append("</td><td>")
                .append(esc(v))
                .append("</td><td>")
                .append(catalog.corpusCount(e, i, v))
                .append("</td></tr>\n");
          }
        }
      }
      sb.append("</tbody></table>\n");
    }
    sb.append("</section>\n");

    sb.append(
        "<section id=\"outputs\"><h2>Output fields</h2>\n<p class=\"muted\">Fields the rule emits when it matches "
            + "(AlertContext), and its SummaryAttributes.</p>\n<table><thead><tr><th>Field</th><th>From</th></tr></thead><tbody>\n");
    rule.ifPresent(
        r -> {
          for (AlertContextField f : r.alertContext()) {
            sb.append("<tr><td>")
                .append(esc(f.keyName()))
                .append("</td><td>AlertContext")
                .append(
                    f.keyName().equals(f.value().toString())
                        ? ""
                        : ": " + esc(f.value().toString()))
                .append("</td></tr>\n");
          }
        });
    e.summaryAttributes()
        .forEach(
            a ->
                sb.append("<tr><td>")
                    .append(esc(a))
                    .append("</td><td>SummaryAttributes</td></tr>\n"));
    sb.append("</tbody></table></section>\n");

    sb.append("<section id=\"tests\"><h2>Tests</h2>\n");
    if (e.tests().isEmpty()) {
      sb.append("<p class=\"muted\">No tests.</p>\n");
    } else {
      sb.append(
          "<table><thead><tr><th>Test</th><th>Expected</th><th>Result</th></tr></thead><tbody>\n");
      if (rule.isPresent()) {
        for (TestOutcome o : TestReplay.replay(rule.get())) {
          String cls =
              o.status() == TestOutcome.Status.PASSED
                  ? "pass"
                  : o.status() == TestOutcome.Status.FAILED ? "fail" : "muted";
          sb.append("<tr><td>")
              .append(esc(o.testName()))
              .append("</td><td>")
              .append(o.expected())
              .append("</td><td class=\"")
              .append(cls)
              .append("\">")
              .append(o.status().name().toLowerCase(Locale.ROOT))
              .append(
                  o.status() == TestOutcome.Status.PASSED
                          || o.detail() == null
                          || o.detail().isEmpty()
                      ? ""
                      : ": " + esc(o.detail()))
              .append("</td></tr>\n");
        }
      } else {
        for (CatalogEntry.TestCase t : e.tests()) {
          sb.append("<tr><td>")
              .append(esc(t.name()))
              .append("</td><td>")
              .append(t.expectedResult())
              .append("</td><td class=\"muted\">not run (")
              .append(esc(e.kind().singular()))
              .append(")</td></tr>\n");
        }
      }
      sb.append("</tbody></table>\n");
    }
    sb.append("</section>\n</body></html>\n");
    return sb.toString();
  }

  /**
   * The logic of a file Margay does not read, under the heading of what it is: the Python file
   * named by {@code Filename}, the SQL of a query, or where a correlation rule's logic is; nothing
   * for kinds without logic.
   */
  private static void otherLogic(StringBuilder sb, CatalogEntry e) {
    if (e.filename().isPresent()) {
      sb.append("<section id=\"python\"><h2>Python source <code>")
          .append(esc(e.filename().get()))
          .append("</code></h2>\n");
      if (e.pythonSource().isPresent()) {
        sb.append("<pre>").append(esc(e.pythonSource().get())).append("</pre>");
      } else {
        sb.append(
            "<p class=\"muted\">The Python file named by Filename was not found beside the YAML.</p>");
      }
      sb.append("</section>\n");
    } else if (e.query().isPresent()) {
      sb.append("<section id=\"query\"><h2>SQL query</h2>\n<p class=\"muted\">The Query of this ")
          .append(esc(e.kind().singular()))
          .append(" (Margay does not run queries).</p>\n<pre>")
          .append(esc(e.query().get()))
          .append("</pre></section>\n");
    } else if (e.kind() == dev.margay.loader.AnalysisKind.CORRELATION_RULE) {
      sb.append(
          "<section id=\"correlation\"><h2>Correlation logic</h2>\n<p class=\"muted\">In the rule body above "
              + "(Detection: the rules it sequences or groups).</p></section>\n");
    }
  }

  private static void dd(StringBuilder sb, String term, String html) {
    sb.append("<dt>").append(esc(term)).append("</dt><dd>").append(html).append("</dd>");
  }

  private static String list(List<String> values) {
    return "<ul>"
        + values.stream().map(v -> "<li>" + esc(v) + "</li>").collect(Collectors.joining())
        + "</ul>";
  }

  private static String link(CatalogEntry e, Map<CatalogEntry, String> pages, String root) {
    String page = pages.get(e);
    // Pages live side by side under rules/: a link from a rule page is the file name alone.
    String href = root.isEmpty() ? page.substring("rules/".length()) : root + page;
    return "<a href=\"" + href + "\">" + esc(e.id()) + "</a>";
  }

  private static String matrix(
      Catalog catalog, AttackTable table, Map<CatalogEntry, String> pages) {
    Coverage coverage = Coverage.of(catalog.entries(), table, false);
    StringBuilder sb = new StringBuilder(head("ATT&CK coverage", ""));
    sb.append("<h1>MITRE ATT&amp;CK coverage</h1>\n<p class=\"muted\">ATT&amp;CK ")
        .append(esc(table.version()))
        .append(
            " (Enterprise). Each cell: a technique and the number of enabled rules mapping it under that tactic; "
                + "darker is more. ")
        .append(coverage.entriesCounted())
        .append(" enabled rules with mappings counted (every analysis type), ")
        .append(coverage.disabledLeftOut())
        .append(" disabled left out, ")
        .append(coverage.findings().size())
        .append(" mappings that ATT&amp;CK ")
        .append(esc(table.version()))
        .append(" does not hold left out.</p>\n");
    int max = Math.max(1, coverage.maxScore());
    List<List<Coverage.Cell>> columns = new ArrayList<>();
    int rows = 0;
    for (String tactic : table.tactics()) {
      List<Coverage.Cell> cells = coverage.cellsOf(tactic);
      columns.add(cells);
      rows = Math.max(rows, cells.size());
    }
    sb.append("<table class=\"matrix\"><thead><tr>");
    for (String tactic : table.tactics()) {
      sb.append("<th>")
          .append(esc(table.tacticName(tactic).orElse(tactic)))
          .append("<br><span class=\"muted\">")
          .append(esc(tactic))
          .append(" \u00b7 ")
          .append(coverage.cellsOf(tactic).size())
          .append("</span></th>");
    }
    sb.append("</tr></thead><tbody>\n");
    for (int r = 0; r < rows; r++) {
      sb.append("<tr>");
      for (List<Coverage.Cell> cells : columns) {
        if (r >= cells.size()) {
          sb.append("<td></td>");
          continue;
        }
        Coverage.Cell c = cells.get(r);
        int n = c.ruleIds().size();
        sb.append("<td style=\"background:")
            .append(colour(n, max))
            .append("\" title=\"")
            .append(esc(String.join(", ", c.ruleIds())))
            .append("\"><b>")
            .append(n)
            .append("</b> ")
            .append(esc(c.techniqueId()))
            .append(' ')
            .append(esc(table.techniqueName(c.techniqueId()).orElse("")))
            .append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</tbody></table>\n</body></html>\n");
    return sb.toString();
  }

  /** White to #66b1ff (the layer's gradient), linearly in the count. */
  static String colour(int n, int max) {
    double f = Math.min(1.0, (double) n / max);
    int r = (int) Math.round(255 + (0x66 - 255) * f);
    int g = (int) Math.round(255 + (0xb1 - 255) * f);
    return String.format("#%02x%02x%02x", r, g, 255);
  }
}
