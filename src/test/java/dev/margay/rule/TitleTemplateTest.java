package dev.margay.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.condition.FieldPath;
import org.junit.jupiter.api.Test;

class TitleTemplateTest {

  @Test
  void textAndPlaceholders_becomeTypedParts_withDoubledBracesAsLiteralBraces() {
    TitleTemplate t = TitleTemplate.parse("Root {{login}} from [{ sourceIPAddress }] by {a.b}");
    assertThat(t.parts())
        .containsExactly(
            new TitleTemplate.Text("Root {login} from ["),
            new TitleTemplate.Placeholder(FieldPath.parseKeyPath("sourceIPAddress")),
            new TitleTemplate.Text("] by "),
            new TitleTemplate.Placeholder(FieldPath.parseKeyPath("a.b")));
    assertThat(t.placeholders())
        .containsExactly(FieldPath.parseKeyPath("sourceIPAddress"), FieldPath.parseKeyPath("a.b"));
    assertThat(t.toString()).isEqualTo("Root {{login}} from [{ sourceIPAddress }] by {a.b}");
  }

  @Test
  void fold_callsTheFunctionOfThePartsKind() {
    TitleTemplate t = TitleTemplate.parse("x{y}");
    assertThat(t.parts().stream().map(p -> p.fold(s -> "text:" + s, f -> "path:" + f)))
        .containsExactly("text:x", "path:y");
  }

  @Test
  void unbalancedBraces_areRejectedWithTheirOffset() {
    assertThatThrownBy(() -> TitleTemplate.parse("ab {c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unclosed '{' at offset 3 (write '{{' for a literal brace)");
    assertThatThrownBy(() -> TitleTemplate.parse("a}b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unmatched '}' at offset 1 (write '}}' for a literal brace)");
    assertThatThrownBy(() -> TitleTemplate.parse("x {} y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad placeholder {} at offset 2: ");
  }
}
