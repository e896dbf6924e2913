package dev.vigil.detections.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detections.event.Event;
import dev.vigil.detections.format.Formats;
import dev.vigil.detections.format.ParseContext;
import dev.vigil.detections.rule.BundledRules;
import dev.vigil.detections.rule.RuleReport;
import dev.vigil.detections.rule.RuleValidator;
import dev.vigil.playbook.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every example in docs/detections.md is what Vigil accepts, and its tables name what exists. */
class DetectionDocsTest {

  static final Path DOC = Path.of("..", "docs", "detections.md");

  static List<String> jsonBlocks(String doc) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theRuleExamplesValidateAndTheEventExampleIngests() throws Exception {
    List<String> blocks = jsonBlocks(Files.readString(DOC));
    int rules = 0;
    int events = 0;
    for (String block : blocks) {
      JsonNode doc = Json.parse(block);
      if (doc.has("kind")) {
        RuleReport r = RuleValidator.validate(block);
        assertThat(r.findings()).as(block).isEmpty();
        rules++;
      } else {
        List<Event> parsed =
            Formats.byName("vigil").orElseThrow().parse(doc, ParseContext.utc(Instant.now()));
        assertThat(parsed).hasSize(1);
        Event e = parsed.get(0);
        assertThat(e.type()).isEqualTo("authentication");
        assertThat(e.src().ip()).isEqualTo("183.62.140.253");
        assertThat(e.attributes()).containsEntry("method", "password");
        events++;
      }
    }
    assertThat(rules).isPositive();
    assertThat(events).isEqualTo(1);
  }

  @Test
  void theBundledRulesTableListsEveryBundledRule() throws Exception {
    String doc = Files.readString(DOC);
    List<String> listed = new ArrayList<>();
    Matcher m =
        Pattern.compile(
                "^\\| `([a-z0-9-]+)` \\| (match|threshold|distinct|new_value|outside_hours|sequence) \\|",
                Pattern.MULTILINE)
            .matcher(doc);
    while (m.find()) {
      listed.add(m.group(1));
      RuleReport r = RuleValidator.validate(BundledRules.read(m.group(1)));
      assertThat(r.rule().kind().name()).as(m.group(1)).isEqualTo(m.group(2));
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(BundledRules.KEYS);
  }

  @Test
  void theFormatsTableNamesEveryFormat() throws Exception {
    String doc = Files.readString(DOC);
    for (String f : Formats.names()) {
      assertThat(doc).contains("| `" + f + "` |");
    }
  }
}
