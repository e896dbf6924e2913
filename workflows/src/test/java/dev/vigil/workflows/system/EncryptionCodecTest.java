package dev.vigil.workflows.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import io.temporal.payload.context.WorkflowSerializationContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncryptionCodecTest {

  static final String KEY = "q7Zl3sTqS9mVvT3Jm1l7e8l3r2N9x0bWcQ4p5o6i7u8=";
  static final String OTHER = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  static Payload json(String text) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text))
        .build();
  }

  static PayloadCodec codec(String key, String old, String workflowId) {
    return new EncryptionCodec(PayloadKeys.parse(key, old))
        .withContext(new WorkflowSerializationContext("default", workflowId));
  }

  @Test
  void encryptsWithTheTenantOfTheWorkflowAndDecryptsBack() {
    PayloadCodec codec = codec(KEY, null, "run/acme/r-1");
    Payload plain = json("{\"ip\":\"203.0.113.5\",\"token\":\"s3cr3t\"}");
    Payload sealed = codec.encode(List.of(plain)).get(0);
    assertThat(sealed.getData().toStringUtf8())
        .doesNotContain("203.0.113.5")
        .doesNotContain("s3cr3t");
    assertThat(EncryptionCodec.tenantOf(sealed)).isEqualTo("acme");
    assertThat(sealed.getMetadataOrThrow(EncryptionCodec.KEY_ID).toStringUtf8())
        .isEqualTo(PayloadKeys.parse(KEY, null).currentId());
    assertThat(codec.decode(List.of(sealed))).containsExactly(plain);
    // two encryptions of one payload differ (a fresh nonce each time)
    assertThat(codec.encode(List.of(plain)).get(0).getData()).isNotEqualTo(sealed.getData());
  }

  @Test
  void aPayloadRelabelledToAnotherTenantOrTamperedWithDoesNotDecrypt() {
    PayloadCodec codec = codec(KEY, null, "incident/acme/i-1");
    Payload sealed = codec.encode(List.of(json("\"alert\""))).get(0);
    Payload relabelled =
        sealed.toBuilder()
            .putMetadata(EncryptionCodec.TENANT, ByteString.copyFromUtf8("globex"))
            .build();
    assertThatThrownBy(() -> codec.decode(List.of(relabelled)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("does not authenticate");
    byte[] data = sealed.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload flipped = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();
    assertThatThrownBy(() -> codec.decode(List.of(flipped)))
        .isInstanceOf(PayloadCodecException.class);
  }

  @Test
  void oldKeysStillDecryptAfterARotationAndAnUnknownKeyIsNamed() {
    Payload sealed = codec(OTHER, null, "run/acme/r-2").encode(List.of(json("1"))).get(0);
    PayloadCodec rotated = codec(KEY, OTHER, "run/acme/r-2");
    assertThat(rotated.decode(List.of(sealed))).containsExactly(json("1"));
    assertThat(rotated.encode(List.of(json("1"))).get(0).getMetadataOrThrow(EncryptionCodec.KEY_ID))
        .isNotEqualTo(sealed.getMetadataOrThrow(EncryptionCodec.KEY_ID));
    PayloadCodec forgotten = codec(KEY, null, "run/acme/r-2");
    assertThatThrownBy(() -> forgotten.decode(List.of(sealed)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining(PayloadKeys.parse(OTHER, null).currentId())
        .hasMessageContaining("VIGIL_PAYLOAD_OLD_KEYS");
  }

  @Test
  void plaintextPayloadsFromBeforeEncryptionPassThrough() {
    Payload old = json("{\"written\":\"before the key was set\"}");
    assertThat(codec(KEY, null, "run/acme/r-3").decode(List.of(old))).containsExactly(old);
    assertThat(EncryptionCodec.tenantOf(old)).isNull();
  }

  @Test
  void badKeySettingsFailFastNamingTheSetting() {
    assertThat(PayloadKeys.parse("", null)).isNull();
    assertThatThrownBy(() -> PayloadKeys.parse("not base64!", null))
        .hasMessageContaining("VIGIL_PAYLOAD_KEY");
    assertThatThrownBy(() -> PayloadKeys.parse("c2hvcnQ=", null))
        .hasMessageContaining("VIGIL_PAYLOAD_KEY")
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> PayloadKeys.parse(KEY, "c2hvcnQ="))
        .hasMessageContaining("VIGIL_PAYLOAD_OLD_KEYS");
    assertThatThrownBy(() -> PayloadKeys.parse(null, OTHER))
        .hasMessageContaining("VIGIL_PAYLOAD_KEY");
    assertThat(PayloadKeys.parse(PayloadKeys.generate(), null).ids()).hasSize(1);
  }

  @Test
  void aWorkflowIdWithoutTheVigilShapeHasNoTenant() {
    assertThat(EncryptionCodec.tenantOfWorkflow("run/acme/r-1")).isEqualTo("acme");
    assertThat(EncryptionCodec.tenantOfWorkflow("run/acme/r-1/each/slice-0")).isEqualTo("acme");
    assertThat(EncryptionCodec.tenantOfWorkflow("vigil-retention")).isEmpty();
    assertThat(EncryptionCodec.tenantOfWorkflow(null)).isEmpty();
  }
}
