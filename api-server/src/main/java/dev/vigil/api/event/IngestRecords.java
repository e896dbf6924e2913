package dev.vigil.api.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.playbook.limits.Limits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The records of an ingest body, read one at a time as the body streams in: the elements of a JSON
 * array (or one JSON object), the lines of NDJSON, or the lines of text. A record that cannot be
 * read is handed out as a {@link Bad} and the next one is read — except inside a JSON array, where
 * a syntax error leaves no way to find the next element: the rest of the body is one bad record.
 */
abstract class IngestRecords {

  /** Duplicate keys in a record are an error (the other fields would be ambiguous). */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(Limits.MAX_JSON_DEPTH)
                          .build())
                  .build())
          .build();

  /** One record or one failure to read one; {@code index} is its position in the body. */
  sealed interface Item permits Good, Bad {
    int index();
  }

  record Good(int index, JsonNode record) implements Item {}

  record Bad(int index, String message) implements Item {}

  /** The next item, or null at the end of the body. */
  abstract Item next() throws IOException;

  static IngestRecords json(InputStream body) throws IOException {
    return new JsonArray(MAPPER.getFactory().createParser(body));
  }

  static IngestRecords ndjson(InputStream body) {
    return new Lines(reader(body), true);
  }

  static IngestRecords text(InputStream body) {
    return new Lines(reader(body), false);
  }

  private static BufferedReader reader(InputStream body) {
    return new BufferedReader(
        new InputStreamReader(
            body,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)),
        1 << 16);
  }

  private static final class JsonArray extends IngestRecords {
    private final JsonParser parser;
    private int index = -1;
    private boolean started;
    private boolean single;
    private boolean done;

    JsonArray(JsonParser parser) {
      this.parser = parser;
    }

    @Override
    Item next() throws IOException {
      if (done) {
        return null;
      }
      try {
        if (!started) {
          started = true;
          JsonToken first = parser.nextToken();
          if (first == null) {
            done = true;
            return null;
          }
          if (first == JsonToken.START_OBJECT) {
            single = true;
          } else if (first != JsonToken.START_ARRAY) {
            done = true;
            return new Bad(0, "the body must be a JSON array of records (or one record object)");
          }
        }
        if (single) {
          done = true;
          index = 0;
          JsonNode one = MAPPER.readTree(parser);
          if (parser.nextToken() != null) {
            return new Bad(0, "unexpected content after the record");
          }
          return new Good(0, one);
        }
        JsonToken t = parser.nextToken();
        if (t == JsonToken.END_ARRAY || t == null) {
          done = true;
          if (t == null) {
            return new Bad(index + 1, "the JSON array is not closed");
          }
          if (parser.nextToken() != null) {
            return new Bad(index + 1, "unexpected content after the JSON array");
          }
          return null;
        }
        index++;
        return new Good(index, MAPPER.readTree(parser));
      } catch (JsonProcessingException e) {
        done = true;
        int at = Math.max(index, 0);
        return new Bad(
            at,
            "malformed JSON at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ": "
                + e.getOriginalMessage()
                + "; the rest of the body was not read");
      }
    }
  }

  private static final class Lines extends IngestRecords {
    private final BufferedReader reader;
    private final boolean json;
    private int line = -1;

    Lines(BufferedReader reader, boolean json) {
      this.reader = reader;
      this.json = json;
    }

    @Override
    Item next() throws IOException {
      while (true) {
        String text = reader.readLine();
        if (text == null) {
          return null;
        }
        line++;
        if (text.isBlank()) {
          continue; // blank lines separate nothing and are not records
        }
        if (!json) {
          return new Good(line, TextNode.valueOf(text));
        }
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
          JsonNode node = MAPPER.readTree(p);
          if (p.nextToken() != null) {
            return new Bad(line, "one JSON value per line: unexpected content after it");
          }
          return new Good(line, node);
        } catch (JsonProcessingException e) {
          return new Bad(line, "not JSON: " + e.getOriginalMessage());
        }
      }
    }
  }
}
