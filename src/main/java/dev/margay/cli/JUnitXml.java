package dev.margay.cli;

import dev.margay.testing.TestOutcome;
import java.util.List;
import java.util.Map;

/** JUnit XML (the Ant/Surefire schema CI servers read) for {@code test --format junit}. */
final class JUnitXml {
  private JUnitXml() {}

  static String render(List<TestCommand.Result> results) {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<testsuites name=\"margay\" tests=\"")
        .append(results.size())
        .append("\" failures=\"")
        .append(count(results, TestOutcome.Status.FAILED))
        .append("\" errors=\"0\" skipped=\"")
        .append(count(results, TestOutcome.Status.SKIPPED))
        .append("\">\n");
    for (Map.Entry<String, List<TestCommand.Result>> suite :
        TestCommand.byFile(results).entrySet()) {
      List<TestCommand.Result> cases = suite.getValue();
      sb.append("  <testsuite name=\"")
          .append(escape(suite.getKey()))
          .append("\" tests=\"")
          .append(cases.size())
          .append("\" failures=\"")
          .append(count(cases, TestOutcome.Status.FAILED))
          .append("\" errors=\"0\" skipped=\"")
          .append(count(cases, TestOutcome.Status.SKIPPED))
          .append("\">\n");
      for (TestCommand.Result r : cases) {
        sb.append("    <testcase classname=\"")
            .append(escape(r.suite()))
            .append("\" name=\"")
            .append(escape(r.name()))
            .append("\" file=\"")
            .append(escape(r.file()))
            .append("\" line=\"")
            .append(r.line())
            .append('"');
        if (r.status() == TestOutcome.Status.PASSED) {
          sb.append("/>\n");
        } else if (r.status() == TestOutcome.Status.SKIPPED) {
          sb.append(">\n      <skipped message=\"")
              .append(escape(r.message()))
              .append("\"/>\n    </testcase>\n");
        } else {
          sb.append(">\n      <failure message=\"")
              .append(escape(firstLine(r.message())))
              .append("\">")
              .append(escape(r.message()))
              .append("</failure>\n    </testcase>\n");
        }
      }
      sb.append("  </testsuite>\n");
    }
    return sb.append("</testsuites>\n").toString();
  }

  private static long count(List<TestCommand.Result> results, TestOutcome.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * XML 1.0 content, for text and attribute values alike: markup characters as entities; line
   * breaks and tabs as character references (an attribute would otherwise turn them into spaces);
   * every character XML 1.0 cannot hold (C0 controls, lone surrogates, U+FFFE, U+FFFF) and the C1
   * controls as visible text (a backslash, {@code u} and four hex digits), so that the report stays
   * well-formed whatever a rule's names hold and nothing in it drives a CI log's terminal.
   */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        case '\n' -> sb.append("&#10;");
        case '\r' -> sb.append("&#13;");
        case '\t' -> sb.append("&#9;");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < n
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i)); // a whole pair: a character XML allows
          } else if (c < 0x20
              || (c >= 0x7f && c <= 0x9f)
              || Character.isSurrogate(c)
              || c == 0xfffe
              || c == 0xffff) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
