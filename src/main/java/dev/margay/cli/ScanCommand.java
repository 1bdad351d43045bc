// Over 300 lines: one command: its many options and their wiring to the scanner and outputs.
package dev.margay.cli;

import dev.margay.alert.Alert;
import dev.margay.alert.AlertGrouper;
import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.event.EventParseException;
import dev.margay.event.EventParser;
import dev.margay.files.FileWalker;
import dev.margay.input.InputException;
import dev.margay.input.InputFormat;
import dev.margay.input.RecordPosition;
import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleLoadException;
import dev.margay.scan.EventScanner;
import dev.margay.scan.ScanInput;
import dev.margay.scan.ScanListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code margay scan --rules PATH [FILE...]}: evaluates events, writes matches (or alerts). */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Evaluates events against rules and writes the matches (or alerts).",
      "Reads events from files, pipes, directories (walked recursively, in sorted order; hidden files",
      "and editor backups skipped and counted) or stdin ('-', or no FILE). Records are found by",
      "content, whatever the mix: JSON Lines, objects back to back (Firehose), JSON arrays, CloudTrail",
      "{\"Records\": [...]} files (one or several), lookup-events output, EventBridge and CloudWatch Logs",
      "envelopes, each optionally gzip'd (several members too); CloudTrail-Digest files are skipped and",
      "counted. Writes one JSON object per match to stdout. A bad record is reported with its position",
      "(file:line, or file:line [record N]) and every other record is still evaluated; an unreadable file",
      "is reported and the scan goes on. The summary goes to stderr.",
      "Example: margay scan --rules rules/ --alerts cloudtrail/2024/"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:scan completed (bad records are reported, not fatal)",
      "1:a rule file did not load (the others were used)",
      "2:usage error",
      "3:an input could not be read"
    })
final class ScanCommand implements Callable<Integer> {
  @Option(
      names = "--rules",
      arity = "1",
      split = ",",
      required = true,
      paramLabel = "PATH",
      description =
          "A rule file or directory; repeat the option (or separate with commas) for more.")
  List<Path> rules;

  @Parameters(
      arity = "0..*",
      paramLabel = "FILE",
      description = "Event files or directories; '-' or none reads stdin.")
  List<String> files;

