package dev.margay.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.margay.input.EventReader;
import dev.margay.input.InputException;
import dev.margay.input.InputFormat;
import dev.margay.input.TestingRecords;
import dev.margay.loader.LoadResult;
import dev.margay.loader.Problem;
import dev.margay.loader.RuleLoadException;
import dev.margay.loader.RuleLoader;
import dev.margay.loader.TestingRule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hostile and broken inputs under src/test/resources/malformed: each is rejected with its
 * expected problem code at its expected line, with bounded allocation and within 10 seconds (a
 * guard against hangs such as alias expansion, not a performance figure); good records around a bad
 * one are kept.
 */
class MalformedInputsTest {
  private static final Path RULES = Path.of("src/test/resources/malformed/rules");
  private static final Path EVENTS = Path.of("src/test/resources/malformed/events");

  /** Allocation allowed while rejecting one input: far below what the attacks would need. */
  private static final long MAX_ALLOCATED_BYTES = 256L * 1024 * 1024;

  private static final AtomicInteger TRIED = new AtomicInteger();
  private static final AtomicInteger REJECTED = new AtomicInteger();

  @BeforeAll
  static void warmUp() {
    // Class loading and JIT of the first call are not what the time guard is about.
    RuleLoader.create()
        .load(Path.of("src/test/resources/rules/aws_ec2_security_group_modified.yml"));
  }

  @AfterAll
  static void report() {
    System.out.println(
        "[reliability] malformed inputs tried: "
            + TRIED.get()
            + ", rejected with expected code and line: "
            + REJECTED.get());
  }

  /** file, expected problem code, expected line. */
  private static final String[][] RULE_CASES = {
    {"billion_laughs.yml", "limit", "18"},
    {"deep_nesting.yml", "limit", "6"},
    {"unsafe_global_tag.yml", "unsafe-tag", "10"},
    {"unsafe_java_tag.yml", "unsafe-tag", "10"},
    {"local_tag.yml", "unsafe-tag", "10"},
    {"recursive_key.yml", "type", "10"},
    {"duplicate_keys.yml", "duplicate-key", "10"},
    {"duplicate_log_keys.yml", "duplicate-key", "13"},
    {"utf16_bom.yml", "encoding", "1"},
    {"invalid_utf8.yml", "encoding", "10"},
    {"empty.yml", "empty", "1"},
    {"comments_only.yml", "empty", "1"},
    {"several_documents.yml", "multiple-documents", "11"},
    {"enabled_not_boolean.yml", "type", "3"},
    {"logtypes_not_list.yml", "type", "4"},
    {"severity_list.yml", "type", "5"},
    {"threshold_string.yml", "type", "10"},
    {"threshold_huge.yml", "bad-value", "10"},
    {"key_typo.yml", "unknown-key", "6"},
    {"condition_typo.yml", "unknown-condition", "8"},
    {"expression_key_typo.yml", "unknown-key", "7"},
    {"python_rule.yml", "unsupported", "6"},
    {"scheduled_rule.yml", "unsupported", "4"},
    {"policy.yml", "unsupported", "1"},
    {"bad_compact_condition.yml", "bad-condition", "7"},
    {"deep_compact_condition.yml", "bad-condition", "7"},
    {"missing_required.yml", "missing-key", "1"},
    {"null_value.yml", "type", "9"},
    {"bad_cidr.yml", "bad-value", "9"},
    {"mixed_values.yml", "bad-value", "9"},
    {"bad_keypath.yml", "bad-value", "7"},
    {"yaml_syntax_error.yml", "yaml-syntax", "7"},
    {"tab_indentation.yml", "yaml-syntax", "7"},
    {"log_not_mapping.yml", "type", "13"},
    {"merge_key.yml", "unknown-key", "1"}, // the merge applies: its base mapping is an unknown key
    {"non_string_key.yml", "type", "10"},
    {"expected_result_string.yml", "type", "12"},
    {"value_is_list.yml", "type", "9"},
    {"ruleid_bad_characters.yml", "bad-value", "2"},
    {"contains_with_values.yml", "bad-expression", "9"},
    {"multikey_three.yml", "bad-expression", "8"},
    {"inline_filter_quantifier.yml", "bad-expression", "11"},
    {"duplicate_rule_id", "duplicate-rule-id", "1"},
    {"correlation_group_and_sequence.yml", "bad-expression", "9"},
    {"correlation_count_out_of_range.yml", "bad-value", "9"},
    {"correlation_bad_signal_time.yml", "bad-value", "18"},
  };

