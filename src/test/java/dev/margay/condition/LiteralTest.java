package dev.margay.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class LiteralTest {

  @Test
  void eachKind_isItsOwnType_withItsValueTyped() {
    assertThat(Literal.of("x")).isEqualTo(new Literal.Str("x"));
    assertThat(Literal.of(22)).isEqualTo(new Literal.Num(new BigDecimal("22")));
    assertThat(Literal.of(true)).isEqualTo(new Literal.Bool(true));
    assertThat(Literal.of("x").kind()).isEqualTo(Literal.Kind.STRING);
    assertThat(Literal.of(22).kind()).isEqualTo(Literal.Kind.NUMBER);
    assertThat(Literal.of(false).kind()).isEqualTo(Literal.Kind.BOOLEAN);
  }

  @Test
  void numbers_keepTheirWrittenScale_asLiteralsAndAsText() {
    Literal written = Literal.of(new BigDecimal("2048.0"));
    assertThat(written).isNotEqualTo(Literal.of(2048));
    assertThat(written.text()).isEqualTo("2048.0");
    assertThat(written.toString()).isEqualTo("2048.0");
  }

  @Test
  void text_isTheRawValue_andToString_isCompactSyntax() {
    assertThat(Literal.of("a\"b").text()).isEqualTo("a\"b");
    assertThat(Literal.of("a\"b").toString()).isEqualTo("\"a\\\"b\"");
    assertThat(Literal.of(true).text()).isEqualTo("true");
    assertThat(Literal.of(true).toString()).isEqualTo("true");
  }
}
