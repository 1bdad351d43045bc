package dev.margay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.margay.event.Event;
import dev.margay.event.EventParser;
import dev.margay.loader.RuleLoader;
import dev.margay.rule.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Build item 5: {@code Match}, {@code Event} and everything reachable from them cannot be changed
 * by a caller, so one caller cannot change what later evaluations of the same event see
 * (reproduction 9).
 */
class ImmutabilityTest {
  private static final Path SEED_RULE =
      Path.of("src/test/resources/rules/aws_ec2_security_group_modified.yml");

  private static RuleEngine seedEngine(boolean projection) throws Exception {
    Rule rule = RuleLoader.create().load(SEED_RULE);
    return RuleEngine.builder().addRule(rule).projection(projection).build();
  }

  private static String seedEvent() throws Exception {
    return Files.readAllLines(Path.of("src/test/resources/events/ec2_security_group_seed.jsonl"))
        .get(0);
  }

  /** Every way Jackson offers to change a node, tried on an object and on an array. */
  private static List<Consumer<JsonNode>> mutations() {
    List<Consumer<JsonNode>> all = new ArrayList<>();
    all.add(n -> ((ObjectNode) n).put("type", "X"));
    all.add(n -> ((ObjectNode) n).set("type", TextNode.valueOf("X")));
    all.add(n -> ((ObjectNode) n).remove("type"));
    all.add(n -> ((ObjectNode) n).removeAll());
    all.add(n -> ((ObjectNode) n).putObject("new"));
    all.add(n -> ((ObjectNode) n).retain("nothing"));
    all.add(n -> ((ObjectNode) n).properties().iterator().next().setValue(TextNode.valueOf("X")));
    all.add(
        n -> {
          // Deprecated in Jackson, still public: a caller can still mutate through it.
          @SuppressWarnings("deprecation")
          Iterator<Map.Entry<String, JsonNode>> it = ((ObjectNode) n).fields();
          it.next();
          it.remove();
        });
    all.add(
        n -> {
          Iterator<String> it = ((ObjectNode) n).fieldNames();
          it.next();
          it.remove();
        });
    all.add(n -> ((ObjectNode) n).withObject("/deep/er"));
    return all;
  }

  private static List<Consumer<JsonNode>> arrayMutations() {
    List<Consumer<JsonNode>> all = new ArrayList<>();
    all.add(n -> ((ArrayNode) n).add("X"));
    all.add(n -> ((ArrayNode) n).set(0, TextNode.valueOf("X")));
    all.add(n -> ((ArrayNode) n).remove(0));
    all.add(n -> ((ArrayNode) n).removeAll());
    all.add(n -> ((ArrayNode) n).insert(0, "X"));
    all.add(
        n -> {
          Iterator<JsonNode> it = n.elements();
          it.next();
          it.remove();
        });
    return all;
  }

