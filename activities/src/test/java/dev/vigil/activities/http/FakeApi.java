package dev.vigil.activities.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local HTTP server for tests: answers each {@code METHOD /path} with a programmed status and
 * body and records every request (method, path, query, headers, body).
 */
public final class FakeApi implements AutoCloseable {

  /** One recorded request. */
  public record Request(
      String method, String path, String query, Map<String, String> headers, String body) {
    public String line() {
      return method + " " + path;
    }
  }

  /** A programmed answer. */
  public record Answer(int status, String contentType, String body, long delayMs) {
    public static Answer json(int status, String body) {
      return new Answer(status, "application/json", body, 0);
    }
  }

  private final HttpServer server;
  private final Map<String, Answer> routes = Collections.synchronizedMap(new LinkedHashMap<>());
  public final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  /** "start METHOD /path" when a request arrives, "end METHOD /path" once it is answered. */
  public final List<String> timeline = Collections.synchronizedList(new ArrayList<>());

  public FakeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    server.start();
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Answers {@code method} on paths starting with {@code pathPrefix} (longest prefix wins). */
  public FakeApi on(String method, String pathPrefix, Answer answer) {
    routes.put(method + " " + pathPrefix, answer);
    return this;
  }

  public List<String> lines() {
    synchronized (requests) {
      return requests.stream().map(Request::line).toList();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
    String path = ex.getRequestURI().getPath();
    timeline.add("start " + ex.getRequestMethod() + " " + path);
    requests.add(
        new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), headers, body));
    Answer a = null;
    int best = -1;
    synchronized (routes) {
      for (Map.Entry<String, Answer> e : routes.entrySet()) {
        String[] mp = e.getKey().split(" ", 2);
        if (mp[0].equals(ex.getRequestMethod())
            && path.startsWith(mp[1])
            && mp[1].length() > best) {
          a = e.getValue();
          best = mp[1].length();
        }
      }
    }
    if (a == null) {
      a =
          Answer.json(
              404, "{\"error\": \"no route for " + ex.getRequestMethod() + " " + path + "\"}");
    }
    if (a.delayMs() > 0) {
      try {
        Thread.sleep(a.delayMs());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] out = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
    if (a.contentType() != null) {
      ex.getResponseHeaders().add("Content-Type", a.contentType());
    }
    if (a.status() / 100 == 3) {
      ex.getResponseHeaders().add("Location", "http://evil.example.net/");
    }
    ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
    timeline.add("end " + ex.getRequestMethod() + " " + path);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
