package dev.vigil.standalone;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP endpoint that counts the requests each path receives (the actions' side effects).
 */
final class SideEffects implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  SideEffects() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          counts
              .computeIfAbsent(
                  ex.getRequestMethod() + " " + ex.getRequestURI().getPath(),
                  k -> new AtomicInteger())
              .incrementAndGet();
          byte[] body = "{\"ok\": true}".getBytes();
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String allowlist() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  int count(String methodAndPath) {
    AtomicInteger n = counts.get(methodAndPath);
    return n == null ? 0 : n.get();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
