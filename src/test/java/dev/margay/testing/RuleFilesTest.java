package dev.margay.testing;

import dev.margay.testing.junit.RuleTests;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** Replays the Tests: of every rule file in src/test/resources/rules through the JUnit helper. */
class RuleFilesTest {
  @TestFactory
  Stream<DynamicNode> projectRuleFiles() {
    return RuleTests.from(Path.of("src/test/resources/rules"));
  }
}
