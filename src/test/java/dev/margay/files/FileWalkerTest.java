package dev.margay.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleLoader;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reproduction 12: the walker reads what it can and says what it did not read, and why. */
class FileWalkerTest {
  private static final String RULE =
      "AnalysisType: rule\nRuleID: %s\nEnabled: true\nLogTypes: [AWS.CloudTrail]\n"
          + "Severity: Info\nDetection: ['true']\n";

  private static List<String> names(Path root, List<Path> files) {
    return files.stream().map(p -> root.relativize(p).toString()).toList();
  }

  @Test
  void linksAreFollowed_loopsAndDanglingLinksReported_hiddenAndEditorFilesSkippedAndCounted(
      @TempDir Path dir) throws IOException {
    Path events = Files.createDirectories(dir.resolve("events"));
    Files.writeString(events.resolve("a.jsonl"), "{}\n");
    Path sub = Files.createDirectories(events.resolve("sub"));
    Files.writeString(sub.resolve("b.jsonl"), "{}\n");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("c.jsonl"), "{}\n");
    Files.createSymbolicLink(events.resolve("linked"), elsewhere);
    Files.createSymbolicLink(sub.resolve("loop"), events);
    Files.createSymbolicLink(events.resolve("dangling.jsonl"), dir.resolve("nowhere"));
    Files.createSymbolicLink(
        events.resolve("self"), events.resolve("self")); // unreadable, even for root
    Files.writeString(events.resolve(".hidden.jsonl"), "{}\n");
    Files.createDirectories(events.resolve(".git"));
    Files.writeString(events.resolve(".#a.jsonl"), "{}\n");
    Files.writeString(events.resolve("a.jsonl~"), "{}\n");
    Files.writeString(events.resolve("#a.jsonl#"), "{}\n");

    FileWalker.Walk walk = FileWalker.walk(List.of(events), p -> true);
    assertThat(names(events, walk.files()))
        .containsExactly("a.jsonl", "linked/c.jsonl", "sub/b.jsonl");
    assertThat(walk.problems())
        .extracting(p -> events.relativize(p.path()) + ": " + p.reason())
        .satisfiesExactly(
            p -> assertThat(p).isEqualTo("dangling.jsonl: dangling symbolic link"),
            p -> assertThat(p).startsWith("self: cannot read: ").contains("symbolic link"),
            p ->
                assertThat(p)
                    .isEqualTo(
                        "sub/loop: symbolic link to a directory already read ("
                            + events.toRealPath()
                            + "): not read again"));
    assertThat(walk.skipped()).isEqualTo(5);
  }

  @Test
  void fifosAndSocketsInsideAFolderAreReported_notRead_whileTheRestIsRead(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("a.jsonl"), "{}\n");
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(dir.resolve("s.sock")));
      boolean fifo = mkfifo(dir.resolve("f.fifo"));
      FileWalker.Walk walk = FileWalker.walk(List.of(dir), p -> true);
      assertThat(names(dir, walk.files())).containsExactly("a.jsonl");
      assertThat(walk.problems())
          .extracting(p -> dir.relativize(p.path()) + ": " + p.reason())
          .contains("s.sock: not a regular file (a socket): not read");
      if (fifo) {
        assertThat(walk.problems())
            .extracting(p -> dir.relativize(p.path()) + ": " + p.reason())
            .containsExactly(
                "f.fifo: not a regular file (a FIFO): not read",
                "s.sock: not a regular file (a socket): not read");
      }
    }
  }

  /** Creates a FIFO with the system's mkfifo; false when there is none. */
  static boolean mkfifo(Path path) throws InterruptedException {
    try {
      return new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void anUnreadableDirectoryIsReported_andTheRestIsRead(@TempDir Path dir) throws IOException {
    Path locked = Files.createDirectories(dir.resolve("locked"));
    Files.writeString(locked.resolve("x.jsonl"), "{}\n");
    Files.writeString(dir.resolve("z.jsonl"), "{}\n");
    locked.toFile().setReadable(false, false);
    locked.toFile().setExecutable(false, false);
    try {
      Assumptions.assumeFalse(
          Files.isReadable(locked), "running as a user who can read anything (root)");
      FileWalker.Walk walk = FileWalker.walk(List.of(dir), p -> true);
      assertThat(names(dir, walk.files())).containsExactly("z.jsonl");
      assertThat(walk.problems())
          .extracting(p -> dir.relativize(p.path()) + ": " + p.reason())
          .containsExactly("locked: cannot read the directory: permission denied");
    } finally {
      locked.toFile().setReadable(true, false);
      locked.toFile().setExecutable(true, false);
    }
  }

  @Test
  void aPathGivenExplicitlyIsTakenAsItIs_evenWhenHiddenOrSpecial_andAMissingOneIsReported(
      @TempDir Path dir) throws IOException {
    Path hidden = Files.writeString(dir.resolve(".x.jsonl"), "{}\n");
    FileWalker.Walk walk =
        FileWalker.walk(List.of(hidden, Path.of("/dev/null"), dir.resolve("missing")), p -> true);
    assertThat(walk.files()).containsExactly(hidden, Path.of("/dev/null"));
    assertThat(walk.problems())
        .extracting(FileWalker.Problem::reason)
        .containsExactly("no such file or directory");
  }

  /** Reproduction 12, rule folders: an editor lock file no longer shadows the rule it locks. */
  @Test
  void ruleFolders_skipEditorLockFiles_soTheRealRuleLoads(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(".#a.yml"), String.format(RULE, "Stale"));
    Files.writeString(dir.resolve("a.yml"), String.format(RULE, "Stale"));
    Files.writeString(dir.resolve("a.yml~"), String.format(RULE, "Stale"));
    Files.createSymbolicLink(dir.resolve("gone.yml"), dir.resolve("nowhere.yml"));
    LoadResult loaded = RuleLoader.create().loadAll(List.of(dir));
    assertThat(loaded.rules())
        .extracting(r -> r.source().file())
        .containsExactly(dir.resolve("a.yml").toString());
    assertThat(loaded.skippedHidden()).isEqualTo(2);
    assertThat(loaded.failures())
        .extracting(f -> f.problems().get(0).message())
        .containsExactly("dangling symbolic link");

    // The JUnit helper walks the same way: the link is a failing test, the lock file no test at
    // all.
    List<org.junit.jupiter.api.DynamicNode> nodes =
        dev.margay.testing.junit.RuleTests.from(dir).toList();
    assertThat(nodes)
        .extracting(org.junit.jupiter.api.DynamicNode::getDisplayName)
        .containsExactly("gone.yml/read", "a.yml");
    org.junit.jupiter.api.DynamicTest read = (org.junit.jupiter.api.DynamicTest) nodes.get(0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> read.getExecutable().execute())
        .hasMessageContaining("dangling symbolic link");
  }
}
