package dev.vigil.workflows.system;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import io.temporal.payload.context.HasWorkflowSerializationContext;
import io.temporal.payload.context.SerializationContext;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts every Temporal payload (workflow and activity inputs and results, signals, updates,
 * query results, memos, failure details) with AES-256-GCM, so that neither Temporal's database nor
 * its UI holds a playbook's inputs or an incident's alerts in clear.
 *
 * <p>An encrypted payload's metadata says {@code encoding: binary/encrypted}, the key id, and the
 * tenant of the workflow it belongs to (taken from the workflow id, {@code family/tenant/id}). The
 * key id and tenant are authenticated with the data (GCM's associated data): moving a payload to
 * another tenant's label makes it undecryptable. The codec endpoint uses the tenant label to
 * decrypt only what the caller may read. Payloads that are not encrypted pass through unchanged, so
 * histories written before encryption was turned on still read.
 */
public final class EncryptionCodec implements PayloadCodec {

  public static final String ENCODING = "binary/encrypted";
  public static final String KEY_ID = "encryption-key-id";
  public static final String TENANT = "vigil-tenant";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PayloadKeys keys;
  private final String tenant;

  public EncryptionCodec(PayloadKeys keys) {
    this(keys, "");
  }

  private EncryptionCodec(PayloadKeys keys, String tenant) {
    this.keys = keys;
    this.tenant = tenant;
  }

  /** The tenant an encrypted payload belongs to; null when it is not encrypted by this codec. */
  public static String tenantOf(Payload p) {
    if (!isEncrypted(p)) {
      return null;
    }
    return p.getMetadataOrDefault(TENANT, ByteString.EMPTY).toStringUtf8();
  }

  public static boolean isEncrypted(Payload p) {
    return ENCODING.equals(p.getMetadataOrDefault("encoding", ByteString.EMPTY).toStringUtf8());
  }

  /** The tenant segment of a Vigil workflow id ({@code run/acme/…} → {@code acme}), else "". */
  static String tenantOfWorkflow(String workflowId) {
    if (workflowId == null) {
      return "";
    }
    String[] parts = workflowId.split("/", 3);
    return parts.length == 3 ? parts[1] : "";
  }

  @Override
  public PayloadCodec withContext(SerializationContext context) {
    if (context instanceof HasWorkflowSerializationContext w) {
      return new EncryptionCodec(keys, tenantOfWorkflow(w.getWorkflowId()));
    }
    return this;
  }

  /** Encrypts for the tenant this codec was given (the codec endpoint's encode). */
  public EncryptionCodec forTenant(String tenant) {
    return new EncryptionCodec(keys, tenant == null ? "" : tenant);
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  private Payload encrypt(Payload p) {
    if (isEncrypted(p)) {
      return p;
    }
    String keyId = keys.currentId();
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, keys.current(), nonce, keyId, tenant);
      byte[] sealed = c.doFinal(p.toByteArray());
      byte[] data = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
      return Payload.newBuilder()
          .putMetadata("encoding", ByteString.copyFromUtf8(ENCODING))
          .putMetadata(KEY_ID, ByteString.copyFromUtf8(keyId))
          .putMetadata(TENANT, ByteString.copyFromUtf8(tenant))
          .setData(ByteString.copyFrom(data))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(e);
    }
  }

  private Payload decrypt(Payload p) {
    if (!isEncrypted(p)) {
      return p;
    }
    String keyId = p.getMetadataOrDefault(KEY_ID, ByteString.EMPTY).toStringUtf8();
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new PayloadCodecException(
          "payload encrypted with key "
              + keyId
              + ", which is neither VIGIL_PAYLOAD_KEY nor one of VIGIL_PAYLOAD_OLD_KEYS");
    }
    byte[] data = p.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("encrypted payload is truncated");
    }
    String label = p.getMetadataOrDefault(TENANT, ByteString.EMPTY).toStringUtf8();
    try {
      Cipher c =
          cipher(
              Cipher.DECRYPT_MODE,
              key,
              java.util.Arrays.copyOfRange(data, 0, NONCE_BYTES),
              keyId,
              label);
      byte[] plain = c.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return Payload.parseFrom(plain);
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      throw new PayloadCodecException(
          "encrypted payload does not authenticate (tampered, or another key with the same id)", e);
    }
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String keyId, String tenant)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    c.updateAAD(PayloadKeys.utf8("vigil-payload/v1/" + keyId + "/" + tenant));
    return c;
  }
}
