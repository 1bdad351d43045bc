package dev.margay.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.engine.Match;
import dev.margay.engine.RuleEngine;
import dev.margay.event.Event;
import dev.margay.event.EventParseException;
import dev.margay.input.EventReader;
import dev.margay.input.InputException;
import dev.margay.input.InputFormat;
import dev.margay.input.RecordHandler;
import dev.margay.input.RecordPosition;
import dev.margay.loader.LoadResult;
import dev.margay.loader.RuleLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link EventScanner} promises: whatever the number of workers, the listener sees every
 * record exactly as a plain sequential read and evaluation would, in input order; bad records and
 * skipped documents in their place; an exception from the listener stops the scan and no worker
 * thread outlives it.
 */
class EventScannerTest {
  private static final Path CORPUS = Path.of("../shared/conformance/panther-cloudtrail");
  private static final Path BENCH = Path.of("../shared/bench/cloudtrail-real.jsonl.gz");
  private static final String DIGEST =
      "{\"awsAccountId\":\"1\",\"digestStartTime\":\"2024-01-01T00:00:00Z\",\"logFiles\":[]}";

  static RuleEngine corpus;

  /** The bench file's 3,313 events with a bad record or a digest instead of every 97th line. */
  static byte[] input;

  @BeforeAll
  static void load() throws IOException {
    LoadResult loaded = RuleLoader.create().withoutTests().loadAll(List.of(CORPUS));
    assertThat(loaded.failures()).isEmpty();
    corpus = RuleEngine.builder().addRules(loaded.rules()).build();
    String[] lines;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(BENCH))) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (i % 97 == 50) {
        sb.append(i % 2 == 0 ? "{\"eventName\": broken" : DIGEST);
      } else if (i % 97 == 60) {
        sb.append(lines[i], 0, lines[i].length() - 1).append(",\"eventName\":\"twice\"}");
      } else {
        sb.append(lines[i]);
      }
      sb.append('\n');
    }
    input = sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyWorkerCount_deliversWhatASequentialReadAndEvaluateGives_inInputOrder()
      throws IOException {
    // The reference: the reader's own push-style read, each event evaluated as it comes.
    List<String> expected = new ArrayList<>();
    StringBuilder expectedDetails = new StringBuilder();
    EventReader.create()
        .read(
            "in",
            new ByteArrayInputStream(input),
            new RecordHandler() {
              @Override
              public void onEvent(Event event, RecordPosition position) {
                List<Match> matches = corpus.evaluate(event);
                expected.add(matchLine(position, matches));
                expectedDetails.append(details(matches));
              }

              @Override
              public void onBadRecord(
                  RecordPosition position, EventParseException.Code code, String reason) {
                expected.add(badLine(position, code, reason));
              }

              @Override
              public void onSkipped(RecordPosition position, String what) {
                expected.add("skipped " + position + " " + what);
              }
            });
    expected.add("end in JSON_LINES");
    assertThat(expected.stream().filter(l -> l.startsWith("bad "))).hasSizeGreaterThan(40);
    assertThat(expected.stream().filter(l -> l.startsWith("skipped "))).hasSizeGreaterThan(10);
    assertThat(expected.stream().filter(l -> l.contains("AWS."))).hasSizeGreaterThan(1000);

    for (int workers : new int[] {1, 2, 3}) {
      for (int inFlight : new int[] {1, 2 * workers}) {
        EventScanner scanner =
            EventScanner.builder(corpus)
                .workers(workers)
                .batchesInFlight(inFlight)
                .standardFields(false)
                .build();
        Transcript seen = new Transcript();
        scanner.scan("in", new ByteArrayInputStream(input), seen);
        assertThat(seen.lines)
            .as("%d worker(s), %d batch(es) in flight", workers, inFlight)
            .containsExactlyElementsOf(expected);
        assertThat(seen.details.toString()).isEqualTo(expectedDetails.toString());
        assertThat(seen.misprepared).isZero();
      }
    }
    Transcript alone = new Transcript();
    EventScanner.builder(corpus)
        .onCallingThread()
        .standardFields(false)
        .build()
        .scan("in", new ByteArrayInputStream(input), alone);
    assertThat(alone.lines).as("on the calling thread").containsExactlyElementsOf(expected);
    assertThat(alone.details.toString()).isEqualTo(expectedDetails.toString());
  }

  @Test
  void oneWorker_runsBesideTheCallingThread_whichAloneHearsTheListener() throws IOException {
    String caller = Thread.currentThread().getName();
    java.util.Set<String> preparedOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.Set<String> deliveredOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
    for (EventScanner scanner :
        List.of(
            EventScanner.builder(corpus).workers(1).build(),
            EventScanner.builder(corpus).onCallingThread().build())) {
      preparedOn.clear();
      deliveredOn.clear();
      scanner.scan(
          "in",
          new ByteArrayInputStream(input),
          new Transcript() {
            @Override
            public String prepare(Match match, RecordPosition position) {
              preparedOn.add(Thread.currentThread().getName());
              return super.prepare(match, position);
            }

            @Override
            public void onMatches(
                RecordPosition position, List<Match> matches, List<String> prepared) {
              deliveredOn.add(Thread.currentThread().getName());
              super.onMatches(position, matches, prepared);
            }
          });
      assertThat(deliveredOn).containsExactly(caller);
      assertThat(preparedOn).containsExactly(scanner.onCallingThread() ? caller : "margay-scan");
      assertThat(scanThreads()).isEmpty();
    }
  }

  @Test
  void aSlowStreamsFirstMatch_reachesTheListener_beforeTheInputEnds() throws Exception {
    // Two events (the second matches) then silence: the match must not wait for more input.
    String[] lines;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(BENCH))) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", 3);
    }
    for (int workers : new int[] {1, 2}) {
      java.io.PipedInputStream pipe = new java.io.PipedInputStream(1 << 16);
      java.io.PipedOutputStream writer = new java.io.PipedOutputStream(pipe);
      java.util.concurrent.CountDownLatch matched = new java.util.concurrent.CountDownLatch(1);
      Transcript seen =
          new Transcript() {
            @Override
            public void onMatches(
                RecordPosition position, List<Match> matches, List<String> prepared) {
              super.onMatches(position, matches, prepared);
              if (!matches.isEmpty()) {
                matched.countDown();
              }
            }
          };
      EventScanner scanner = EventScanner.builder(corpus).workers(workers).build();
      java.util.concurrent.atomic.AtomicReference<Throwable> failed =
          new java.util.concurrent.atomic.AtomicReference<>();
      Thread scan =
          new Thread(
              () -> {
                try {
                  scanner.scan("pipe", pipe, seen);
                } catch (Throwable t) {
                  failed.set(t);
                }
              });
      scan.start();
      writer.write((lines[0] + "\n" + lines[1] + "\n").getBytes(StandardCharsets.UTF_8));
      writer.flush();
      // The input stays open until the match arrives (or, if it never does, for a minute).
      boolean beforeTheEnd = matched.await(1, java.util.concurrent.TimeUnit.MINUTES);
      writer.close();
      scan.join();
      assertThat(failed.get()).isNull();
      assertThat(beforeTheEnd).as("%d worker(s)", workers).isTrue();
      assertThat(seen.lines).hasSize(3).last().isEqualTo("end pipe JSON_LINES");
      assertThat(seen.lines.get(1)).startsWith("pipe:2").contains("AWS.");
    }
  }

  @Test
  void withStandardFields_theWorkerCountChangesNothingEither() throws IOException {
    Instant parse = Instant.parse("2026-01-01T00:00:00Z");
    List<List<String>> runs = new ArrayList<>();
    for (int workers : new int[] {1, 4}) {
      Transcript seen = new Transcript();
      EventScanner.builder(corpus)
          .workers(workers)
          .parseTime(parse)
          .build()
          .scan("in", new ByteArrayInputStream(input), seen);
      runs.add(seen.lines);
    }
    assertThat(runs.get(1)).containsExactlyElementsOf(runs.get(0));
    assertThat(runs.get(0)).anyMatch(l -> l.contains("AWS."));
  }

  @Test
  void badRecordsAndSkippedDocuments_areReportedInTheirPlace() throws IOException {
    String event = "{\"eventName\":\"CreateTrail\",\"eventSource\":\"cloudtrail.amazonaws.com\"}";
    String head = event + "\nnot json\n" + DIGEST + "\n[";
    byte[] small = (head + event + ",{\"a\":1,\"a\":2}]\n").getBytes(StandardCharsets.UTF_8);
    for (int workers : new int[] {1, 2}) {
      Transcript seen = new Transcript();
      EventScanner.builder(corpus)
          .workers(workers)
          .build()
          .scan("s", new ByteArrayInputStream(small), seen);
      assertThat(seen.lines)
          .as("%d worker(s)", workers)
          .containsExactly(
              "s:1@0 [AWS.CloudTrail.Created]",
              "bad s:2 JSON_SYNTAX",
              "skipped s:3 CloudTrail-Digest file",
              "s:4 [record 0]@" + head.length() + " [AWS.CloudTrail.Created]",
              "bad s:4 [record 1] DUPLICATE_KEY",
              "end s JSON_LINES");
    }
  }

  @Test
  void anExceptionFromTheListener_stopsTheScan_andEndsTheWorkers() {
    for (int workers : new int[] {0, 1, 3}) { // 0: on the calling thread
      RuntimeException stop = new IllegalStateException("enough");
      Transcript seen =
          new Transcript() {
            @Override
            public void onMatches(
                RecordPosition position, List<Match> matches, List<String> prepared) {
              if (lines.size() == 700) {
                throw stop;
              }
              super.onMatches(position, matches, prepared);
            }
          };
      EventScanner.Builder b = EventScanner.builder(corpus);
      EventScanner scanner = (workers == 0 ? b.onCallingThread() : b.workers(workers)).build();
      assertThatThrownBy(() -> scanner.scan("in", new ByteArrayInputStream(input), seen))
          .isSameAs(stop);
      assertThat(seen.lines).as("nothing delivered after the exception").hasSize(700);
      assertThat(scanThreads()).as("%d worker(s)", workers).isEmpty();
    }
  }

  @Test
  void anExceptionOnAWorker_reachesTheCaller_andEndsTheWorkers() {
    RuntimeException failure = new IllegalArgumentException("prepare failed");
    java.util.concurrent.atomic.AtomicLong firstThrown =
        new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    Transcript seen =
        new Transcript() {
          @Override
          public String prepare(Match match, RecordPosition position) {
            if (position.line() >= 2000) {
              firstThrown.accumulateAndGet(position.line(), Math::min);
              throw failure;
            }
            return super.prepare(match, position);
          }
        };
    EventScanner scanner = EventScanner.builder(corpus).workers(2).build();
    assertThatThrownBy(() -> scanner.scan("in", new ByteArrayInputStream(input), seen))
        .isSameAs(failure);
    // Every record before the failing one's batch was delivered, none from it on.
    assertThat(seen.lines).hasSizeGreaterThan(1500);
    assertThat(seen.lines)
        .allMatch(
            l ->
                Long.parseLong(l.replaceAll("^(bad |skipped )?in:(\\d+).*", "$2"))
                    < firstThrown.get());
    assertThat(scanThreads()).isEmpty();
  }

  @Test
  void afterEveryScan_noWorkerThreadIsLeft() throws IOException {
    EventScanner scanner = EventScanner.builder(corpus).workers(4).build();
    scanner.scan("in", new ByteArrayInputStream(input), new Transcript());
    assertThat(scanThreads()).isEmpty();
  }

  @Test
  void anInputThatFails_isReportedAfterItsRecords_andTheNextInputIsRead(@TempDir Path dir)
      throws IOException {
    // A gzip file cut in its middle: the records before the cut, then the failure or truncation.
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(input);
    }
    byte[] cut = java.util.Arrays.copyOf(gz.toByteArray(), gz.size() / 2);
    Path truncated = Files.write(dir.resolve("cut.json.gz"), cut);
    Path corrupt = dir.resolve("corrupt.gz");
    byte[] bad = gz.toByteArray().clone();
    for (int i = 100; i < 200; i++) {
      bad[i] ^= 0x5a;
    }
    Files.write(corrupt, bad);
    Path good = Files.write(dir.resolve("good.jsonl"), DIGEST.getBytes(StandardCharsets.UTF_8));
    Path missing = dir.resolve("missing.jsonl");

    for (int workers : new int[] {1, 2}) {
      Transcript seen = new Transcript();
      EventScanner.builder(corpus)
          .workers(workers)
          .build()
          .scan(
              List.of(
                  ScanInput.of(missing),
                  ScanInput.of(corrupt),
                  ScanInput.of(truncated),
                  ScanInput.of(good)),
              seen);
      List<String> ends =
          seen.lines.stream().filter(l -> l.startsWith("end ") || l.startsWith("failed ")).toList();
      assertThat(ends)
          .as("%d worker(s)", workers)
          .containsExactly(
              "failed " + missing + " FileNotFoundException",
              "failed " + corrupt + " CORRUPT_GZIP",
              "end " + truncated + " JSON_LINES",
              "end " + good + " JSON_LINES");
      int truncatedEnd = seen.lines.indexOf("end " + truncated + " JSON_LINES");
      assertThat(seen.lines.get(truncatedEnd - 1))
          .startsWith("bad " + truncated + ":")
          .endsWith("TRUNCATED");
      assertThat(seen.lines.get(seen.lines.size() - 2))
          .isEqualTo("skipped " + good + ":1 CloudTrail-Digest file");
    }

    // By default a failed input stops the scan.
    ScanListener<Void> plain =
        new ScanListener<>() {
          @Override
          public void onMatches(RecordPosition p, List<Match> m, List<Void> prepared) {}

          @Override
          public void onBadRecord(RecordPosition p, EventParseException.Code c, String r) {}
        };
    assertThatThrownBy(
            () ->
                EventScanner.builder(corpus)
                    .build()
                    .scan(List.of(ScanInput.of(missing), ScanInput.of(good)), plain))
        .isInstanceOf(UncheckedIOException.class);
    // One stream: the failure is thrown, after the records before it.
    Transcript one = new Transcript();
    assertThatThrownBy(
            () ->
                EventScanner.builder(corpus)
                    .workers(2)
                    .build()
                    .scan("bad.gz", new ByteArrayInputStream(bad), one))
        .isInstanceOf(InputException.class);
    assertThat(one.lines).noneMatch(l -> l.startsWith("end "));
  }

  @Test
  void optionsAreChecked() {
    EventScanner.Builder b = EventScanner.builder(corpus);
    assertThatThrownBy(() -> b.workers(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.batchesInFlight(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.parseTime(Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(b.workers(3).build().workers()).isEqualTo(3);
  }

  @Test
  void aForcedFormat_appliesToEveryInput() throws IOException {
    byte[] array = "[{\"eventName\":\"x\"},{\"eventName\":\"y\"}]".getBytes(StandardCharsets.UTF_8);
    Transcript seen = new Transcript();
    EventScanner.builder(corpus)
        .inputFormat(InputFormat.JSON_LINES)
        .build()
        .scan("a", new ByteArrayInputStream(array), seen);
    assertThat(seen.lines).hasSize(2).first().asString().startsWith("bad a:1 ");
  }

  /**
   * The scan's threads still alive, after giving each up to 10 s to exit: an executor counts as
   * terminated a moment before its last thread has returned, so a finished worker may briefly be
   * seen alive; a thread left running (a leak) is still alive after the wait.
   */
  private static List<Thread> scanThreads() {
    List<Thread> named =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("margay-scan"))
            .toList();
    for (Thread t : named) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return named.stream().filter(Thread::isAlive).toList();
  }

  /** A record's position and byte offset, and the rules that matched it. */
  static String matchLine(RecordPosition position, List<Match> matches) {
    return position + "@" + position.offset() + " " + matches.stream().map(Match::ruleId).toList();
  }

  /** What the matches say beyond their rule: severity, title, dedup key, alert context. */
  static String details(List<Match> matches) {
    StringBuilder sb = new StringBuilder();
    for (Match m : matches) {
      sb.append(m.severity())
          .append('|')
          .append(m.title())
          .append('|')
          .append(m.dedupKey())
          .append('|')
          .append(m.alertContext())
          .append('\n');
    }
    return sb.toString();
  }

  static String badLine(RecordPosition position, EventParseException.Code code, String reason) {
    return "bad " + position + " " + code;
  }

  /** Everything the listener is told, one line each, in order. */
  static class Transcript implements ScanListener<String> {
    final List<String> lines = new ArrayList<>();
    final StringBuilder details = new StringBuilder();
    int misprepared;

    @Override
    public String prepare(Match match, RecordPosition position) {
      return match.ruleId() + "@" + position;
    }

    @Override
    public void onMatches(RecordPosition position, List<Match> matches, List<String> prepared) {
      for (int i = 0; i < matches.size(); i++) {
        if (!prepared.get(i).equals(matches.get(i).ruleId() + "@" + position)) {
          misprepared++;
        }
      }
      lines.add(matchLine(position, matches));
      details.append(details(matches));
    }

    @Override
    public void onBadRecord(RecordPosition position, EventParseException.Code code, String reason) {
      lines.add(badLine(position, code, reason));
    }

    @Override
    public void onSkipped(RecordPosition position, String what) {
      lines.add("skipped " + position + " " + what);
    }

    @Override
    public void onInputEnd(String source, InputFormat format) {
      lines.add("end " + source + " " + format);
    }

    @Override
    public void onInputFailed(String source, IOException error) {
      lines.add(
          "failed "
              + source
              + " "
              + (error instanceof InputException e
                  ? e.code().toString()
                  : error.getClass().getSimpleName()));
    }
  }
}
