package dev.vigil.api.file;

import dev.vigil.api.system.ApiException;
import dev.vigil.store.connection.SecretBox;
import dev.vigil.store.file.FileStoreProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Short-lived signed download links: {@code /api/v1/files/links/<token>}, the token binding the
 * tenant, the file, the member who asked for it and the expiry (default 5 minutes) under an
 * HMAC-SHA256 whose key derives from the secrets key, so every API server of the installation
 * accepts the links the others made. A link names its tenant inside the signature: it never opens
 * another tenant's file, and nothing in it can be changed without breaking the signature.
 */
@Component
public class FileLinks {

  private static final Logger log = LoggerFactory.getLogger(FileLinks.class);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

  /** Where links are answered. */
  public static final String PATH = "/api/v1/files/links/";

  private final byte[] key;
  private final java.time.Duration ttl;
  private final Clock clock;

  /** What a valid link grants. */
  public record Grant(String tenant, String fileId, String user, Instant expiresAt) {}

  /** A link and when it stops working. */
  public record Link(String url, Instant expiresAt) {}

  @org.springframework.beans.factory.annotation.Autowired
  public FileLinks(SecretBox box, FileStoreProperties props) {
    this(box, props, Clock.systemUTC());
  }

  FileLinks(SecretBox box, FileStoreProperties props, Clock clock) {
    byte[] derived = box.derive("vigil/file-links/v1");
    if (derived == null) {
      derived = new byte[32];
      new SecureRandom().nextBytes(derived);
      log.warn(
          "no secrets key ({}): download links are signed with a key of this process only and"
              + " work only on this API server, until it restarts",
          SecretBox.KEY_SETTING);
    }
    this.key = derived;
    this.ttl = props.linkTtl();
    this.clock = clock;
  }

  public Link sign(String tenant, String fileId, String user) {
    Instant expires = clock.instant().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String payload = tenant + "\n" + fileId + "\n" + user + "\n" + expires.getEpochSecond();
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    return new Link(PATH + B64.encodeToString(p) + "." + B64.encodeToString(mac(p)), expires);
  }

  /**
   * The grant of {@code token}, which may have expired ({@link #expired}).
   *
   * @throws ApiException 403 {@code link-invalid} for a token that is not one of ours or was
   *     altered
   */
  public Grant verify(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0) {
      throw invalid();
    }
    byte[] payload;
    byte[] sig;
    try {
      payload = UNB64.decode(token.substring(0, dot));
      sig = UNB64.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!MessageDigest.isEqual(sig, mac(payload))) {
      throw invalid();
    }
    String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
    if (parts.length != 4) {
      throw invalid();
    }
    return new Grant(parts[0], parts[1], parts[2], Instant.ofEpochSecond(Long.parseLong(parts[3])));
  }

  /** Whether the link of {@code g} is past its time. */
  public boolean expired(Grant g) {
    return !clock.instant().isBefore(g.expiresAt());
  }

  /** The refusal of an expired link. */
  public static ApiException expiredProblem(Grant g) {
    return ApiException.forbidden(
        "link-expired", "this download link expired at " + g.expiresAt() + "; ask for a new one");
  }

  private static ApiException invalid() {
    return ApiException.forbidden("link-invalid", "this is not a valid download link");
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
