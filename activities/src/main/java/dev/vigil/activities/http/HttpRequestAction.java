package dev.vigil.activities.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.activities.system.ActionContext;
import dev.vigil.activities.system.ActionException;
import dev.vigil.activities.system.ActionHandler;
import dev.vigil.activities.system.Secrets;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.model.Durations;
import dev.vigil.workflows.system.FailureTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code http.request}: calls an allowed host. Credentials come from {@link Secrets} by name;
 * redirects are not followed (a redirect could leave the allowlist).
 */
public final class HttpRequestAction implements ActionHandler<HttpRequestAction.Input> {

  /** Input of {@code http.request} (the catalog's input schema). */
  public record Input(
      String method,
      String url,
      Map<String, Object> query,
      Map<String, String> headers,
      Object json,
      String body,
      String timeout,
      Auth auth) {}

  /** Credentials by name: {@code scheme} bearer (default), basic or header. */
  public record Auth(String secret, String scheme, String header) {}

  private static final int EXCERPT = 300;

  private final HttpSettings settings;
  private final Secrets secrets;
  private final HttpClient client;

  public HttpRequestAction(HttpSettings settings, Secrets secrets) {
    this.settings = settings;
    this.secrets = secrets;
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @Override
  public String name() {
    return "http.request";
  }

  @Override
  public Class<Input> input() {
    return Input.class;
  }

  @Override
  public Object execute(Input with, ActionContext ctx) {
    String method = (with.method() == null ? "GET" : with.method()).toUpperCase(Locale.ROOT);
    URI uri = uri(with.url(), with.query());
    int port = uri.getPort();
    if (!settings.allows(uri.getHost(), port)) {
      throw new ActionException(
          FailureTypes.HOST_NOT_ALLOWED,
          "host "
              + uri.getHost()
              + (port < 0 ? "" : ":" + port)
              + " is not in vigil.http.allowed-hosts (VIGIL_HTTP_ALLOWED_HOSTS)");
    }
    if (with.json() != null && with.body() != null) {
      throw new ActionException(FailureTypes.INVALID_INPUT, "give json or body, not both");
    }
    Duration timeout =
        with.timeout() == null
            ? settings.defaultTimeout()
            : Durations.parse(with.timeout())
                .orElseThrow(
                    () ->
                        new ActionException(
                            FailureTypes.INVALID_INPUT,
                            "timeout '" + with.timeout() + "' is not a duration"));
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout);
    boolean hasContentType = false;
    if (with.headers() != null) {
      for (Map.Entry<String, String> h : with.headers().entrySet()) {
        hasContentType |= h.getKey().equalsIgnoreCase("content-type");
        req.header(h.getKey(), h.getValue());
      }
    }
    if (with.auth() != null) {
      authorize(req, with.auth(), ctx);
    }
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
    if (with.json() != null) {
      body = HttpRequest.BodyPublishers.ofString(Json.write(with.json()));
      if (!hasContentType) {
        req.header("Content-Type", "application/json");
      }
    } else if (with.body() != null) {
      body = HttpRequest.BodyPublishers.ofString(with.body());
      if (!hasContentType) {
        req.header("Content-Type", "text/plain; charset=utf-8");
      }
    }
    req.method(method, body);
    HttpResponse<InputStream> res;
    byte[] bytes;
    try {
      res = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = res.body()) {
        bytes = in.readNBytes(settings.maxResponseBytes() + 1);
      }
    } catch (HttpTimeoutException e) {
      throw new ActionException(
          FailureTypes.HTTP_SERVER_ERROR, method + " " + safe(uri) + " timed out after " + timeout);
    } catch (IOException e) {
      throw new ActionException(
          FailureTypes.HTTP_SERVER_ERROR, method + " " + safe(uri) + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActionException(
          FailureTypes.HTTP_SERVER_ERROR, method + " " + safe(uri) + " was interrupted");
    }
    if (bytes.length > settings.maxResponseBytes()) {
      throw new ActionException(
          FailureTypes.INVALID_INPUT,
          "response of " + safe(uri) + " is larger than " + settings.maxResponseBytes() + " bytes");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    int status = res.statusCode();
    if (status >= 400) {
      String excerpt = text.length() > EXCERPT ? text.substring(0, EXCERPT) + "…" : text;
      boolean retryable = status >= 500 || status == 408 || status == 429;
      throw new ActionException(
          retryable ? FailureTypes.HTTP_SERVER_ERROR : FailureTypes.HTTP_CLIENT_ERROR,
          "HTTP " + status + " from " + method + " " + safe(uri) + ": " + excerpt);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", (long) status);
    Map<String, Object> headers = new TreeMap<>();
    res.headers()
        .map()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
    out.put("headers", headers);
    out.put("body", parseBody(text, res.headers().firstValue("content-type").orElse("")));
    return out;
  }

  private void authorize(HttpRequest.Builder req, Auth auth, ActionContext ctx) {
    String secret = secrets.resolve(ctx.tenant(), auth.secret());
    String scheme = auth.scheme() == null ? "bearer" : auth.scheme();
    switch (scheme) {
      case "basic" ->
          req.header(
              "Authorization",
              "Basic "
                  + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
      case "header" -> {
        if (auth.header() == null) {
          throw new ActionException(
              FailureTypes.INVALID_INPUT, "auth scheme 'header' needs auth.header");
        }
        req.header(auth.header(), secret);
      }
      default -> req.header("Authorization", "Bearer " + secret);
    }
  }

  private static Object parseBody(String text, String contentType) {
    if (text.isEmpty()) {
      return null;
    }
    if (contentType.toLowerCase(Locale.ROOT).contains("json")) {
      try {
        return Json.toJava(Json.parse(text));
      } catch (JsonProcessingException e) {
        return text;
      }
    }
    return text;
  }

  private static URI uri(String url, Object query) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new ActionException(
          FailureTypes.INVALID_INPUT, "url is not a valid URI: " + e.getMessage());
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null) {
      throw new ActionException(
          FailureTypes.INVALID_INPUT, "url must be an absolute http(s) URL, not '" + url + "'");
    }
    if (query instanceof Map<?, ?> q && !q.isEmpty()) {
      String qs =
          q.entrySet().stream()
              .map(e -> enc(String.valueOf(e.getKey())) + "=" + enc(String.valueOf(e.getValue())))
              .collect(Collectors.joining("&"));
      String sep = uri.getRawQuery() == null ? "?" : "&";
      uri = URI.create(url + sep + qs);
    }
    return uri;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The URL without its query (which may carry tokens) for messages and logs. */
  private static String safe(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getRawAuthority()
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }
}
