package dev.vigil.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A small HTTP client for the API in tests. */
final class Api {

  /** A response: status, body as JSON (null when not JSON) and the raw text. */
  record Res(int status, JsonNode json, String text, String contentType) {
    JsonNode at(String pointer) {
      return json.at(pointer);
    }
  }

  /** The bootstrap owner's API key and password, given to every test instance of Vigil. */
  static final String ADMIN_KEY = "vgl_" + "TestOwnerKey0123456789".repeat(2);

  static final String ADMIN_PASSWORD = "Bootstrap-Owner-Passphrase-42";

  /** The password of every member the tests create. */
  static final String PASSWORD = "tulip-Granite-orbit-42";

  /** The role each test user gets in every tenant it is created in (analyst when not listed). */
  static final Map<String, String> ROLES =
      Map.of(
          "ana",
          "analyst",
          "ben",
          "analyst",
          "eng",
          "engineer",
          "aud",
          "auditor",
          "vic",
          "viewer",
          "adm",
          "admin",
          "own",
          "owner");

  /**
   * {@code extra} plus the arguments that give a Vigil under test its first owner and that owner's
   * API key.
   */
  static String[] args(String... extra) {
    List<String> all = new java.util.ArrayList<>(List.of(extra));
    all.add("--vigil.security.bootstrap-admin-password=" + ADMIN_PASSWORD);
    all.add("--vigil.security.bootstrap-api-key=" + ADMIN_KEY);
    if (all.stream().noneMatch(a -> a.startsWith("--vigil.wazuh.auto-sync="))) {
      all.add("--vigil.wazuh.auto-sync=false"); // a test reaches no Wazuh unless it brings one
    }
    if (all.stream().noneMatch(a -> a.startsWith("--vigil.security.login-per-minute="))) {
      all.add("--vigil.security.login-per-minute=100000"); // tests sign in far more than people
    }
    return all.toArray(String[]::new);
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final String base;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final Map<String, Session> adminSessions = new ConcurrentHashMap<>();

  Api(int port) {
    this.base = "http://localhost:" + port;
    tokens.put("default/admin", ADMIN_KEY);
  }

  /**
   * An API key of {@code user} in tenant {@code default}, with the role in {@link #ROLES}; the
   * member and the key are created on first use (the member signs in and creates the key).
   */
  String token(String user) {
    return token("default", user);
  }

  String token(String tenant, String user) {
    return tokens.computeIfAbsent(
        tenant + "/" + user,
        k -> {
          member(tenant, user, ROLES.getOrDefault(user, "analyst"));
          Session s = login(user, PASSWORD, tenant);
          Res key = s.post("/api/v1/api-keys", "{\"name\": \"test\"}");
          if (key.status() != 201) {
            throw new AssertionError("cannot create a key for " + user + ": " + key.text());
          }
          return key.at("/key").asText();
        });
  }

  /** Makes {@code user} a member of {@code tenant} (creating the account the first time). */
  void member(String tenant, String user, String role) {
    Session admin = adminSession(tenant);
    Res r =
        admin.post(
            "/api/v1/users",
            "{\"username\": \""
                + user
                + "\", \"role\": \""
                + role
                + "\", \"password\": \""
                + PASSWORD
                + "\"}");
    if (r.status() == 422 && r.text().contains("already has an account")) {
      r =
          admin.post(
              "/api/v1/users", "{\"username\": \"" + user + "\", \"role\": \"" + role + "\"}");
    }
    if (r.status() != 201 && !(r.status() == 409 && r.text().contains("already a member"))) {
      throw new AssertionError("cannot add " + user + " to " + tenant + ": " + r.text());
    }
  }

  /** The bootstrap owner signed in to {@code tenant} (creating the tenant if needed). */
  Session adminSession(String tenant) {
    return adminSessions.computeIfAbsent(tenant, this::newAdminSession);
  }

  private Session newAdminSession(String tenant) {
    if (!tenant.equals("default")) {
      Res t =
          post(
              "/api/v1/tenants",
              "admin",
              "{\"id\": \"" + tenant + "\", \"name\": \"" + tenant + "\"}");
      if (t.status() != 201 && t.status() != 409) {
        throw new AssertionError("cannot create tenant " + tenant + ": " + t.text());
      }
    }
    return login("admin", ADMIN_PASSWORD, tenant);
  }

  /** Signs in with a password; the session keeps its cookie and CSRF token. */
  Session login(String user, String password, String tenant) {
    String body =
        "{\"username\": \""
            + user
            + "\", \"password\": \""
            + password
            + "\""
            + (tenant == null ? "" : ", \"tenant\": \"" + tenant + "\"")
            + "}";
    HttpResponse<String> r =
        raw(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    if (r.statusCode() != 200) {
      throw new AssertionError(
          "sign-in of " + user + " failed: " + r.statusCode() + " " + r.body());
    }
    String cookie =
        r.headers().allValues("set-cookie").stream()
            .filter(c -> c.startsWith("VIGIL_SESSION="))
            .map(c -> c.substring(0, c.indexOf(';')))
            .findFirst()
            .orElseThrow();
    return new Session(cookie, parse(r.body()).at("/csrfToken").asText());
  }

  /** A signed-in browser-like session: cookie plus CSRF header on writes. */
  final class Session {
    final String cookie;
    final String csrf;

    Session(String cookie, String csrf) {
      this.cookie = cookie;
      this.csrf = csrf;
    }

    Res get(String path) {
      return send("GET", path, null);
    }

    Res post(String path, String json) {
      return send("POST", path, json);
    }

    Res send(String method, String path, String json) {
      return send(method, path, "application/json", json);
    }

    Res send(String method, String path, String type, String body) {
      return path.contains("/stream")
          ? firstEvent(path, Map.of("Cookie", cookie))
          : Api.this.send(
              method,
              path,
              List.of(
                  new String[] {"Cookie", cookie},
                  new String[] {"X-CSRF-Token", csrf},
                  new String[] {"Content-Type", type}),
              body);
    }

    /** A write without the CSRF header, as a forged cross-site request would arrive. */
    Res postWithoutCsrf(String path, String json) {
      return Api.this.send(
          "POST",
          path,
          List.of(
              new String[] {"Cookie", cookie}, new String[] {"Content-Type", "application/json"}),
          json);
    }
  }

  Res get(String path, String user) {
    return withKey("GET", path, token(user), null);
  }

  Res post(String path, String user, String json) {
    return withKey("POST", path, token(user), json);
  }

  /** A call authenticated by {@code key} ({@code Authorization: Bearer}). */
  Res withKey(String method, String path, String key, String json) {
    return send(
        method,
        path,
        List.of(
            new String[] {"Authorization", "Bearer " + key},
            new String[] {"Content-Type", "application/json"}),
        json);
  }

  Res send(String method, String path, List<String[]> headers, String body) {
    return toRes(sendRaw(method, path, headers, body));
  }

  Res send(HttpRequest.Builder b) {
    return toRes(raw(b));
  }

  /**
   * For Server-Sent-Event streams: the status and the first event (or the error body), then the
   * connection is dropped, as a browser tab closing would.
   */
  Res firstEvent(String path, Map<String, String> headers) {
    try {
      var c = (java.net.HttpURLConnection) URI.create(base + path).toURL().openConnection();
      headers.forEach(c::setRequestProperty);
      c.setReadTimeout(10_000);
      int status = c.getResponseCode();
      var stream = status < 400 ? c.getInputStream() : c.getErrorStream();
      String type = String.valueOf(c.getContentType());
      StringBuilder sb = new StringBuilder();
      var in = new java.io.BufferedReader(new java.io.InputStreamReader(stream));
      String line;
      while ((line = in.readLine()) != null && !(line.isEmpty() && sb.length() > 0)) {
        sb.append(line).append('\n');
      }
      c.disconnect(); // drop the stream; closing the reader would wait for its end
      String text = sb.toString();
      return new Res(status, parse(text), text, type);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  Res toRes(HttpResponse<String> r) {
    return new Res(
        r.statusCode(),
        parse(r.body()),
        r.body(),
        r.headers().firstValue("content-type").orElse(""));
  }

  private static JsonNode parse(String body) {
    try {
      return body.isBlank() ? null : Json.parse(body);
    } catch (IOException notJson) {
      return null; // the test reads text
    }
  }

  /**
   * {@code POST /api/v1/files} as a browser sends it: multipart/form-data with the file in a part
   * named {@code file} and each tag in a {@code tags} part.
   */
  Res upload(String user, String filename, byte[] content, String... tags) {
    return uploadWithKey(token(user), filename, content, tags);
  }

  /** {@link #upload} with an explicit key (another tenant's member). */
  Res uploadWithKey(String key, String filename, byte[] content, String... tags) {
    String boundary = "----vigil" + java.util.UUID.randomUUID();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
    for (String t : tags) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\n"
                  + t
                  + "\r\n")
              .getBytes(utf8));
    }
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(utf8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(utf8));
    return send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/files"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** A download: the response with its bytes ({@code key} null for none). */
  HttpResponse<byte[]> bytes(String path, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    try {
      return http.send(
          b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> raw(HttpRequest.Builder b) {
    try {
      return http.send(
          b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The raw response, for header checks. */
  HttpResponse<String> sendRaw(String method, String path, List<String[]> headers) {
    return sendRaw(method, path, headers, null);
  }

  HttpResponse<String> sendRaw(String method, String path, List<String[]> headers, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(h -> b.header(h[0], h[1]));
    return raw(b);
  }

  /** Polls GET path until {@code done} holds of its JSON (or fails after {@code seconds}). */
  JsonNode awaitJson(
      String path, String user, int seconds, java.util.function.Predicate<JsonNode> done) {
    Res last = null;
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (System.nanoTime() < end) {
      last = get(path, user);
      if (last.status() == 200 && done.test(last.json())) {
        return last.json();
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        "timed out waiting on " + path + ": " + (last == null ? "" : last.text()));
  }

  /** Polls GET path until the pointer has the value (or fails after the timeout). */
  Res await(String path, String user, String pointer, String value) {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Res last = null;
    while (System.nanoTime() < end) {
      last = get(path, user);
      if (last.json() != null && value.equals(last.at(pointer).asText())) {
        return last;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        path
            + pointer
            + " never became "
            + value
            + "; last: "
            + (last == null ? null : last.text()));
  }

  /**
   * Reads the event stream at {@code path} as {@code key} on a background thread, one queue item
   * per event.
   */
  java.util.concurrent.BlockingQueue<String> listen(String path, String key) {
    java.util.concurrent.BlockingQueue<String> q = new java.util.concurrent.LinkedBlockingQueue<>();
    Thread t =
        new Thread(
            () -> {
              try {
                var c =
                    (java.net.HttpURLConnection) URI.create(base + path).toURL().openConnection();
                c.setRequestProperty("Authorization", "Bearer " + key);
                var in =
                    new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream()));
                StringBuilder event = new StringBuilder();
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.isEmpty()) {
                    q.add(event.toString());
                    event.setLength(0);
                  } else {
                    event.append(line).append('\n');
                  }
                }
              } catch (IOException e) {
                q.add("closed: " + e.getMessage());
              }
            });
    t.setDaemon(true);
    t.start();
    return q;
  }
}
