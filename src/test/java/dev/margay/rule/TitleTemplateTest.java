package dev.margay.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.condition.ConditionParser;
import dev.margay.condition.FieldPath;
import dev.margay.engine.RuleEngine;
import org.junit.jupiter.api.Test;

/**
 * AlertTitle templates: placeholders are KeyPaths in braces, doubled braces are literal, and every
 * malformed template is refused naming the 0-based offset of the problem.
 */
class TitleTemplateTest {
  /** The title a rule with this AlertTitle gives for {@code event}. */
  private static String render(String template, String event) {
    Rule rule =
        Rule.builder("R")
            .logTypes("AWS.CloudTrail")
            .detection(ConditionParser.parse("true"))
            .alertTitle(TitleTemplate.parse(template))
            .build();
    return RuleEngine.builder().addRule(rule).build().evaluate(event).get(0).title();
  }

  @Test
  void placeholders_readKeyPaths_andDoubledBracesAreLiteral() {
    String event = "{\"user\":{\"name\":\"alice\"},\"ips\":[\"10.0.0.1\",\"10.0.0.2\"]}";
    assertThat(render("Login by {user.name} from {ips[1]}", event))
        .isEqualTo("Login by alice from 10.0.0.2");
    assertThat(render("{{literal}} {user.name}}}", event)).isEqualTo("{literal} alice}");
    assertThat(render("{ user.name }", event)).as("spaces inside braces").isEqualTo("alice");
  }

  @Test
  void theTemplateKeepsItsText() {
    assertThat(TitleTemplate.parse("a {b} {{c}}").toString()).isEqualTo("a {b} {{c}}");
    assertThat(TitleTemplate.parse("a {b} {{c}}").text()).isEqualTo("a {b} {{c}}");
  }

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
  void anUnclosedBrace_isRefusedAtItsOffset() {
    assertThatThrownBy(() -> TitleTemplate.parse("Login by {user.name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unclosed '{' at offset 9 (write '{{' for a literal brace)");
  }

  @Test
  void anUnmatchedClosingBrace_isRefusedAtItsOffset() {
    assertThatThrownBy(() -> TitleTemplate.parse("ab} {x}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unmatched '}' at offset 2 (write '}}' for a literal brace)");
  }

  @Test
  void aPlaceholderThatIsNoKeyPath_isRefusedAtItsBrace_withThePathsOwnError() {
    assertThatThrownBy(() -> TitleTemplate.parse("x {} y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad placeholder {} at offset 2: ");
    assertThatThrownBy(() -> TitleTemplate.parse("0123 {a..b}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad placeholder {a..b} at offset 5: ");
  }
}
