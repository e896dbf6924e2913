package dev.vigil.api.system;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * The one check every request body passes before it is bound, whatever it is bound to (a record, a
 * map, or the raw text of a playbook): a key given twice is a 400 (which one would win is
 * undefined, so refuse to guess), and a NUL character in any key or string is a 422 — PostgreSQL
 * {@code text} and {@code jsonb} cannot hold it. Both point at the offending member. Bodies that
 * are not JSON pass unchanged; the converter that binds them reports that.
 */
@ControllerAdvice
public class JsonBodyCheck extends RequestBodyAdviceAdapter {

  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public boolean supports(
      MethodParameter parameter,
      Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public HttpInputMessage beforeBodyRead(
      HttpInputMessage input,
      MethodParameter parameter,
      Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType)
      throws IOException {
    byte[] body = input.getBody().readAllBytes(); // bounded by BodySizeLimitFilter
    check(body);
    HttpHeaders headers = input.getHeaders();
    return new HttpInputMessage() {
      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(body);
      }

      @Override
      public HttpHeaders getHeaders() {
        return headers;
      }
    };
  }

  /** Throws the problem for the first duplicate key or NUL character in {@code body}. */
  static void check(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      Deque<Set<String>> keys = new ArrayDeque<>();
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case START_OBJECT -> keys.push(new HashSet<>());
          case END_OBJECT -> keys.pop();
          case FIELD_NAME -> {
            String name = p.currentName();
            if (!keys.peek().add(name)) {
              String msg = "key '" + name + "' appears more than once";
              throw new ApiException(
                  HttpStatus.BAD_REQUEST,
                  "duplicate-key",
                  msg,
                  List.of(new ApiException.FieldError(pointer(p), msg, "give each key once")));
            }
            requireNoNul(name, p, "a key");
          }
          case VALUE_STRING -> requireNoNul(p.getText(), p, "a string");
          default -> {}
        }
      }
    } catch (JsonProcessingException notJson) {
      // not (all) JSON: the converter or the playbook validator reports it
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void requireNoNul(String s, JsonParser p, String what) {
    if (s.indexOf('\u0000') >= 0) {
      throw ApiException.invalid(
          pointer(p), what + " contains a NUL character (\\u0000), which cannot be stored");
    }
  }

  private static String pointer(JsonParser p) {
    return p.getParsingContext().pathAsPointer().toString();
  }
}
