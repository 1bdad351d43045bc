// Over 300 lines: one value type: its bytes, digest, serialization form and loading.
package dev.margay.loader;

import dev.margay.rule.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A set of rule files as bytes (file name to YAML), to ship rules where paths do not reach: into a
 * Flink job graph, a broadcast stream, a Kafka Streams app, a classpath. {@link #load()} gives
 * exactly what {@link RuleLoader#loadAll} gives for the same files (every problem, duplicate {@code
 * RuleID}s as a problem of the later file in name order); {@link #sha256()} names the set (a cache
 * key, and the rule-set version a pipeline can report). Immutable, serializable (Java
 * serialization: the names and bytes) and thread-safe. Files are kept in name order.
 */
public final class RuleBundle implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TreeMap<String, byte[]> files;
  private transient String sha256;

  private RuleBundle(SortedMap<String, byte[]> files) {
    this.files = new TreeMap<>();
    files.forEach((name, bytes) -> this.files.put(name, bytes.clone()));
  }

  /**
   * The rule files under {@code paths} (files as given, directories walked for {@code .yml}/{@code
   * .yaml}), named by their path as {@link RuleLoader#loadAll} names them.
   *
   * @throws UncheckedIOException if a path does not exist or cannot be read, or a file is over
   *     {@link RuleLoader#MAX_FILE_BYTES}
   */
  public static RuleBundle fromPaths(Collection<Path> paths) {
    SortedMap<String, byte[]> files = new TreeMap<>();
    for (Path p : RuleLoader.ruleFiles(paths)) {
      try {
        if (Files.size(p) > RuleLoader.MAX_FILE_BYTES) {
          throw new IOException(p + ": over " + RuleLoader.MAX_FILE_BYTES + " bytes");
        }
        files.put(p.toString(), Files.readAllBytes(p));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new RuleBundle(files);
  }

  /** As {@link #fromPaths(Collection)}. */
  public static RuleBundle fromPaths(Path... paths) {
    return fromPaths(Arrays.asList(paths));
  }

  /**
   * The {@code .yml}/{@code .yaml} resources under the classpath folder {@code dir} (e.g. {@code
   * "rules"}), from directories and jars alike, named {@code dir/...}; looked up with the thread's
   * context class loader, else this class's.
   *
   * @throws UncheckedIOException if no such folder is on the classpath, or it cannot be read
   */
  public static RuleBundle fromClasspath(String dir) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return fromClasspath(loader != null ? loader : RuleBundle.class.getClassLoader(), dir);
  }

  /** As {@link #fromClasspath(String)}, with the given class loader. */
  public static RuleBundle fromClasspath(ClassLoader loader, String dir) {
    String prefix = dir.replaceAll("^/+|/+$", "");
    SortedMap<String, byte[]> files = new TreeMap<>();
    try {
      // Folders answer for their own name; jars often hold no folder entries, so each jar on the
      // classpath
      // (found by its manifest) is also searched for entries under the prefix.
      java.util.Set<String> seen = new java.util.HashSet<>();
      List<URL> roots = new ArrayList<>(Collections.list(loader.getResources(prefix)));
      roots.addAll(Collections.list(loader.getResources(prefix + "/")));
      for (URL manifest : Collections.list(loader.getResources("META-INF/MANIFEST.MF"))) {
        if (manifest.getProtocol().equals("jar")) {
          roots.add(manifest);
        }
      }
      for (URL url : roots) {
        if (url.getProtocol().equals("file")) {
          Path root = Path.of(url.toURI());
          if (!Files.isDirectory(root) || !seen.add(root.toString())) {
            continue;
          }
          for (Path p : RuleLoader.ruleFiles(List.of(root))) {
            files.put(
                prefix + "/" + root.relativize(p).toString().replace('\\', '/'),
                Files.readAllBytes(p));
          }
        } else if (url.getProtocol().equals("jar")) {
          String spec = url.getPath();
          Path jar = Path.of(new java.net.URI(spec.substring(0, spec.indexOf("!/"))));
          if (!seen.add(jar.toString())) {
            continue;
          }
          try (JarFile jf = new JarFile(jar.toFile())) {
            for (JarEntry e : Collections.list(jf.entries())) {
              String n = e.getName();
              if (!e.isDirectory() && n.startsWith(prefix + "/") && isYaml(n)) {
                seen.add(prefix);
                try (InputStream in = jf.getInputStream(e)) {
                  files.put(n, in.readNBytes((int) RuleLoader.MAX_FILE_BYTES + 1));
                }
              }
            }
          }
        }
      }
      if (files.isEmpty()) {
        throw new IOException("no classpath folder '" + prefix + "' with rule files");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new UncheckedIOException(new IOException(e));
    }
    return new RuleBundle(files);
  }

  /** Rule files given as name to UTF-8 YAML bytes (copied). */
  public static RuleBundle fromBytes(Map<String, byte[]> files) {
    return new RuleBundle(new TreeMap<>(files));
  }

  private static boolean isYaml(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".yml") || n.endsWith(".yaml");
  }

  /** The file names, in order. */
  public List<String> names() {
    return List.copyOf(files.keySet());
  }

  /** A copy of one file's bytes, or null when there is no such file. */
  public byte[] bytes(String name) {
    byte[] b = files.get(name);
    return b == null ? null : b.clone();
  }

  /** Total bytes of the files. */
  public long totalBytes() {
    return files.values().stream().mapToLong(b -> b.length).sum();
  }

  /**
   * The same rules without their {@code Tests:} blocks (most of a rule file's bytes; nothing
   * evaluation uses). The block's lines are left empty, so problems keep their line numbers; a file
   * whose stripped form would not load as the same rule is kept whole.
   */
  public RuleBundle withoutTests() {
    SortedMap<String, byte[]> out = new TreeMap<>();
    RuleLoader loader = RuleLoader.create();
    files.forEach(
        (name, bytes) -> {
          byte[] stripped = stripTests(bytes);
          if (stripped != bytes) {
            try {
              Rule whole = loader.load(bytes, name);
              Rule lean = loader.load(stripped, name);
              if (!whole.id().equals(lean.id()) || !lean.tests().isEmpty()) {
                stripped = bytes;
              }
            } catch (RuleLoadException e) {
              stripped = bytes; // a broken file keeps all of its text for its problems
            }
          }
          out.put(name, stripped);
        });
    return new RuleBundle(out);
  }

  /**
   * {@code bytes} with the lines of a top-level {@code Tests:} block emptied, or {@code bytes}
   * itself.
   */
  static byte[] stripTests(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    boolean in = false;
    boolean changed = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (!in && (line.startsWith("Tests:") || line.startsWith("Tests :"))) {
        in = true;
      } else if (in
          && !line.isEmpty()
          && !line.startsWith(" ")
          && !line.startsWith("\t")
          && !line.startsWith("#")
          && !line.startsWith("- ")
          && !line.equals("-")
          && !line.equals("\r")) {
        in = false; // the next top-level key (or a document marker)
      }
      if (in && !line.isEmpty()) {
        lines[i] = line.endsWith("\r") ? "\r" : "";
        changed = true;
      }
    }
    return changed ? String.join("\n", lines).getBytes(StandardCharsets.UTF_8) : bytes;
  }

  /**
   * Loads every file, as {@link RuleLoader#loadAll} does (the same code): files routed by {@code
   * AnalysisType} (other analysis types skipped, other YAML ignored), the rules that load, each
   * failing file's problems, and a {@code RuleID} already loaded from an earlier file (in name
   * order) as a problem of the later one. {@link LoadResult#files()} holds the names as paths.
   */
  public LoadResult load() {
    List<String> names = new ArrayList<>(files.keySet());
    List<Path> paths = new ArrayList<>();
    names.forEach(n -> paths.add(Path.of(n)));
    return RuleLoader.create().loadNamed(names, files::get, new ArrayList<>(), paths, 0);
  }

  private static final int MAGIC = 0x4d524231; // "MRB1"

  /**
   * The bundle as bytes ({@code "MRB1"}, the file count, then per file its UTF-8 name and its
   * bytes, each length-prefixed, big-endian ints), for carriers that take bytes: a broadcast
   * record, a topic, a file.
   */
  public byte[] toBytes() {
    java.io.ByteArrayOutputStream bytes =
        new java.io.ByteArrayOutputStream(
            (int) Math.min(Integer.MAX_VALUE - 64, totalBytes() + 64L * files.size() + 8));
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(files.size());
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        out.writeInt(e.getValue().length);
        out.write(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * Reads {@link #toBytes()} back.
   *
   * @throws IllegalArgumentException naming the byte offset when the bytes are not a bundle (wrong
   *     magic, truncated, a length out of range, a file over {@link RuleLoader#MAX_FILE_BYTES})
   */
  public static RuleBundle fromBundleBytes(byte[] data) {
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(data);
    SortedMap<String, byte[]> files = new TreeMap<>();
    try {
      if (in.getInt() != MAGIC) {
        throw new IllegalArgumentException(
            "rule bundle bytes: expected the magic MRB1 at offset 0");
      }
      int count = in.getInt();
      for (int i = 0; i < count; i++) {
        String name = new String(chunk(in, 4096), StandardCharsets.UTF_8);
        files.put(name, chunk(in, RuleLoader.MAX_FILE_BYTES));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(
            "rule bundle bytes: "
                + in.remaining()
                + " bytes after the last file, at"
                + " offset "
                + in.position());
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException(
          "rule bundle bytes: truncated at offset " + in.position(), e);
    }
    return new RuleBundle(files);
  }

  private static byte[] chunk(java.nio.ByteBuffer in, long max) {
    int at = in.position();
    int n = in.getInt();
    if (n < 0 || n > max || n > in.remaining()) {
      throw new IllegalArgumentException(
          "rule bundle bytes: length " + n + " out of range at offset " + at);
    }
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }

  /**
   * Lower-case hex SHA-256 over the names and bytes (each length-prefixed, in name order): equal
   * for equal sets of files, whatever they were read from.
   */
  public String sha256() {
    String h = sha256;
    if (h == null) {
      try {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
          byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
          md.update(longBytes(name.length));
          md.update(name);
          md.update(longBytes(e.getValue().length));
          md.update(e.getValue());
        }
        StringBuilder sb = new StringBuilder(64);
        for (byte b : md.digest()) {
          sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
        }
        h = sb.toString();
        sha256 = h;
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every JVM", e);
      }
    }
    return h;
  }

  private static byte[] longBytes(long v) {
    return java.nio.ByteBuffer.allocate(8).putLong(v).array();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RuleBundle b && sha256().equals(b.sha256());
  }

  @Override
  public int hashCode() {
    return sha256().hashCode();
  }

  @Override
  public String toString() {
    return "RuleBundle["
        + files.size()
        + " files, "
        + totalBytes()
        + " bytes, sha256 "
        + sha256().substring(0, 12)
        + "]";
  }
}
