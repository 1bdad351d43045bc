package dev.margay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margay.loader.RuleLoader;
import dev.margay.rule.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The process-wide cache of what is built from a rule set, by the set's hash. */
class EngineCacheTest {
  /** A hash no other test uses: the cache lives as long as the JVM. */
  private static String freshHash() {
    return "test-" + UUID.randomUUID();
  }

  private static RuleEngine engine(String eventName) {
    Rule rule =
        RuleLoader.create()
            .load(
                "AnalysisType: rule\nRuleID: R."
                    + eventName
                    + "\nEnabled: true\nLogTypes: [AWS.CloudTrail]\nSeverity: Info\n"
                    + "Detection:\n  - KeyPath: eventName\n    Condition: Equals\n    Value: "
                    + eventName
                    + "\n",
                "r.yml");
    return RuleEngine.builder().addRules(List.of(rule)).build();
  }

  @Test
  void concurrentCallersForOneRuleSet_waitForOneBuild_andShareItsEngine() throws Exception {
    String hash = freshHash();
    AtomicInteger builds = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<RuleEngine>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(
            pool.submit(
                () ->
                    EngineCache.get(
                        hash,
                        RuleEngine.class,
                        () -> {
                          builds.incrementAndGet();
                          try {
                            // Held until every caller has been started, so that they overlap.
                            release.await();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          return engine("CreateUser");
                        })));
      }
      Thread.sleep(200);
      release.countDown();
      RuleEngine first = results.get(0).get();
      for (Future<RuleEngine> f : results) {
        assertThat(f.get()).isSameAs(first);
      }
      assertThat(builds).hasValue(1);
      assertThat(first.evaluate("{\"eventName\":\"CreateUser\"}")).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLaterCallForTheSameRuleSet_getsTheEngineBuiltBefore_andOtherKindsAreBuiltApart() {
    String hash = freshHash();
    RuleEngine built = EngineCache.get(hash, RuleEngine.class, () -> engine("A"));
    assertThat(EngineCache.get(hash, RuleEngine.class, () -> engine("B"))).isSameAs(built);
    assertThat(EngineCache.get(hash, String.class, () -> "another adapter's value"))
        .isEqualTo("another adapter's value");
    assertThat(EngineCache.get(freshHash(), RuleEngine.class, () -> engine("B")))
        .isNotSameAs(built);
  }

  @Test
  void aBuildThatThrows_isNotKept_andTheNextCallBuildsAgain() {
    String hash = freshHash();
    assertThatThrownBy(
            () ->
                EngineCache.get(
                    hash,
                    RuleEngine.class,
                    () -> {
                      throw new IllegalArgumentException("rules/x.yml:3:1: bad rule");
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rules/x.yml:3:1: bad rule");
    assertThat(EngineCache.contains(hash, RuleEngine.class)).isFalse();
    RuleEngine engine = EngineCache.get(hash, RuleEngine.class, () -> engine("A"));
    assertThat(EngineCache.get(hash, RuleEngine.class, () -> engine("B"))).isSameAs(engine);
  }

  @Test
  void atMostMaxEntriesAreKept_leastRecentlyUsedEvictedFirst() {
    String kept = freshHash();
    String evicted = freshHash();
    EngineCache.get(evicted, RuleEngine.class, () -> engine("E"));
    EngineCache.get(kept, RuleEngine.class, () -> engine("K"));
    for (int i = 0; i < EngineCache.MAX_ENTRIES - 1; i++) {
      EngineCache.get(kept, RuleEngine.class, () -> engine("K2"));
      EngineCache.get(freshHash(), RuleEngine.class, () -> engine("F"));
    }
    assertThat(EngineCache.contains(kept, RuleEngine.class)).isTrue();
    assertThat(EngineCache.contains(evicted, RuleEngine.class)).isFalse();
  }
}
