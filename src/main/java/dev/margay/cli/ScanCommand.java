package dev.margay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.event.EventParseException;
import dev.margay.event.EventParser;
import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleLoadException;
import dev.margay.loader.RuleLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code margay scan --rules PATH... [FILE...]}: evaluates JSON Lines events, writes matches as JSON Lines. */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = {"Evaluates JSON Lines events (one JSON object per line) from the files, or stdin when none",
        "or '-', against the rules. Writes one JSON object per match to stdout; bad lines and a summary go",
        "to stderr, and every other line is still evaluated."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:scan completed", "1:a rule file did not load (the others were used)", "2:usage error",
        "3:an input could not be read"})
final class ScanCommand implements Callable<Integer> {
  @Option(names = "--rules", arity = "1", split = ",", required = true, paramLabel = "PATH",
      description = "A rule file or directory; repeat the option (or separate with commas) for more.")
  List<Path> rules;

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "JSON Lines files; '-' or none reads stdin.")
  List<String> files;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final ObjectMapper json = new ObjectMapper();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadResult loaded;
    try {
      loaded = RuleLoader.create().loadAll(rules);
    } catch (UncheckedIOException e) {
      err.println("margay: cannot read rules: " + e.getCause().getMessage());
      return ExitCodes.UNREADABLE_INPUT;
    }
    for (RuleLoadException failure : loaded.failures()) {
      err.println(failure.toDisplayString());
    }
    RuleEngine engine = RuleEngine.builder().addRules(loaded.rules()).build();
    Counts counts = new Counts();
    boolean unreadable = false;
    List<String> inputs = files == null || files.isEmpty() ? List.of("-") : files;
    for (String input : inputs) {
      try {
        if (input.equals("-")) {
          scan("<stdin>", System.in, engine, out, err, counts);
        } else {
          try (InputStream in = Files.newInputStream(Path.of(input))) {
            scan(input, in, engine, out, err, counts);
          }
        }
        counts.files++;
      } catch (IOException e) {
        err.println(input + ": cannot read: " + e.getMessage());
        unreadable = true;
      }
    }
    out.flush();
    err.println("margay scan: " + counts.files + " file(s), " + counts.records + " record(s), " + counts.matches
        + " match(es), " + counts.errors + " error(s), " + loaded.rules().size() + " rule(s)");
    if (unreadable) {
      return ExitCodes.UNREADABLE_INPUT;
    }
    return loaded.isClean() ? ExitCodes.OK : ExitCodes.FAILURES;
  }

  private static final class Counts {
    long files;
    long records;
    long matches;
    long errors;
  }

  private void scan(String name, InputStream in, RuleEngine engine, PrintWriter out, PrintWriter err, Counts counts)
      throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    long lineNumber = 0;
    EventParser parser = EventParser.defaults();
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      List<Match> matches;
      try {
        matches = engine.evaluate(parser.parse(line));
      } catch (EventParseException e) {
        counts.errors++;
        err.println(name + ":" + lineNumber + ": " + e.reason());
        continue;
      }
      counts.records++;
      for (Match m : matches) {
        counts.matches++;
        out.println(json.writeValueAsString(toJson(m, name, lineNumber)));
      }
    }
  }

  private ObjectNode toJson(Match m, String file, long line) {
    ObjectNode o = json.createObjectNode();
    o.put("ruleId", m.ruleId());
    o.put("severity", m.severity().pantherName());
    o.put("title", m.title());
    o.put("dedupKey", m.dedupKey());
    o.put("dedupPeriodMinutes", m.dedupPeriodMinutes());
    o.put("threshold", m.threshold());
    ObjectNode context = o.putObject("alertContext");
    m.alertContext().forEach(context::set);
    ObjectNode summary = o.putObject("summaryAttributes");
    m.summaryAttributes().forEach(summary::set);
    ObjectNode source = o.putObject("source");
    source.put("file", file);
    source.put("line", line);
    return o;
  }
}
