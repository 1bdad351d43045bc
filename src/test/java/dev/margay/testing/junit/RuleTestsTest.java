package dev.margay.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.loader.AnalysisRoutingTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit helper on what users really point it at: typo'd paths, empty folders, whole Panther
 * repositories.
 */
class RuleTestsTest {
  @Test
  void aFolderWithoutRuleFiles_throws_namingThePath(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("README.md"), "no rules");
    assertThatThrownBy(() -> RuleTests.from(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no YAML detection (a .yml/.yaml rule file with Detection:) under " + dir);
  }

  @Test
  void aMissingPath_throws_namingIt(@TempDir Path dir) {
    assertThatThrownBy(() -> RuleTests.from(dir.resolve("rulez")))
        .hasMessageContaining(dir.resolve("rulez").toString());
  }

  @Test
  void aFolderOfOnlyOtherKinds_throws_sayingSo(@TempDir Path dir) throws Exception {
    AnalysisRoutingTest.write(
        dir.resolve("p.yml"), "AnalysisType: policy\nPolicyID: P\nFilename: p.py\n");
    assertThatThrownBy(() -> RuleTests.from(dir))
        .hasMessage(
            "no YAML detection (a .yml/.yaml rule file with "
                + "Detection:) under "
                + dir
                + "; only files Margay does not run (1)");
  }

  @Test
  void aRepository_runsItsDetections_andAbortsOneTestPerFileItDoesNotRun(@TempDir Path dir)
      throws Throwable {
    List<DynamicNode> nodes = RuleTests.from(AnalysisRoutingTest.repository(dir)).toList();
    assertThat(nodes)
        .as("10 files not run, the detection, the correlation rule")
        .hasSize(10 + 1 + 1);
    int passed = 0;
    int aborted = 0;
    for (DynamicNode node : nodes) {
      for (DynamicNode child : ((DynamicContainer) node).getChildren().toList()) {
        try {
          ((DynamicTest) child).getExecutable().execute();
          passed++;
        } catch (TestAbortedException e) {
          aborted++;
          assertThat(e.getMessage()).endsWith("Margay runs YAML detections only");
        }
      }
    }
    assertThat(passed).isEqualTo(2);
    assertThat(aborted).isEqualTo(10);
  }
}
