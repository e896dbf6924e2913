package dev.vigil.activities.connection;

import dev.vigil.activities.system.ActionException;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS trust of a connection: the JVM's CAs by default, the connection's own CA when it names
 * one ({@code caCert}), or — only when the connection turns verification off explicitly — none,
 * neither of the certificate nor of the host name.
 */
public final class TlsTrust {

  private TlsTrust() {}

  public static SSLContext context(boolean verify, String caPem) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      if (!verify) {
        ctx.init(null, new TrustManager[] {new TrustEverything()}, null);
      } else if (caPem != null) {
        ctx.init(null, trustOnly(caPem), null);
      } else {
        return SSLContext.getDefault();
      }
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new ActionException(
          ConnectionResolver.UNUSABLE, "TLS could not be set up: " + e.getMessage(), e);
    }
  }

  private static TrustManager[] trustOnly(String pem) throws GeneralSecurityException {
    Collection<? extends Certificate> certs;
    try {
      certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.cert.CertificateException e) {
      throw new ActionException(
          ConnectionResolver.UNUSABLE, "caCert is not a PEM certificate: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new ActionException(ConnectionResolver.UNUSABLE, "caCert holds no certificate");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    int i = 0;
    for (Certificate c : certs) {
      store.setCertificateEntry("ca-" + i++, c);
    }
    TrustManagerFactory f =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(store);
    return f.getTrustManagers();
  }

  /** Verification off: accepts any certificate for any host name. */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
