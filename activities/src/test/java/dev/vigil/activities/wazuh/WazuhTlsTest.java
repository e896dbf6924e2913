package dev.vigil.activities.wazuh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.activities.system.ActionException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to the manager: verified by default, trusted through the connection's own CA, host names
 * checked, and nothing checked only when the connection turns verification off. The certificates
 * are made here with the JDK's keytool (self-signed, so each is its own CA).
 */
class WazuhTlsTest {

  @TempDir Path dir;

  /** A key store with a certificate for {@code san}, and that certificate as PEM. */
  record Cert(SSLContext server, String pem) {}

  Cert cert(String name, String san) throws Exception {
    Path ks = dir.resolve(name + ".p12");
    Path pem = dir.resolve(name + ".pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            name,
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=" + name,
            "-ext",
            "SAN=" + san,
            "-validity",
            "2",
            "-keystore",
            ks.toString(),
            "-storepass",
            "changeit",
            "-storetype",
            "PKCS12"));
    run(
        List.of(
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            name,
            "-keystore",
            ks.toString(),
            "-storepass",
            "changeit",
            "-file",
            pem.toString()));
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return new Cert(ctx, Files.readString(pem));
  }

  static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }

  static WazuhClient client(WazuhManagerStub m, boolean verify, String ca) {
    return new WazuhClient(
        new WazuhSettings(
            m.url(),
            verify,
            ca,
            Duration.ofSeconds(5),
            WazuhManagerStub.USER,
            WazuhManagerStub.PASSWORD,
            5),
        java.time.Clock.systemUTC(),
        d -> {},
        2,
        Duration.ZERO);
  }

  @Test
  void aPrivateCaIsRefusedUntilTheConnectionNamesIt() throws Exception {
    Cert c = cert("manager", "ip:127.0.0.1");
    try (WazuhManagerStub m = new WazuhManagerStub(3, c.server())) {
      assertThatThrownBy(() -> client(m, true, null).get("/agents", Map.of()))
          .isInstanceOfSatisfying(
              ActionException.class,
              e -> {
                assertThat(e.type()).isEqualTo(WazuhException.TLS);
                assertThat(e.getMessage()).contains("set caCert");
              });

      assertThat(client(m, true, c.pem()).get("/agents", Map.of()).totalAffected()).isEqualTo(3);
      assertThat(m.violations).isEmpty();
    }
  }

  @Test
  void theHostNameIsCheckedAgainstTheCertificate() throws Exception {
    Cert c = cert("elsewhere", "dns:wazuh.elsewhere.example");
    try (WazuhManagerStub m = new WazuhManagerStub(3, c.server())) {
      // the CA is trusted, but the certificate is not 127.0.0.1's
      assertThatThrownBy(() -> client(m, true, c.pem()).get("/agents", Map.of()))
          .isInstanceOfSatisfying(
              ActionException.class, e -> assertThat(e.type()).isEqualTo(WazuhException.TLS));
    }
  }

  @Test
  void verificationOffChecksNothingBecauseTheConnectionSaysSo() throws Exception {
    Cert c = cert("anything", "dns:wazuh.elsewhere.example");
    try (WazuhManagerStub m = new WazuhManagerStub(3, c.server())) {
      assertThat(client(m, false, null).get("/agents", Map.of()).totalAffected()).isEqualTo(3);
    }
  }

  @Test
  void aCaCertThatIsNoCertificateIsRefusedWithTheReason() {
    assertThatThrownBy(
            () ->
                dev.vigil.activities.connection.TlsTrust.context(
                    true, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----"))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("ConnectionUnusable");
              assertThat(e.getMessage()).contains("caCert");
            });
  }
}
