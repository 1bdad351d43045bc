package dev.margay.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margay.loader.RuleBundle;
import dev.margay.wire.AlertRecord;
import dev.margay.wire.MatchRecord;
import dev.margay.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rules change while the job runs: a broadcast rule set swaps the engine of every detect subtask
 * between two events, a broken one is refused whole, and the open windows of rules that stay
 * continue.
 */
class RuleUpdateTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  static final int EVENTS = 200;
  static final int GATE = 100;

  /**
   * Counted down by each detect subtask's report of the new rules; the event at GATE waits for
   * both.
   */
  static final CountDownLatch APPLIED = new CountDownLatch(2);

  static final String LOGIN_RULE =
      "AnalysisType: rule\nRuleID: Test.ConsoleLogin\nEnabled: true\n"
          + "LogTypes: [AWS.CloudTrail]\nSeverity: Low\nDetection:\n  - 'eventName == \"ConsoleLogin\"'\n"
          + "AlertContext:\n  - KeyName: idx\n    KeyValue:\n      KeyPath: idx\n";

  /** Holds the event at {@link #GATE} until every detect subtask runs the new rules. */
  static final class Gate implements MapFunction<byte[], byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] map(byte[] event) throws Exception {
      if (new String(event, StandardCharsets.UTF_8).contains("\"idx\":" + GATE + ",")) {
        assertThat(APPLIED.await(120, TimeUnit.SECONDS)).as("new rules applied").isTrue();
      }
      return event;
    }
  }

  @Test
  void aBroadcastRuleSetSwapsEveryEngineBetweenTwoEventsAndOpenWindowsContinue() throws Exception {
    byte[] ec2 =
        Files.readAllBytes(Path.of("src/test/resources/rules/aws_ec2_security_group_modified.yml"));
    RuleBundle before = RuleBundle.fromBytes(Map.of("ec2.yml", ec2));
    RuleBundle broken =
        RuleBundle.fromBytes(
            Map.of(
                "ec2.yml", ec2, "login.yml", "RuleID: [unclosed".getBytes(StandardCharsets.UTF_8)));
    RuleBundle after =
        RuleBundle.fromBytes(
            Map.of("ec2.yml", ec2, "login.yml", LOGIN_RULE.getBytes(StandardCharsets.UTF_8)));
    List<byte[]> events = new ArrayList<>();
    long t0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    for (int i = 0; i < EVENTS; i++) {
      String name = i % 2 == 0 ? "CreateSecurityGroup" : "ConsoleLogin";
      events.add(
          WireCodec.utf8(
              "{\"idx\":"
                  + i
                  + ",\"eventName\":\""
                  + name
                  + "\",\"eventSource\":\""
                  + (i % 2 == 0 ? "ec2" : "signin")
                  + ".amazonaws.com\",\"recipientAccountId\":\"123456789012\","
                  + "\"eventTime\":\""
                  + Instant.ofEpochMilli(t0 + i * 1000L)
                  + "\"}"));
    }

    Configuration conf = new Configuration();
    StreamExecutionEnvironment env = FlinkPipelineTest.env(conf);
    DataStream<byte[]> source =
        env.fromData(events, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
            .setParallelism(1)
            .map(new Gate(), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
            .setParallelism(1)
            .rebalance();
    DataStream<RuleUpdate> updates =
        env.fromData(
                List.of(RuleUpdate.of(broken), RuleUpdate.of(after)),
                TypeInformation.of(RuleUpdate.class))
            .setParallelism(1);
    MargayPipeline.Result r =
        MargayPipeline.alerts(
            source,
            before,
            MargayPipeline.Options.defaults()
                .maxOutOfOrderness(java.time.Duration.ofMinutes(10))
                .ruleUpdates(updates));
    String afterSha = after.sha256();
    CloseableIterator<RulesApplied> applied =
        r.rulesApplied()
            .map(
                a -> {
                  if (a.accepted() && a.sha256().equals(afterSha)) {
                    APPLIED.countDown();
                  }
                  return a;
                },
                TypeInformation.of(RulesApplied.class))
            .collectAsync();
    CloseableIterator<MatchRecord> matches = r.matches().collectAsync();
    CloseableIterator<AlertRecord> alerts = r.alerts().collectAsync();
    env.execute("rule-update");

    List<RulesApplied> reports = FlinkPipelineTest.drain(applied);
    assertThat(reports)
        .filteredOn(a -> a.sha256().equals(broken.sha256()))
        .hasSize(2)
        .allSatisfy(a -> assertThat(a.accepted()).isFalse())
        .allSatisfy(a -> assertThat(a.problems()).contains("login.yml:1:"));
    assertThat(reports)
        .filteredOn(a -> a.sha256().equals(afterSha))
        .hasSize(2)
        .allSatisfy(a -> assertThat(a.accepted()).isTrue())
        .extracting(RulesApplied::subtask)
        .containsExactlyInAnyOrder(0, 1);

    List<MatchRecord> all = FlinkPipelineTest.drain(matches);
    // Every CreateSecurityGroup matched, before, during and after the swap: none lost.
    assertThat(all)
        .filteredOn(m -> m.ruleId().equals("AWS.EC2.SecurityGroupModified"))
        .hasSize(EVENTS / 2);
    // The new rule matched every login from the gate on (and perhaps some before, once a subtask
    // had it).
    Map<Integer, MatchRecord> logins = new LinkedHashMap<>();
    for (MatchRecord m : all) {
      if (m.ruleId().equals("Test.ConsoleLogin")) {
        logins.put(Integer.parseInt(m.alertContext().replaceAll("\\D", "")), m);
      }
    }
    for (int i = GATE + 1; i < EVENTS; i += 2) {
      assertThat(logins).as("login %d after the update", i).containsKey(i);
    }
    // The EC2 rule's window (720 minutes) was open across the update and went on: one alert of all
    // 100.
    assertThat(FlinkPipelineTest.drain(alerts))
        .filteredOn(a -> a.ruleId().equals("AWS.EC2.SecurityGroupModified"))
        .singleElement()
        .satisfies(a -> assertThat(a.matchCount()).isEqualTo(EVENTS / 2));
  }
}