  @TestFactory
  Stream<DynamicTest> hostileRuleFiles_areRejectedWithTheirCodeAndLine() throws IOException {
    try (Stream<Path> files = Files.list(RULES)) {
      assertThat(files.count()).as("every corpus file has a row").isEqualTo(RULE_CASES.length);
    }
    return Stream.of(RULE_CASES)
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c[0],
                    () -> {
                      TRIED.incrementAndGet();
                      List<Problem> problems = bounded(() -> rejectRule(RULES.resolve(c[0])));
                      assertThat(problems)
                          .as(problems.toString())
                          .anySatisfy(
                              p -> {
                                assertThat(p.code().id()).isEqualTo(c[1]);
                                assertThat(p.location().line()).isEqualTo(Integer.parseInt(c[2]));
                                assertThat(p.location().file()).contains(c[0]);
                              });
                      REJECTED.incrementAndGet();
                    }));
  }

  private static List<Problem> rejectRule(Path path) {
    if (Files.isDirectory(path) || path.getFileName().toString().startsWith("correlation_")) {
      // Correlation rules are read through loadAll's routing (load() takes rule files only).
      LoadResult result = RuleLoader.create().loadAll(List.of(path));
      assertThat(result.failures()).isNotEmpty();
      return result.failures().stream().flatMap(f -> f.problems().stream()).toList();
    }
    try {
      RuleLoader.create().load(path);
    } catch (RuleLoadException e) {
      return e.problems();
    }
    throw new AssertionError(path + " loaded");
  }

  /** What an event input produced: good events, bad records, and the input error if any. */
  record Read(int events, List<String> bad, InputException error) {}

  /**
   * file, forced format (or "-"), expected code, expected line, events kept around the bad ones
   * (for an input error: the events read before it).
   */
  private static final String[][] EVENT_CASES = {
    {"deep_nesting.jsonl", "-", "limit", "2", "2"},
    {"number_2000_digits.jsonl", "-", "limit", "2", "2"},
    {"duplicate_event_name.jsonl", "-", "duplicate-key", "2", "2"},
    // Objects back to back on one line are each a record (Firehose); forced JSON Lines keeps one
    // per line.
    {"trailing_garbage.jsonl", "-", "trailing-content", "2", "2"},
    {"two_documents_on_a_line.jsonl", "jsonl", "trailing-content", "2", "2"},
    {"trailing_garbage.json", "-", "json-syntax", "4", "1"},
    {"not_objects.jsonl", "-", "not-object", "2", "2"},
    {"invalid_utf8.jsonl", "-", "encoding", "2", "2"},
    {"nan.jsonl", "-", "json-syntax", "2", "2"},
    {"single_quotes.jsonl", "-", "json-syntax", "2", "2"},
    {"comment.jsonl", "-", "json-syntax", "2", "2"},
    {"raw_control_character.jsonl", "-", "json-syntax", "2", "2"},
    {"long_name.jsonl", "-", "limit", "2", "2"},
    {"records_not_array.json", "records", "not-object", "1", "0"},
    {"records_with_bad_elements.json", "-", "not-object", "2", "2"},
    {"unterminated_array.json", "-", "truncated", "1", "2"},
    {
      "truncated.jsonl.gz", "-", "truncated", "687", "686"
    }, // a bad record now, as a plain truncated file
    {"corrupt.jsonl.gz", "-", "corrupt-gzip", "0", "0"},
    {"gzip_bomb.json.gz", "-", "gzip-bomb", "0", "0"},
  };

  @TestFactory
  Stream<DynamicTest> hostileEventInputs_areReportedAndTheRestIsRead() throws IOException {
    try (Stream<Path> files = Files.list(EVENTS)) {
      assertThat(files.count()).as("every corpus file has a row").isEqualTo(EVENT_CASES.length);
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] c : EVENT_CASES) {
      tests.add(
          DynamicTest.dynamicTest(
              c[0],
              () -> {
                TRIED.incrementAndGet();
                Read read =
                    bounded(() -> readEvents(c[0], Files.readAllBytes(EVENTS.resolve(c[0])), c[1]));
                check(read, c[2], Integer.parseInt(c[3]), Integer.parseInt(c[4]));
                REJECTED.incrementAndGet();
              }));
    }
    // Too large to check in; generated: a 30 MB string between two good lines.
    tests.add(
        DynamicTest.dynamicTest(
            "generated: 30 MB string",
            () -> {
              TRIED.incrementAndGet();
              byte[] input =
                  ("{\"a\":1}\n{\"s\":\"" + "x".repeat(30 * 1024 * 1024) + "\"}\n{\"a\":2}\n")
                      .getBytes(StandardCharsets.UTF_8);
              check(bounded(() -> readEvents("30mb-string.jsonl", input, "-")), "limit", 2, 2);
              REJECTED.incrementAndGet();
            }));
    return tests.stream();
  }

  private static void check(Read read, String code, int line, int events) {
    if (read.error() != null) {
      assertThat(read.error().code().id()).as(read.error().getMessage()).isEqualTo(code);
      if (line > 0) {
        assertThat(read.error().getMessage()).contains(":" + line + ":");
      }
    } else {
      assertThat(read.bad())
          .as("bad records")
          .anySatisfy(b -> assertThat(b).startsWith(line + " " + code));
    }
    assertThat(read.events()).as("good events kept").isEqualTo(events);
  }

  private static List<String> lineCodeReason(TestingRecords records) {
    return records.badRecords().stream()
        .map(b -> b.position().line() + " " + b.code().id() + " " + b.reason())
        .toList();
  }

  private static Read readEvents(String name, byte[] bytes, String format) {
    TestingRecords records = new TestingRecords();
    EventReader reader =
        format.equals("-")
            ? EventReader.create()
            : EventReader.create().withFormat(InputFormat.fromCliName(format).orElseThrow());
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      reader.read(name, in, records);
      return new Read(records.events().size(), lineCodeReason(records), null);
    } catch (InputException e) {
      return new Read(records.events().size(), lineCodeReason(records), e);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Runs the action with a bounded allocation of the running thread, and within 10 seconds: a guard
   * against hangs (alias expansion, quadratic scans) on a shared, loaded machine, not a timing.
   */
  private static <T> T bounded(java.util.concurrent.Callable<T> action) {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          com.sun.management.ThreadMXBean threads =
              (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
          long before = threads.getCurrentThreadAllocatedBytes();
          T result = action.call();
          long allocated = threads.getCurrentThreadAllocatedBytes() - before;
          assertThat(allocated).as("bytes allocated").isLessThan(MAX_ALLOCATED_BYTES);
          return result;
        });
  }

  @org.junit.jupiter.api.Test
  void utf8Bom_isAccepted() {
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    byte[] rule =
        (TestingRule.header("Bom", "Info") + "Detection: ['true']\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + rule.length];
    System.arraycopy(bom, 0, all, 0, 3);
    System.arraycopy(rule, 0, all, 3, rule.length);
    assertThat(RuleLoader.create().load(all, "bom.yml").id()).isEqualTo("Bom");
  }

  @org.junit.jupiter.api.Test
  void oversizedRuleFile_isRejectedBeforeParsing() {
    String big = "AnalysisType: rule\nDescription: \"" + "x".repeat(5 * 1024 * 1024) + "\"\n";
    assertThatThrownBy(() -> RuleLoader.create().load(big, "big.yml"))
        .isInstanceOfSatisfying(
            RuleLoadException.class,
            e -> assertThat(e.problems().get(0).code().id()).isEqualTo("limit"));
  }
}