  @Option(
      names = "--input-format",
      paramLabel = "FORMAT",
      description =
          "Force the input format: jsonl (one record per line), array, records or json "
              + "(default: found by content, record by record).")
  String inputFormat;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "jsonl",
      description = "jsonl (default: one JSON object per line) or json (one JSON array).")
  String format;

  @Option(
      names = "--alerts",
      description =
          "Group matches into alerts (per rule and dedup key, within "
              + "DedupPeriodMinutes, once Threshold matches arrive) and write the alerts instead of the matches.")
  boolean alerts;

  @Option(
      names = "--max-disorder",
      paramLabel = "DURATION",
      description =
          "With --alerts: input is at most "
              + "DURATION out of event-time order (e.g. 90s, 15m, 2h, 7d, PT1H); windows are closed and alerts written as "
              + "the scan goes, with memory for the open windows only; matches later than that are reported and not "
              + "grouped. Default: exact for any disorder, alerts written at the end.")
  String maxDisorder;

  @Option(
      names = "--raw",
      description =
          "Evaluate events exactly as read: without the fields Panther adds at "
              + "ingestion (p_log_type, p_event_time, p_parse_time, p_row_id, p_source_label, p_any_*) and with eventTime "
              + "as written. By default they are added, as rules see events in Panther (only those some rule reads).")
  boolean raw;

  @Option(
      names = "--errors",
      paramLabel = "FILE",
      description = "Write bad records as JSON Lines to FILE instead of stderr.")
  Path errorsFile;

  @Option(
      names = "--progress",
      description = "Show progress on stderr even when it is not a terminal.")
  boolean progress;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description =
          "Threads that parse and evaluate (default: the "
              + "number of processors, at most 4). Output keeps input order whatever N is.")
  Integer workers;

  @Option(
      names = "--allow-duplicate-keys",
      description =
          "Accept events with a key twice (the last value wins); "
              + "by default they are rejected, since parsers disagree on which value counts.")
  boolean allowDuplicateKeys;

  @Mixin RuleSelection selection;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, Rules.Unreadable {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    InputFormat forced = null;
    if (inputFormat != null) {
      forced =
          InputFormat.fromCliName(inputFormat)
              .orElseThrow(
                  () ->
                      new CommandLine.ParameterException(
                          spec.commandLine(),
                          "unknown --input-format '"
                              + inputFormat
                              + "'"
                              + Rules.didYouMean(
                                  inputFormat, List.of("jsonl", "array", "records", "json"))
                              + "; allowed: jsonl, array, records, json"));
    }
    Rules.checkFormat(spec, format, "jsonl", "json");
    java.time.Duration disorder = maxDisorder == null ? null : parseDuration(maxDisorder);
    if (disorder != null && !alerts) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--max-disorder applies to --alerts only");
    }
    // p_parse_time of this scan, and the time alert grouping gives matches without an event time.
    java.time.Instant parseTime = java.time.Instant.now();
    selection.check(spec.commandLine());
    LoadResult loaded = Rules.loadWithoutTests(rules);
    for (RuleLoadException failure : loaded.failures()) {
      for (String line : failure.toDisplayString().split("\n", -1)) {
        err.println(TerminalText.escape(line)); // rule text and file names are content
      }
    }
    if (Rules.hiddenNote(loaded) != null) {
      err.println(Rules.hiddenNote(loaded));
    }
    Rules.skipSummary(Rules.selectSkipped(loaded, selection), false).forEach(err::println);
    String ignored = Rules.ignoredNote(loaded.ignored());
    if (ignored != null) {
      err.println(ignored);
    }
    List<dev.margay.rule.Rule> selected = Rules.select(loaded.rules(), selection);
    if (selected.isEmpty() && loaded.isClean()) {
      err.println(
          "margay scan: no YAML detection to run in "
              + TerminalText.escape(TestCommand.describe(rules))
              + (selection.isEmpty() ? "" : " matching the selection"));
      return ExitCodes.FAILURES;
    }
    RuleEngine engine = RuleEngine.builder().addRules(selected).build();
    int threads =
        workers != null ? workers : Math.min(4, Runtime.getRuntime().availableProcessors());
    if (threads < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be at least 1");
    }
    EventScanner.Builder scanning =
        EventScanner.builder(engine)
            .inputFormat(forced)
            .workers(threads)
            .standardFields(!raw)
            .parseTime(parseTime);
    if (allowDuplicateKeys) {
      scanning.parser(EventParser.allowingDuplicateKeys());
    }
    EventScanner scanner = scanning.build();

    // Records/s measures the scan itself, from here: loading and compiling rules is not part of it.
    long started = System.nanoTime();
    Output output = new Output(out);
    ErrorSink errors = new ErrorSink(err, errorsFile);
    List<dev.margay.rule.CorrelationRule> correlating =
        alerts
            ? loaded.correlationRules().stream()
                .filter(c -> c.enabled() && selection.accepts(c))
                .toList()
            : List.of();
    Emitter scan =
        new Emitter(
            output,
            errors,
            err,
            new Progress(err, progress || Progress.stderrIsTerminal()),
            alerts ? new AlertSink(output, err, disorder, parseTime, correlating) : null);
    try {
      List<String> names = files == null || files.isEmpty() ? List.of("-") : files;
      List<ScanInput> inputs = new ArrayList<>();
      int skippedFiles = 0;
      for (String name : names) {
        if (name.equals("-")) {
          inputs.add(ScanInput.of("<stdin>", System.in));
          continue;
        }
        FileWalker.Walk walk = FileWalker.walk(List.of(Path.of(name)), p -> true);
        walk.files().forEach(p -> inputs.add(ScanInput.of(p)));
        for (FileWalker.Problem problem : walk.problems()) {
          err.println(
              "margay: "
                  + TerminalText.escape(problem.path().toString())
                  + ": "
                  + TerminalText.escape(problem.reason()));
          scan.unreadable = true;
        }
        skippedFiles += walk.skipped();
      }
      if (skippedFiles > 0) {
        err.println(
            "margay: skipped "
                + skippedFiles
                + " hidden file(s) or editor backup(s) in the input folders");
      }
      scan.progress.totalFiles = inputs.size();
      scanner.scan(inputs, scan);
      output.finish(scan.grouper);
      errors.close(); // before the summary: a full disk must not be reported as errors written
    } catch (OutputFailedException e) {
      if (!e.readerClosed()) {
        throw e;
      }
      // The reader went away (| head -n 1): stop quietly; the summary says how far the scan got.
    } catch (dev.margay.alert.AlertLimitException e) {
      // Never an out-of-memory stack trace: say what to do instead (alerts written so far stay
      // valid output).
      output.finish(null);
      err.println(
          "margay: --alerts stopped: "
              + e.getMessage()
              + ". "
              + (disorder == null
                  ? "Rerun with --max-disorder DURATION (how far out of event-time order the input may be, e.g. 1h) to close"
                      + " windows as the scan goes, or"
                  : "Rerun with a smaller --max-disorder, or")
              + " give the JVM more heap (MARGAY_JAVA_OPTS=-Xmx4g).");
      return ExitCodes.UNREADABLE_INPUT;
    } finally {
      errors.abandon();
    }
    scan.progress.clear();
    double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
    err.println(
        "margay scan: "
            + scan.files
            + " file(s), "
            + scan.records
            + " record(s), "
            + scan.matches
            + " match(es)"
            + (alerts ? ", " + output.alertCount + " alert(s)" : "")
            + (scan.grouper != null && scan.grouper.streaming != null
                ? ", " + scan.grouper.streaming.lateMatches() + " late match(es)"
                : "")
            + (scan.grouper != null
                    && scan.grouper.streamingCorrelations != null
                    && !correlating.isEmpty()
                ? ", " + scan.grouper.streamingCorrelations.lateSignals() + " late signal(s)"
                : "")
            + ", "
            + scan.errors
            + " error(s), "
            + scan.skipped
            + " skipped, "
            + engine.rules().size()
            + " rule(s)"
            + (correlating.isEmpty() ? "" : ", " + correlating.size() + " correlation rule(s)")
            + "; "
            + String.format(
                java.util.Locale.ROOT,
                "%.2f s, %,.0f records/s, %d worker(s)",
                seconds,
                (scan.records + scan.errors) / seconds,
                threads));
    if (scan.unreadable) {
      return ExitCodes.UNREADABLE_INPUT;
    }
    return loaded.isClean() ? ExitCodes.OK : ExitCodes.FAILURES;
  }

  /**
   * Takes the scanner's outcomes in input order: counts them, writes matches (or feeds alerts),
   * reports bad records and unreadable inputs.
   */
  private final class Emitter implements ScanListener<String> {
    final Output output;
    final ErrorSink errorSink;
    final PrintWriter err;
    final Progress progress;
    final AlertSink grouper;
    long files;
    long records;
    long matches;
    long errors;
    long skipped;
    boolean unreadable;

    Emitter(
        Output output, ErrorSink errors, PrintWriter err, Progress progress, AlertSink grouper) {
      this.output = output;
      this.errorSink = errors;
      this.err = err;
      this.progress = progress;
      this.grouper = grouper;
    }

    /**
     * On a worker: writing a match as JSON costs about as much as finding it, so it is done there
     * (alerts need no match text).
     */
    @Override
    public String prepare(Match m, RecordPosition position) {
      return grouper == null ? output.render(m, position) : null;
    }

    @Override
    public void onMatches(RecordPosition position, List<Match> found, List<String> rendered) {
      records++;
      for (int i = 0; i < found.size(); i++) {
        matches++;
        if (grouper != null) {
          grouper.add(found.get(i));
        } else {
          output.write(rendered.get(i));
        }
      }
      progress.record(matches);
    }

    @Override
    public void onBadRecord(RecordPosition position, EventParseException.Code code, String reason) {
      errors++;
      errorSink.report(position, code, reason);
      progress.record(matches);
    }

    /** A document that is no event (a CloudTrail digest): counted, not reported one by one. */
    @Override
    public void onSkipped(RecordPosition position, String what) {
      skipped++;
    }

    @Override
    public void onInputEnd(String source, InputFormat format) {
      files++;
      progress.fileDone();
    }

    /** Reported, and the scan goes on with the next input (exit 3 at the end). */
    @Override
    public void onInputFailed(String source, IOException e) {
      if (e instanceof InputException) {
        err.println("margay: " + TerminalText.escape(e.getMessage()));
      } else {
        err.println(
            "margay: "
                + TerminalText.escape(source)
                + ": cannot read: "
                + TerminalText.escape(String.valueOf(e.getMessage())));
      }
      unreadable = true;
      progress.fileDone();
    }
  }

  /** Writes matches or alerts to stdout in the chosen format. */
  private final class Output {
    final PrintWriter out;
    boolean first = true;
    long alertCount;

    Output(PrintWriter out) {
      this.out = out;
      if (format.equals("json")) {
        out.print("[");
      }
    }

    void write(String text) {
      if (format.equals("json")) {
        out.print(first ? "\n" : ",\n");
        out.print(text);
      } else {
        out.println(text);
      }
      first = false;
    }

    /**
     * The match as one line of JSON (the wire codec's, shared with the stream adapters), written
     * straight from the match (no intermediate record or JSON strings); thread-safe.
     */
    String render(Match m, RecordPosition position) {
      return dev.margay.wire.WireCodec.matches(List.of(m), position, "");
    }

    void alert(Alert a) {
      alertCount++;
      write(dev.margay.wire.WireCodec.alert(dev.margay.wire.AlertRecord.of(a)));
    }

    /**
     * A correlation rule's alert: its own severity and title, the joined value(s), the contributing
     * signals.
     */
    void correlationAlert(dev.margay.alert.CorrelationAlert a) {
      alertCount++;
      write(dev.margay.wire.WireCodec.correlationAlert(a));
    }

    void finish(AlertSink grouper) {
      if (grouper != null) {
        grouper.flush();
      }
      if (format.equals("json")) {
        out.println(first ? "]" : "\n]");
      }
      out.flush();
    }
  }

  /**
   * Bad records: text lines on stderr (content escaped for the terminal), or JSON Lines in a file,
   * written through a {@link CheckedOutputStream} so that a full disk stops the scan (exit 3).
   */
  private final class ErrorSink {
    private final PrintWriter err;
    private final PrintWriter file;

    ErrorSink(PrintWriter err, Path path) throws IOException {
      this.err = err;
      this.file =
          path == null
              ? null
              : new PrintWriter(
                  new java.io.OutputStreamWriter(
                      new CheckedOutputStream(
                          new java.io.BufferedOutputStream(Files.newOutputStream(path), 1 << 16),
                          path.toString()),
                      StandardCharsets.UTF_8));
    }

    void report(RecordPosition position, EventParseException.Code code, String reason) {
      if (file == null) {
        // The byte offset too: several records (Firehose, a Records file, stdin) can share one
        // line.
        err.println(
            TerminalText.escape(position.toString())
                + ": "
                + TerminalText.escape(reason)
                + (position.offset() >= 0 ? " (record at byte " + position.offset() + ")" : ""));
        return;
      }
      file.println(
          dev.margay.wire.WireCodec.badEvent(dev.margay.wire.BadEvent.at(position, code, reason)));
    }

    /** Flushes and closes the file; a write failure is thrown. */
    void close() {
      if (file != null) {
        file.close();
      }
    }

    /** Closes the file after a failure elsewhere, without throwing. */
    void abandon() {
      if (file != null) {
        try {
          file.close();
        } catch (OutputFailedException e) {
          // the first failure is the one reported
        }
      }
    }
  }

  /**
   * {@code --alerts}: exact grouping by default, or a stream with a disorder bound ({@code
   * --max-disorder}); late matches are reported on stderr.
   */
  private static final class AlertSink {
    static final int LATE_SHOWN = 100;
    final AlertGrouper exact;
    int shownLate;
    final dev.margay.alert.StreamingAlertGrouper streaming;

    // Correlation rules: every match (CreateAlert: false included) is a signal, correlated on event
    // time
    // exactly like alerts: any order by default, or streamed within --max-disorder.
    final dev.margay.alert.CorrelationGrouper correlations;
    final dev.margay.alert.StreamingCorrelator streamingCorrelations;
    final long parseMillis;

    AlertSink(
        Output output,
        PrintWriter err,
        java.time.Duration disorder,
        java.time.Instant parseTime,
        List<dev.margay.rule.CorrelationRule> correlationRules) {
      parseMillis = parseTime.toEpochMilli();
      correlations =
          disorder == null
              ? new dev.margay.alert.CorrelationGrouper(
                  correlationRules,
                  output::correlationAlert,
                  dev.margay.alert.AlertLimitException.defaultLimitBytes() / 4)
              : null;
      streamingCorrelations =
          disorder == null
              ? null
              : new dev.margay.alert.StreamingCorrelator(
                  correlationRules,
                  disorder,
                  output::correlationAlert,
                  late -> {
                    if (shownLate < LATE_SHOWN) {
                      shownLate++;
                      err.println(
                          "margay: late signal, not correlated: "
                              + TerminalText.escape(late.ruleId())
                              + " at "
                              + java.time.Instant.ofEpochMilli(late.timeMillis())
                              + " (--max-disorder "
                              + disorder
                              + ")");
                    }
                  });
      long limit = dev.margay.alert.AlertLimitException.defaultLimitBytes();
      if (disorder == null) {
        exact = new AlertGrouper(output::alert, parseTime, limit);
        streaming = null;
      } else {
        exact = null;
        long parse = parseTime.toEpochMilli();
        streaming =
            new dev.margay.alert.StreamingAlertGrouper(
                disorder,
                output::alert,
                late -> {
                  // The first LATE_SHOWN are shown; every one is counted in the summary.
                  if (shownLate < LATE_SHOWN) {
                    shownLate++;
                    err.println(
                        "margay: late match, not grouped: "
                            + TerminalText.escape(late.match().ruleId())
                            + " ["
                            + TerminalText.escape(late.match().dedupKey())
                            + "] at "
                            + late.eventTime()
                            + ", "
                            + java.time.Duration.between(late.eventTime(), late.watermark())
                            + " behind the watermark "
                            + late.watermark()
                            + " (--max-disorder "
                            + disorder
                            + ")"
                            + (shownLate == LATE_SHOWN
                                ? "; further late matches are only counted"
                                : ""));
                  }
                },
                () -> parse,
                limit);
      }
    }

    void add(Match m) {
      if (exact != null) {
        exact.add(m);
      } else {
        streaming.add(m);
      }
      if (correlations != null
          ? correlations.consumes(m.ruleId())
          : streamingCorrelations.consumes(m.ruleId())) {
        long time =
            m.eventTimeMillis() == dev.margay.event.EventTime.NONE
                ? parseMillis
                : m.eventTimeMillis();
        java.util.Set<String> fields =
            correlations != null
                ? correlations.joinFields(m.ruleId())
                : streamingCorrelations.joinFields(m.ruleId());
        dev.margay.alert.CorrelationSignal signal =
            dev.margay.alert.CorrelationSignal.of(m, time, fields);
        if (correlations != null) {
          correlations.add(signal);
        } else {
          streamingCorrelations.add(signal);
        }
      }
    }

    void flush() {
      if (exact != null) {
        exact.flush();
        correlations.flush();
      } else {
        streaming.flush();
        streamingCorrelations.flush();
      }
    }
  }

  /**
   * {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}, {@code 500ms}, or ISO-8601 ({@code PT1H});
   * not negative.
   */
  private java.time.Duration parseDuration(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d{1,12})(ms|s|m|h|d)").matcher(text.trim());
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "ms":
            return java.time.Duration.ofMillis(n);
          case "s":
            return java.time.Duration.ofSeconds(n);
          case "m":
            return java.time.Duration.ofMinutes(n);
          case "h":
            return java.time.Duration.ofHours(n);
          default:
            return java.time.Duration.ofDays(n);
        }
      }
      java.time.Duration d = java.time.Duration.parse(text.trim());
      if (!d.isNegative()) {
        return d;
      }
    } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
      // reported below
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "--max-disorder: expected a duration such as 90s, "
            + "15m, 2h, 7d or PT1H, found '"
            + TerminalText.escape(text)
            + "'");
  }
}
