package dev.margay.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Panther's five severities: their spellings, and their order (lowest first). */
class SeverityTest {
  @Test
  void pantherSpellingsAndUpperCaseForms_areRead_otherCasesAreNot() {
    for (Severity s : Severity.values()) {
      assertThat(Severity.fromPantherName(s.pantherName())).contains(s);
      assertThat(Severity.fromPantherName(s.name())).contains(s);
    }
    assertThat(Severity.fromPantherName("HIGH")).contains(Severity.HIGH);
    assertThat(Severity.fromPantherName("high")).isEmpty();
    assertThat(Severity.fromPantherName("Hight")).isEmpty();
    assertThat(Severity.fromPantherName("")).isEmpty();
  }

  @Test
  void theOrderIsLowestFirst_andTheTextIsPanthersSpelling() {
    assertThat(Arrays.stream(Severity.values()).map(Severity::toString))
        .containsExactly("Info", "Low", "Medium", "High", "Critical");
    assertThat(Severity.INFO).isLessThan(Severity.LOW);
    assertThat(Severity.HIGH).isLessThan(Severity.CRITICAL);
  }
}
