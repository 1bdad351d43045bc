package dev.margay.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one directory walker, for rule folders and event folders alike. It never skips anything
 * without saying so:
 *
 * <ul>
 *   <li>Paths given explicitly are taken as they are, whatever they are (a FIFO, {@code
 *       /dev/stdin}, {@code <(...)}); only a missing one is a problem.
 *   <li>Directories are walked recursively; the files found under each given path are returned
 *       sorted by their path text (the order of the given paths is kept).
 *   <li>Symbolic links are followed. A link to a directory already walked (a loop, or a second link
 *       to it) is reported and not walked again; a dangling link is reported.
 *   <li>FIFOs, sockets and devices found inside a directory are reported and not read (reading one
 *       could block forever); so are entries and directories that cannot be read. The rest is read.
 *   <li>Hidden files and directories (name starting with '.') and editor droppings ({@code x~},
 *       {@code #x#}; Emacs lock files {@code .#x} are hidden) are skipped and counted.
 * </ul>
 *
 * <p>Files whose name {@code accept} rejects (not rule files, say) are left out quietly: they are
 * not inputs of that walk. JDK only; stateless and thread-safe.
 */
public final class FileWalker {
  private FileWalker() {}

  /** A path that could not be walked or read, and why. */
  public record Problem(Path path, String reason) {
    public Problem {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
      return path + ": " + reason;
    }
  }

  /**
   * What a walk found: the files to read, in order; the problems, in the order met; and how many
   * hidden files or directories and editor droppings were skipped.
   */
  public record Walk(List<Path> files, List<Problem> problems, int skipped) {
    public Walk {
      files = List.copyOf(files);
      problems = List.copyOf(problems);
    }
  }

  /**
   * Whether a directory entry named {@code name} is skipped: hidden, or an editor's backup or lock
   * file.
   */
  public static boolean isSkipped(String name) {
    return name.startsWith(".")
        || name.endsWith("~")
        || (name.length() > 1 && name.startsWith("#") && name.endsWith("#"));
  }

  /**
   * Walks {@code roots}; {@code accept} decides by path which regular files (and which special
   * files) found inside directories belong to this walk.
   */
  public static Walk walk(Collection<Path> roots, Predicate<Path> accept) {
    List<Path> files = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    int[] skipped = {0};
    for (Path root : roots) {
      if (Files.isDirectory(root)) {
        List<Path> found = new ArrayList<>();
        Set<Path> visited = new HashSet<>();
        try {
          visited.add(root.toRealPath());
        } catch (IOException e) {
          problems.add(new Problem(root, reason(e)));
          continue;
        }
        walkDirectory(root, accept, found, problems, visited, skipped);
        found.sort(Comparator.comparing(Path::toString));
        files.addAll(found);
      } else if (Files.exists(root)) {
        files.add(root);
      } else if (Files.isSymbolicLink(root)) {
        problems.add(new Problem(root, "dangling symbolic link"));
      } else {
        problems.add(new Problem(root, "no such file or directory"));
      }
    }
    return new Walk(files, problems, skipped[0]);
  }

  private static void walkDirectory(
      Path dir,
      Predicate<Path> accept,
      List<Path> files,
      List<Problem> problems,
      Set<Path> visited,
      int[] skipped) {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(entries::add);
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      problems.add(new Problem(dir, "cannot read the directory: " + reason(e)));
      return;
    }
    entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
    for (Path entry : entries) {
      if (isSkipped(entry.getFileName().toString())) {
        skipped[0]++;
        continue;
      }
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(entry, BasicFileAttributes.class);
      } catch (NoSuchFileException e) {
        if (Files.isSymbolicLink(entry)) {
          if (accept.test(entry)) {
            problems.add(new Problem(entry, "dangling symbolic link"));
          }
        } else {
          problems.add(new Problem(entry, "disappeared while the directory was read"));
        }
        continue;
      } catch (IOException e) {
        problems.add(new Problem(entry, "cannot read: " + reason(e)));
        continue;
      }
      if (attributes.isDirectory()) {
        Path real;
        try {
          real = entry.toRealPath();
        } catch (IOException e) {
          problems.add(new Problem(entry, "cannot read the directory: " + reason(e)));
          continue;
        }
        if (!visited.add(real)) {
          problems.add(
              new Problem(
                  entry,
                  "symbolic link to a directory already read (" + real + "): not read again"));
          continue;
        }
        walkDirectory(entry, accept, files, problems, visited, skipped);
      } else if (!accept.test(entry)) {
        continue;
      } else if (attributes.isRegularFile()) {
        if (Files.isReadable(entry)) {
          files.add(entry);
        } else {
          problems.add(new Problem(entry, "cannot read: permission denied"));
        }
      } else {
        problems.add(new Problem(entry, "not a regular file (" + kind(entry) + "): not read"));
      }
    }
  }

  /** What a special file is, from its Unix mode where the platform tells it. */
  private static String kind(Path path) {
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode");
      switch (mode & 0170000) {
        case 0010000:
          return "a FIFO";
        case 0140000:
          return "a socket";
        case 0020000:
          return "a character device";
        case 0060000:
          return "a block device";
        default:
          return "a special file";
      }
    } catch (IOException
        | UnsupportedOperationException
        | IllegalArgumentException
        | ClassCastException e) {
      return "a special file";
    }
  }

  private static String reason(Exception e) {
    Throwable t = e instanceof java.nio.file.DirectoryIteratorException d ? d.getCause() : e;
    if (t instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (t instanceof FileSystemLoopException) {
      return "symbolic link loop";
    }
    if (t instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