  /**
   * Reproduction 9: changing the alert context handed out was seen by the next evaluation (a match
   * lost).
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void alertContextCannotChangeTheEvent_andTheNextEvaluationStillMatches(boolean projection)
      throws Exception {
    RuleEngine engine = seedEngine(projection);
    Event event = engine.parse(seedEvent());
    Match m = engine.evaluate(event).get(0);
    String before = event.toJson();
    JsonNode identity = m.alertContext().get("userIdentity");
    for (Consumer<JsonNode> mutation : mutations()) {
      assertThatThrownBy(() -> mutation.accept(identity))
          .isInstanceOf(UnsupportedOperationException.class);
    }
    assertThatThrownBy(() -> m.alertContext().put("x", identity))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(event.toJson()).isEqualTo(before);
    assertThat(engine.evaluate(event)).hasSize(1).first().isEqualTo(m);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void eventJsonFieldsAndEveryNestedNode_areReadOnly(boolean projection) throws Exception {
    RuleEngine engine = seedEngine(projection);
    Event event = engine.parse(seedEvent());
    for (JsonNode tree : List.of(event.json(), event.fields())) {
      List<JsonNode> objects = new ArrayList<>();
      List<JsonNode> arrays = new ArrayList<>();
      collect(tree, objects, arrays);
      assertThat(objects).isNotEmpty();
      for (JsonNode o : objects) {
        for (Consumer<JsonNode> mutation : mutations()) {
          if (o.isEmpty()) {
            continue; // nothing to iterate over
          }
          assertThatThrownBy(() -> mutation.accept(o))
              .isInstanceOf(UnsupportedOperationException.class);
        }
      }
      for (JsonNode a : arrays) {
        for (Consumer<JsonNode> mutation : arrayMutations()) {
          if (!a.isEmpty()) {
            assertThatThrownBy(() -> mutation.accept(a))
                .isInstanceOf(UnsupportedOperationException.class);
          }
        }
      }
    }
    assertThat(event.json().toString())
        .isEqualTo(new ObjectMapper().readTree(seedEvent()).toString());
  }

  private static void collect(JsonNode node, List<JsonNode> objects, List<JsonNode> arrays) {
    if (node.isObject()) {
      objects.add(node);
    } else if (node.isArray()) {
      arrays.add(node);
    }
    node.forEach(child -> collect(child, objects, arrays));
  }

  @Test
  void aTreeGivenByTheCaller_isCopied_soChangingItLaterChangesNothing() throws Exception {
    RuleEngine engine = seedEngine(true);
    ObjectNode mine = (ObjectNode) new ObjectMapper().readTree(seedEvent());
    Event event = Event.of(mine);
    List<Match> first = engine.evaluate(event);
    mine.put("errorCode", "AccessDenied"); // would exclude the event, if it reached it
    ((ObjectNode) mine.get("userIdentity")).put("arn", "changed");
    assertThat(engine.evaluate(event)).isEqualTo(first).hasSize(1);
    assertThat(event.json().has("errorCode")).isFalse();
    assertThat(event.json().get("userIdentity").get("arn").textValue()).isNotEqualTo("changed");
    assertThat(event.json()).isEqualTo(new ObjectMapper().readTree(seedEvent()));
  }

  @Test
  void deepCopy_givesAnOrdinaryMutableTree() throws Exception {
    Event event = EventParser.defaults().parse(seedEvent());
    ObjectNode copy = (ObjectNode) event.json().deepCopy();
    copy.put("eventName", "Other");
    ((ObjectNode) copy.get("userIdentity")).put("type", "X");
    assertThat(event.json().get("eventName").textValue()).isNotEqualTo("Other");
    assertThat(event.json().get("userIdentity").get("type").textValue()).isNotEqualTo("X");
  }

  @Test
  void collectionsOfWildcardPaths_inTheAlertContext_areReadOnlyToo() {
    Rule r =
        Rule.builder("W")
            .logTypes("AWS.CloudTrail")
            .detection(dev.margay.condition.ConditionParser.parse("true"))
            .alertContext(
                List.of(
                    new dev.margay.rule.AlertContextField(
                        "ids", dev.margay.condition.FieldPath.parseKeyPath("items[*].id"))))
            .build();
    Match m =
        RuleEngine.builder()
            .addRule(r)
            .build()
            .evaluate("{\"items\":[{\"id\":\"a\"},{\"id\":\"b\"}]}")
            .get(0);
    JsonNode ids = m.alertContext().get("ids");
    assertThat(ids.toString()).isEqualTo("[\"a\",\"b\"]");
    for (Consumer<JsonNode> mutation : arrayMutations()) {
      assertThatThrownBy(() -> mutation.accept(ids))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void aMatchBuiltByACaller_freezesTheCallersNodes_soLaterChangesToThemCannotReachIt()
      throws Exception {
    ObjectNode identity = new ObjectMapper().createObjectNode().put("type", "Root");
    ArrayNode regions = new ObjectMapper().createArrayNode().add("us-east-1");
    Match m =
        new Match(
            "R",
            dev.margay.rule.Severity.HIGH,
            "t",
            "k",
            60,
            1,
            true,
            Map.of("userIdentity", identity),
            Map.of("regions", regions),
            Event.parse("{\"a\":1}"));
    identity.put("type", "X");
    regions.add("eu-west-1");
    assertThat(m.alertContext().get("userIdentity").toString()).isEqualTo("{\"type\":\"Root\"}");
    assertThat(m.summaryAttributes().get("regions").toString()).isEqualTo("[\"us-east-1\"]");
    for (Consumer<JsonNode> mutation : mutations()) {
      assertThatThrownBy(() -> mutation.accept(m.alertContext().get("userIdentity")))
          .isInstanceOf(UnsupportedOperationException.class);
    }
    for (Consumer<JsonNode> mutation : arrayMutations()) {
      assertThatThrownBy(() -> mutation.accept(m.summaryAttributes().get("regions")))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }
}
