package dev.margay.cli;

import dev.margay.testing.TestOutcome;
import java.util.List;
import java.util.Map;

/** JUnit XML (the Ant/Surefire schema CI servers read) for {@code test --format junit}. */
final class JUnitXml {
  private JUnitXml() {}

  static String render(List<TestCommand.Result> results) {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<testsuites name=\"margay\" tests=\"").append(results.size()).append("\" failures=\"")
        .append(count(results, TestOutcome.Status.FAILED)).append("\" errors=\"0\" skipped=\"")
        .append(count(results, TestOutcome.Status.SKIPPED)).append("\">\n");
    for (Map.Entry<String, List<TestCommand.Result>> suite : TestCommand.byFile(results).entrySet()) {
      List<TestCommand.Result> cases = suite.getValue();
      sb.append("  <testsuite name=\"").append(escape(suite.getKey())).append("\" tests=\"").append(cases.size())
          .append("\" failures=\"").append(count(cases, TestOutcome.Status.FAILED)).append("\" errors=\"0\" skipped=\"")
          .append(count(cases, TestOutcome.Status.SKIPPED)).append("\">\n");
      for (TestCommand.Result r : cases) {
        sb.append("    <testcase classname=\"").append(escape(r.suite())).append("\" name=\"").append(escape(r.name()))
            .append("\" file=\"").append(escape(r.file())).append("\" line=\"").append(r.line()).append('"');
        if (r.status() == TestOutcome.Status.PASSED) {
          sb.append("/>\n");
        } else if (r.status() == TestOutcome.Status.SKIPPED) {
          sb.append(">\n      <skipped message=\"").append(escape(r.message())).append("\"/>\n    </testcase>\n");
        } else {
          sb.append(">\n      <failure message=\"").append(escape(firstLine(r.message()))).append("\">")
              .append(escape(r.message())).append("</failure>\n    </testcase>\n");
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

  /** XML 1.0 text: escapes markup and drops characters XML cannot hold. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<':
          sb.append("&lt;");
          break;
        case '>':
          sb.append("&gt;");
          break;
        case '&':
          sb.append("&amp;");
          break;
        case '"':
          sb.append("&quot;");
          break;
        default:
          if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
            sb.append(c);
          }
      }
    }
    return sb.toString();
  }
}
