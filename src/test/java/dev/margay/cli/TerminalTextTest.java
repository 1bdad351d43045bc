package dev.margay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
  @Test
  void escapeSequencesAndLineControls_areShownAsVisibleEscapes() {
    assertThat(TerminalText.escape("a\u001b[2Kb")).isEqualTo("a\\e[2Kb");
    assertThat(TerminalText.escape("x\ry\nz\tw")).isEqualTo("x\\ry\\nz\\tw");
    assertThat(TerminalText.escape("nul\0bel\u0007del\u007f"))
        .isEqualTo("nul\\u0000bel\\u0007del\\u007f");
  }

  @Test
  void c1Controls_includingTheOneByteCsi_areEscaped() {
    assertThat(TerminalText.escape("\u009b31m\u0085")).isEqualTo("\\u009b31m\\u0085");
  }

  @Test
  void bidirectionalOverridesAndLineSeparators_areEscaped() {
    assertThat(TerminalText.escape("a\u202eb\u2066c\u2069d\u200fe\u061cf"))
        .isEqualTo("a\\u202eb\\u2066c\\u2069d\\u200fe\\u061cf");
    assertThat(TerminalText.escape("a\u2028b\u2029c")).isEqualTo("a\\u2028b\\u2029c");
  }

  @Test
  void ordinaryTextIncludingNonAsciiLettersAndEmoji_passesUnchanged() {
    String text = "Zürich – 東京 \uD83D\uDE00 \"quoted\" <tag> & 100%";
    assertThat(TerminalText.escape(text)).isEqualTo(text);
    assertThat(TerminalText.escape("")).isEmpty();
    assertThat(TerminalText.escape(new StringBuilder("sb\u001b"))).isEqualTo("sb\\e");
  }

  @Test
  void null_isShownAsTheWordNull() {
    assertThat(TerminalText.escape(null)).isEqualTo("null");
  }
}
