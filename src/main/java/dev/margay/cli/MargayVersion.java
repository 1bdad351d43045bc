package dev.margay.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * Margay's version, as written once in {@code pom.xml}: Maven filters {@code
 * src/main/resources-filtered/dev/margay/cli/version.properties} into the jar, and {@code
 * --version} and the SARIF driver read it from there.
 *
 * <p>Read once, on first use; thread-safe.
 */
final class MargayVersion implements CommandLine.IVersionProvider {
  private static final String RESOURCE = "version.properties";

  private MargayVersion() {}

  /**
   * The project version ({@code 0.1.0-SNAPSHOT}, ...).
   *
   * @throws IllegalStateException when the classes were built without Maven's resource filtering
   *     (the resource is missing or still holds the placeholder)
   */
  static String get() {
    return Holder.VERSION;
  }

  /** picocli's hook: {@code margay VERSION}, on every command. */
  @Override
  public String[] getVersion() {
    return new String[] {"margay " + get()};
  }

  // The holder idiom: loaded on first use, so a command that never asks pays nothing.
  private static final class Holder {
    static final String VERSION = load();

    private static String load() {
      Properties p = new Properties();
      try (InputStream in = MargayVersion.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              "dev/margay/cli/" + RESOURCE + " is missing: build Margay with Maven");
        }
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String version = p.getProperty("version", "");
      if (version.isEmpty() || version.contains("${")) {
        throw new IllegalStateException(
            "dev/margay/cli/" + RESOURCE + " was not filtered by Maven: '" + version + "'");
      }
      return version;
    }
  }
}
