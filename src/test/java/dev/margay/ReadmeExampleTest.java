package dev.margay;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example is compiled and run, so it cannot drift from the API. */
class ReadmeExampleTest {
  @Test
  void readmeJavaExample_compilesAndRuns(@TempDir Path dir) throws Exception {
    TestingReadme.compile(dir, "Example", TestingReadme.block("readme-example", "java"));
    assertThat(TestingReadme.runMain(dir, "Example"))
        .contains("AWS.EC2.SecurityGroupModified Info dedup=123456789012")
        .contains("p_event_time=2024-05-01 10:00:00.500000000")
        .contains("AWS.EC2.SecurityGroupModified alert: 1 match(es) from 2024-05-01T10:00:00.500Z")
        .containsPattern("\\d+ tests passed");
  }

  @Test
  void readmeJUnitExample_isACompleteTestClass_thatRunsTheRulesTests(@TempDir Path dir)
      throws Throwable {
    TestingReadme.compile(
        dir, "DetectionsTest", TestingReadme.block("readme-junit-example", "java"));

    int passed = 0;
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> type = loader.loadClass("DetectionsTest");
      Method factory = type.getDeclaredMethod("detections");
      assertThat(factory.isAnnotationPresent(org.junit.jupiter.api.TestFactory.class)).isTrue();
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      factory.setAccessible(true);
      @SuppressWarnings("unchecked")
      java.util.stream.Stream<org.junit.jupiter.api.DynamicNode> nodes =
          (java.util.stream.Stream<org.junit.jupiter.api.DynamicNode>)
              factory.invoke(constructor.newInstance());
      for (org.junit.jupiter.api.DynamicNode node : nodes.toList()) {
        for (org.junit.jupiter.api.DynamicNode test :
            ((org.junit.jupiter.api.DynamicContainer) node).getChildren().toList()) {
          ((org.junit.jupiter.api.DynamicTest) test).getExecutable().execute();
          passed++;
        }
      }
    }
    assertThat(passed)
        .as("tests of src/test/resources/rules run through the README's class")
        .isEqualTo(209);
  }

  /**
   * The README's pom is a complete project (a stock Maven builds it as is: checked by hand with
   * {@code mvn -B -o test}, as a test would need the network) that depends on this very artifact.
   */
  @Test
  void readmePom_isACompleteProject_dependingOnThisArtifact() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int marker = readme.indexOf("<!-- readme-pom-example");
    assertThat(marker).as("the pom example marker").isNotNegative();
    int start = readme.indexOf("```xml\n", marker) + "```xml\n".length();
    String xml = readme.substring(start, readme.indexOf("```", start));
    javax.xml.parsers.DocumentBuilderFactory factory =
        javax.xml.parsers.DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    org.w3c.dom.Element project =
        factory
            .newDocumentBuilder()
            .parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
            .getDocumentElement();
    org.w3c.dom.Element ours =
        factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile()).getDocumentElement();
    assertThat(project.getLocalName()).isEqualTo("project");
    assertThat(project.getNamespaceURI()).isEqualTo("http://maven.apache.org/POM/4.0.0");
    assertThat(child(project, "modelVersion")).isEqualTo("4.0.0");
    assertThat(child(project, "groupId")).isNotBlank();
    assertThat(child(project, "artifactId")).isNotBlank();
    assertThat(child(project, "version")).isNotBlank();
    org.w3c.dom.NodeList dependencies = project.getElementsByTagNameNS("*", "dependency");
    java.util.List<String> coordinates = new java.util.ArrayList<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      org.w3c.dom.Element d = (org.w3c.dom.Element) dependencies.item(i);
      coordinates.add(
          child(d, "groupId") + ":" + child(d, "artifactId") + ":" + child(d, "version"));
    }
    assertThat(coordinates)
        .contains(
            child(ours, "groupId")
                + ":"
                + child(ours, "artifactId")
                + ":"
                + child(ours, "version"));
  }

  private static String child(org.w3c.dom.Element parent, String name) {
    for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof org.w3c.dom.Element e && name.equals(e.getLocalName())) {
        return e.getTextContent().trim();
      }
    }
    return null;
  }
}
