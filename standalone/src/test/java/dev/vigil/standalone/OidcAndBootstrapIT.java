package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Vigil started the way a new operator starts it — no bootstrap password, so it generates one and
 * prints it once — with OpenID Connect tokens accepted from a provider whose signing key the test
 * generates and whose JWKS it serves locally, and a low sign-in rate limit.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class OidcAndBootstrapIT {

  static final String ISSUER = "https://idp.example.test/realms/soc";
  static Standalone vigil;
  static Api api;
  static HttpServer idp;
  static RSAKey signingKey;
  static RSAKey strangerKey;
  static String printed;

  @BeforeAll
  static void start(@TempDir Path data) throws Exception {
    signingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    strangerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] jwks = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    idp.createContext(
        "/jwks",
        ex -> {
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, jwks.length);
          ex.getResponseBody().write(jwks);
          ex.close();
        });
    idp.start();
    PrintStream original = System.out;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new TeeStream(original, console), true));
    try {
      vigil =
          Standalone.start(
              new StandaloneSettings(data, 0, Ports.free(), null, null),
              "--vigil.security.oidc.issuer=" + ISSUER,
              "--vigil.security.oidc.jwks-uri=http://127.0.0.1:"
                  + idp.getAddress().getPort()
                  + "/jwks",
              "--vigil.security.oidc.audience=vigil",
              "--vigil.security.login-per-minute=4",
              "--vigil.api.cors-origins=https://soc.example.test");
    } finally {
      System.setOut(original);
    }
    printed = console.toString(StandardCharsets.UTF_8);
    api = new Api(vigil.port());
  }

  @AfterAll
  static void stop() {
    vigil.close();
    idp.stop(0);
  }

  @Test
  void firstStartPrintsAGeneratedOwnerPasswordOnceAndThereAreNoDefaultCredentials() {
    Matcher m = Pattern.compile("username: admin\\s+password: (\\S+)").matcher(printed);
    assertThat(m.find()).as("the console shows the generated password").isTrue();
    String password = m.group(1);
    assertThat(printed.indexOf(password)).isEqualTo(printed.lastIndexOf(password));
    assertThat(printed).doesNotContain("INFO  created the first owner"); // not logged
    Api.Session admin = api.login("admin", password, null);
    Api.Res me = admin.get("/api/v1/me");
    assertThat(me.at("/role").asText()).isEqualTo("owner");
    assertThat(me.at("/platformOwner").asBoolean()).isTrue();
    assertThat(bearerStatus("vgl_" + "A".repeat(40))).isEqualTo(401);
  }

  @Test
  void aValidTokenActsInItsTenantWithItsRoles() {
    Api.Res me = bearer(token(c -> {}));
    assertThat(me.status()).as(me.text()).isEqualTo(200);
    assertThat(me.at("/user").asText()).isEqualTo("sso-ana");
    assertThat(me.at("/tenant").asText()).isEqualTo("default");
    assertThat(me.at("/roles").toString()).isEqualTo("[\"analyst\",\"auditor\"]");
    assertThat(me.at("/authenticatedBy").asText()).isEqualTo("jwt");
    assertThat(me.text()).contains("audit.read").contains("approval.decide");
    Api.Res space = bearer(token(c -> c.claim("vigil_roles", "viewer unknown-role")));
    assertThat(space.at("/roles").toString()).isEqualTo("[\"viewer\"]");

    // a custom role of the token's tenant is a role too; of another tenant, it is unknown
    Api.Res role =
        api.withKey(
            "POST",
            "/api/v1/roles",
            token(c -> c.subject("sso-own").claim("vigil_roles", List.of("owner"))),
            "{\"name\": \"sso-triage\", \"permissions\": [\"alert.read\", \"alert.triage\","
                + " \"self\"]}");
    assertThat(role.status()).as(role.text()).isEqualTo(201);
    Api.Res custom = bearer(token(c -> c.claim("vigil_roles", List.of("sso-triage"))));
    assertThat(custom.status()).as(custom.text()).isEqualTo(200);
    assertThat(custom.at("/role").asText()).isEqualTo("sso-triage");
    assertThat(custom.at("/permissions").toString())
        .isEqualTo("[\"alert.read\",\"alert.triage\",\"self\"]");
  }

  @Test
  void wrongIssuerExpiredBadSignatureOrMissingClaimsAre401() throws Exception {
    List<String> bad =
        List.of(
            token(c -> c.issuer("https://evil.example.test")),
            token(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600)))),
            sign(strangerKey, claims(c -> {})),
            token(c -> c.claim("vigil_tenant", null)),
            token(c -> c.claim("vigil_tenant", "no-such-tenant")),
            token(c -> c.claim("vigil_roles", List.of("superuser"))),
            token(c -> c.audience("someone-else")),
            "not.a.jwt");
    for (String t : bad) {
      Api.Res r = bearer(t);
      assertThat(r.status()).as(r.text()).isEqualTo(401);
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
  }

  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // uses up the sign-in budget of 127.0.0.1
  void signInAttemptsAreRateLimitedPerAddressWithRetryAfter() {
    int limited = 0;
    String retryAfter = null;
    for (int i = 0; i < 8; i++) {
      var r =
          api.raw(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + vigil.port() + "/api/v1/auth/login"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"username\": \"mallory\", \"password\": \"guess-number-"
                              + i
                              + "\"}")));
      if (r.statusCode() == 429) {
        limited++;
        retryAfter = r.headers().firstValue("retry-after").orElse(null);
      } else {
        assertThat(r.statusCode()).isEqualTo(401);
      }
    }
    assertThat(limited).isGreaterThanOrEqualTo(3);
    assertThat(Long.parseLong(retryAfter)).isBetween(1L, 60L);
  }

  @Test
  void browsersFromConfiguredOriginsMayCallTheApiOthersMayNot() {
    List<String[]> preflight =
        List.of(
            new String[] {"Access-Control-Request-Method", "POST"},
            new String[] {"Access-Control-Request-Headers", "authorization,content-type"});
    var allowed =
        api.sendRaw(
            "OPTIONS",
            "/api/v1/runs",
            java.util.stream.Stream.concat(
                    preflight.stream(),
                    java.util.stream.Stream.<String[]>of(
                        new String[] {"Origin", "https://soc.example.test"}))
                .toList());
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("access-control-allow-origin"))
        .contains("https://soc.example.test");
    assertThat(allowed.headers().firstValue("access-control-allow-credentials")).contains("true");
    var refused =
        api.sendRaw(
            "OPTIONS",
            "/api/v1/runs",
            java.util.stream.Stream.concat(
                    preflight.stream(),
                    java.util.stream.Stream.<String[]>of(
                        new String[] {"Origin", "https://evil.example.test"}))
                .toList());
    assertThat(refused.headers().firstValue("access-control-allow-origin")).isEmpty();
  }

  static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject("sso-ana")
            .audience("vigil")
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plusSeconds(300)))
            .claim("vigil_tenant", "default")
            .claim("vigil_roles", List.of("analyst", "auditor"));
    change.accept(b);
    return b.build();
  }

  static String token(Consumer<JWTClaimsSet.Builder> change) {
    return sign(signingKey, claims(change));
  }

  static String sign(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Api.Res bearer(String token) {
    return api.withKey("GET", "/api/v1/me", token, null);
  }

  static int bearerStatus(String token) {
    return bearer(token).status();
  }

  /** Writes to the real console and to a buffer. */
  static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws java.io.IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
