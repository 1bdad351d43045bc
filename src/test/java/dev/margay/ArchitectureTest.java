package dev.margay;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the README (*Java API*, "Packages") and the rules of the surface, checked on
 * the compiled main classes (imports, fully qualified names and inferred types alike): a package
 * uses only the packages below it, an internal package only from the packages allowed to reach it,
 * each package only its own third-party libraries, and only {@code cli} prints or exits.
 *
 * <p>A new package fails {@link #everyPackageHasAPlaceInTheGraph}: give it a layer here and a place
 * in the README's graph.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.margay.";

  /**
   * The layers, bottom first; a package may use any package of a lower layer, never one of its own
   * layer or above. The README's arrows, as one table.
   */
  private static final List<Set<String>> LAYERS =
      List.of(
          Set.of("files"),
          Set.of("condition"),
          Set.of("event"),
          Set.of("rule"),
          Set.of("loader", "engine", "input"),
          Set.of("alert"),
          Set.of("wire", "lint", "testing", "scan"),
          Set.of("catalog", "testing.junit"),
          Set.of("cli", "flink", "kafka"));

  /**
   * Internal packages: public classes shared between Margay's packages, never part of the API (not
   * exported, no Javadoc). Each belongs to the layer of the package it sits in, and may be used
   * only by the packages listed here: a new user is a decision, made here.
   */
  private static final Map<String, Set<String>> INTERNAL_USERS =
      Map.of("event.internal", Set.of("event", "engine", "lint", "alert"));

  /**
   * The third-party libraries each package may use, by package prefix; the JDK is always allowed.
   */
  private static final Map<String, Set<String>> LIBRARIES =
      Map.ofEntries(
          Map.entry("files", Set.of()),
          Map.entry("condition", Set.of()),
          Map.entry("loader", Set.of("com.fasterxml.jackson.", "org.snakeyaml.engine.")),
          Map.entry(
              "testing.junit", Set.of("com.fasterxml.jackson.", "org.junit.", "org.opentest4j.")),
          Map.entry("cli", Set.of("com.fasterxml.jackson.", "picocli.")),
          Map.entry(
              "flink", Set.of("com.fasterxml.jackson.", "org.apache.flink.", "org.apache.kafka.")),
          Map.entry("kafka", Set.of("com.fasterxml.jackson.", "org.apache.kafka.")));

  private static final Set<String> JACKSON_ONLY = Set.of("com.fasterxml.jackson.");

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.margay");
  }

  @Test
  void everyPackageHasAPlaceInTheGraph() {
    Set<String> unplaced = new TreeSet<>();
    for (JavaClass c : classes) {
      String p = packageOf(c);
      if (p != null && !p.isEmpty() && layerOf(p) < 0) {
        unplaced.add(ROOT + p);
      }
    }
    assertThat(unplaced)
        .as("packages without a layer in ArchitectureTest.LAYERS (and the README's graph)")
        .isEmpty();
    assertThat(classes.stream().map(ArchitectureTest::packageOf).collect(Collectors.toSet()))
        .as("the import found the main classes")
        .contains("condition", "event", "engine", "cli");
  }

  @Test
  void everyDependencyPointsDown_andInternalsAreReachedOnlyByTheirUsers() {
    List<String> violations = new ArrayList<>();
    for (JavaClass c : classes) {
      String from = packageOf(c);
      if (from == null) {
        continue;
      }
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String to = packageOf(d.getTargetClass().getBaseComponentType());
        if (to == null || to.equals(from)) {
          continue;
        }
        String why = forbidden(from, to);
        if (why != null) {
          violations.add(why + ": " + d.getDescription());
        }
      }
    }
    assertThat(violations).as("dependencies against the README's package graph").isEmpty();
  }

  @Test
  void everyPackageUsesOnlyItsOwnLibraries() {
    List<String> violations = new ArrayList<>();
    for (JavaClass c : classes) {
      String from = packageOf(c);
      if (from == null) {
        continue;
      }
      Set<String> allowed = LIBRARIES.getOrDefault(layerKey(from), JACKSON_ONLY);
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass().getBaseComponentType();
        String name = target.getName();
        if (target.isPrimitive()
            || name.startsWith("java.")
            || name.startsWith(ROOT)
            || allowed.stream().anyMatch(name::startsWith)) {
          continue;
        }
        violations.add(ROOT + from + " may not use " + name + ": " + d.getDescription());
      }
    }
    assertThat(violations).as("third-party classes outside the packages that own them").isEmpty();
  }

  @Test
  void onlyTheCliPrints_andOnlyMainMainExits() {
    List<String> violations = new ArrayList<>();
    for (JavaClass c : classes) {
      String from = packageOf(c);
      if (from == null) {
        continue;
      }
      for (JavaAccess<?> a : c.getAccessesFromSelf()) {
        String owner = a.getTargetOwner().getName();
        String member = a.getName();
        boolean prints =
            (owner.equals("java.lang.System") && Set.of("out", "err", "console").contains(member))
                || (owner.equals("java.io.FileDescriptor") && Set.of("out", "err").contains(member))
                || (a instanceof JavaMethodCall call
                    && member.equals("printStackTrace")
                    && call.getTarget().getRawParameterTypes().isEmpty());
        boolean exits =
            (owner.equals("java.lang.System") && member.equals("exit"))
                || (owner.equals("java.lang.Runtime") && Set.of("exit", "halt").contains(member));
        if (prints && !from.equals("cli")) {
          violations.add("only dev.margay.cli prints: " + a.getDescription());
        }
        if (exits
            && !(a.getOriginOwner().getName().equals("dev.margay.cli.Main")
                && a.getOrigin().getName().equals("main"))) {
          violations.add("only dev.margay.cli.Main.main exits: " + a.getDescription());
        }
      }
    }
    assertThat(violations).as("printing or exiting outside the CLI").isEmpty();
  }

  @Test
  void theReadmeNamesEveryPackageOfTheGraph() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("Packages (dependencies point one way");
    assertThat(start).as("the README's package graph").isPositive();
    String graph = readme.substring(start, readme.indexOf("\n\n", start));
    Set<String> packages = new TreeSet<>();
    for (JavaClass c : classes) {
      String p = packageOf(c);
      if (p != null && !p.isEmpty() && !p.contains(".internal")) {
        packages.add(p);
      }
    }
    for (String p : packages) {
      assertThat(graph).as("the README's graph names %s", p).contains("`" + p + "`");
    }
    for (String internal : INTERNAL_USERS.keySet()) {
      assertThat(graph)
          .as("the README names the internal package %s", internal)
          .contains("`" + internal + "`");
    }
  }

  /** Why {@code from} may not use {@code to}, or null when it may. */
  private static String forbidden(String from, String to) {
    String fromLayer = layerKey(from);
    String toLayer = layerKey(to);
    if (to.endsWith(".internal") || to.contains(".internal.")) {
      String internal = to.substring(0, to.indexOf(".internal") + ".internal".length());
      Set<String> users = INTERNAL_USERS.getOrDefault(internal, Set.of());
      boolean inside = from.equals(internal) || from.startsWith(internal + ".");
      if (!inside && !users.contains(fromLayer)) {
        return ROOT + internal + " is internal; its users are " + new TreeSet<>(users);
      }
    }
    if (fromLayer.equals(toLayer)) {
      return null; // a package and its internal part
    }
    int a = layerOf(fromLayer);
    int b = layerOf(toLayer);
    if (a < 0 || b < 0) {
      return null; // reported by everyPackageHasAPlaceInTheGraph
    }
    return b < a ? null : ROOT + fromLayer + " may not use " + ROOT + toLayer + " (not below it)";
  }

  /** The package of a Margay class relative to {@code dev.margay.}, "" for the root, else null. */
  private static String packageOf(JavaClass c) {
    String p = c.getPackageName();
    if (p.equals("dev.margay")) {
      return "";
    }
    return p.startsWith(ROOT) ? p.substring(ROOT.length()) : null;
  }

  /** The graph entry a package belongs to: an internal package counts as the package it sits in. */
  private static String layerKey(String pkg) {
    int i = pkg.indexOf(".internal");
    return i < 0 ? pkg : pkg.substring(0, i);
  }

  private static int layerOf(String pkg) {
    String key = layerKey(pkg);
    for (int i = 0; i < LAYERS.size(); i++) {
      if (LAYERS.get(i).contains(key)) {
        return i;
      }
    }
    return -1;
  }
}
