package dev.margay.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margay.loader.RuleLoader;
import dev.margay.rule.Rule;
import dev.margay.rule.RuleTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/** Seeded generators of hostile rule text and events for the reliability tests. */
final class Fuzz {
  private Fuzz() {}

  static final Path RULES = Path.of("src/test/resources/rules");

  /**
   * The seed: {@code -Dmargay.fuzz.seed=N} replays a run; otherwise a fresh one, printed by the
   * caller.
   */
  static long seed() {
    String property = System.getProperty("margay.fuzz.seed");
    return property != null && !property.isBlank()
        ? Long.parseLong(property.trim())
        : System.nanoTime();
  }

  static List<byte[]> ruleTexts() throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (Path p : RuleLoader.ruleFiles(List.of(RULES))) {
      out.add(Files.readAllBytes(p));
    }
    return out;
  }

  static List<Rule> rules() {
    return RuleLoader.create().loadAll(List.of(RULES)).rules();
  }

  static List<JsonNode> testEvents(List<Rule> rules) {
    List<JsonNode> out = new ArrayList<>();
    for (Rule r : rules) {
      for (RuleTest t : r.tests()) {
        out.add(t.log().json());
      }
    }
    return out;
  }

  private static final String[] YAML_BITS = {
    "{",
    "}",
    "[",
    "]",
    ":",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!str ",
    "!x ",
    "|",
    ">",
    "#",
    "\"",
    "'",
    "\n",
    "\n  ",
    "\t",
    "? ",
    "---\n",
    "...",
    "null",
    "~",
    "true",
    "Yes",
    "0x1F",
    "1e999",
    "Condition: ",
    "KeyPath: ",
    "Value: ",
    "Values: [",
    "All:\n  - ",
    "None: []",
    "Equals",
    "IsIn",
    "AnyElement",
    "Expressions:\n",
    "<<: *a",
    "%YAML 1.2\n",
    "\u0000",
    "\uFEFF",
    "é",
    "\uD83D\uDE00"
  };

  /** One random mutation of YAML text: byte edits, YAML syntax inserted, lines swapped or cut. */
  static byte[] mutateText(byte[] input, Random random) {
    String text = new String(input, StandardCharsets.UTF_8);
    int rounds = 1 + random.nextInt(4);
    for (int r = 0; r < rounds && !text.isEmpty(); r++) {
      int at = random.nextInt(text.length());
      switch (random.nextInt(7)) {
        case 0:
          text =
              text.substring(0, at)
                  + YAML_BITS[random.nextInt(YAML_BITS.length)]
                  + text.substring(at);
          break;
        case 1:
          {
            int end = Math.min(text.length(), at + 1 + random.nextInt(40));
            text = text.substring(0, at) + text.substring(end);
            break;
          }
        case 2:
          {
            int end = Math.min(text.length(), at + 1 + random.nextInt(80));
            text = text.substring(0, end) + text.substring(at, end) + text.substring(end);
            break;
          }
        case 3:
          {
            String[] lines = text.split("\n", -1);
            int a = random.nextInt(lines.length);
            int b = random.nextInt(lines.length);
            String t = lines[a];
            lines[a] = lines[b];
            lines[b] = t;
            text = String.join("\n", lines);
            break;
          }
        case 4:
          text = text.substring(0, at);
          break;
        case 5:
          {
            char c = (char) (32 + random.nextInt(95));
            text = text.substring(0, at) + c + text.substring(Math.min(text.length(), at + 1));
            break;
          }
        default:
          {
            String[] lines = text.split("\n", -1);
            int a = random.nextInt(lines.length);
            lines[a] = " ".repeat(random.nextInt(6)) + lines[a].strip();
            text = String.join("\n", lines);
          }
      }
    }
    byte[] out = text.getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(20) == 0 && out.length > 0) {
      out[random.nextInt(out.length)] =
          (byte) random.nextInt(256); // raw bytes, maybe invalid UTF-8
    }
    return out;
  }

  private static final String[] STRINGS = {
    "",
    "AWS Internal",
    "10.0.0.1",
    "8.8.8.8",
    "::1",
    "::ffff:10.0.0.1",
    "2001:db8::1",
    "256.1.1.1",
    "010.1.1.1",
    "1.2.3.4/24",
    "ConsoleLogin",
    "consolelogin",
    "CreateSecurityGroup",
    "0.0.0.0/0",
    "Yes",
    "true",
    "22",
    "é",
    "\u0000",
    "x".repeat(300),
    "null",
    "arn:aws:iam::1:root",
    "Root"
  };

  /** A random JSON value, at most {@code depth} levels deep. */
  static JsonNode randomValue(Random random, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (random.nextInt(depth > 0 ? 9 : 7)) {
      case 0:
        return f.nullNode();
      case 1:
        return f.booleanNode(random.nextBoolean());
      case 2:
        return f.numberNode(random.nextInt(70000) - 100);
      case 3:
        return f.numberNode(random.nextDouble() * 1e6);
      case 4:
        return f.numberNode(new java.math.BigInteger(80, random));
      case 5:
      case 6:
        return f.textNode(STRINGS[random.nextInt(STRINGS.length)]);
      case 7:
        {
          ArrayNode a = f.arrayNode();
          for (int i = random.nextInt(4); i > 0; i--) {
            a.add(randomValue(random, depth - 1));
          }
          return a;
        }
      default:
        {
          ObjectNode o = f.objectNode();
          for (int i = random.nextInt(4); i > 0; i--) {
            o.set(STRINGS[random.nextInt(STRINGS.length)], randomValue(random, depth - 1));
          }
          return o;
        }
    }
  }

  /**
   * A mutated deep copy of an event: values replaced by other types, keys dropped or re-cased,
   * items added.
   */
  static ObjectNode mutateEvent(JsonNode event, Random random) {
    ObjectNode copy = (ObjectNode) event.deepCopy();
    int rounds = random.nextInt(5);
    for (int r = 0; r < rounds; r++) {
      mutateSomewhere(copy, random, 0);
    }
    return copy;
  }

  private static void mutateSomewhere(JsonNode node, Random random, int depth) {
    if (node instanceof ObjectNode object && object.size() > 0) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      String name = names.get(random.nextInt(names.size()));
      JsonNode child = object.get(name);
      int choice = random.nextInt(10);
      if (choice == 0) {
        object.remove(name);
      } else if (choice == 1) {
        object.remove(name);
        object.set(
            random.nextBoolean()
                ? name.toLowerCase(java.util.Locale.ROOT)
                : name.toUpperCase(java.util.Locale.ROOT),
            child);
      } else if (choice <= 3 || child.isValueNode() || depth > 6) {
        object.set(name, randomValue(random, 3));
      } else {
        mutateSomewhere(child, random, depth + 1);
      }
    } else if (node instanceof ArrayNode array) {
      if (array.size() == 0 || random.nextInt(3) == 0) {
        array.add(randomValue(random, 2));
      } else {
        int i = random.nextInt(array.size());
        if (random.nextBoolean()) {
          array.set(i, randomValue(random, 2));
        } else {
          mutateSomewhere(array.get(i), random, depth + 1);
        }
      }
    }
  }
}
