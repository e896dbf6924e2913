package dev.vigil.api.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import dev.vigil.workflows.system.EncryptionCodec;
import dev.vigil.workflows.system.PayloadEncryption;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Temporal's remote codec protocol, so that the Temporal UI (and {@code temporal} CLI) show the
 * decrypted payloads of Vigil's workflows to people allowed to read them. Both endpoints take and
 * return {@code {"payloads": [{"metadata": {name: base64}, "data": base64}]}}.
 *
 * <p>Decode decrypts only payloads labelled with the caller's tenant (platform owners: every
 * tenant); the rest go back as they came, so the UI shows them still encrypted. Encode (used when
 * someone signals or starts a workflow from the UI) is for platform owners only.
 */
@RestController
@RequestMapping("/api/v1/temporal/codec")
public class CodecController {

  private static final Logger log = LoggerFactory.getLogger(CodecController.class);

  private final PayloadEncryption encryption;
  private final ObjectMapper json;

  public CodecController(PayloadEncryption encryption, ObjectMapper json) {
    this.encryption = encryption;
    this.json = json;
  }

  @PostMapping(
      value = "/decode",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.RUN_READ)
  public JsonNode decode(Actor actor, @RequestBody JsonNode body) {
    List<Payload> in = payloads(body);
    EncryptionCodec codec = encryption.codec();
    List<Payload> out = new ArrayList<>(in.size());
    int decoded = 0;
    for (Payload p : in) {
      String tenant = EncryptionCodec.tenantOf(p);
      if (codec == null
          || tenant == null
          || !(tenant.equals(actor.tenant()) || actor.can(Permission.TENANT_MANAGE))) {
        out.add(p);
        continue;
      }
      try {
        out.add(codec.decode(List.of(p)).get(0));
        decoded++;
      } catch (PayloadCodecException e) {
        // another deployment's key, or a tampered payload: shown encrypted, never a 500
        out.add(p);
      }
    }
    log.debug("codec decode: {} of {} payloads for {}", decoded, in.size(), actor.user());
    return write(out);
  }

  @PostMapping(
      value = "/encode",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.TENANT_MANAGE)
  public JsonNode encode(Actor actor, @RequestBody JsonNode body) {
    List<Payload> in = payloads(body);
    EncryptionCodec codec = encryption.codec();
    return write(codec == null ? in : codec.forTenant(actor.tenant()).encode(in));
  }

  private List<Payload> payloads(JsonNode body) {
    JsonNode list = body == null ? null : body.get("payloads");
    if (list == null || !list.isArray()) {
      throw ApiException.invalid("/payloads", "must be an array of payloads");
    }
    List<Payload> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode p = list.get(i);
      String at = "/payloads/" + i;
      if (!p.isObject()) {
        throw ApiException.invalid(at, "must be an object with metadata and data");
      }
      Payload.Builder b = Payload.newBuilder();
      JsonNode metadata = p.path("metadata");
      if (!metadata.isMissingNode() && !metadata.isNull()) {
        if (!metadata.isObject()) {
          throw ApiException.invalid(at + "/metadata", "must be an object of base64 values");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = metadata.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> f = fields.next();
          b.putMetadata(
              f.getKey(), bytes(f.getValue(), at + "/metadata/" + pointerEscape(f.getKey())));
        }
      }
      JsonNode data = p.path("data");
      if (!data.isMissingNode() && !data.isNull()) {
        b.setData(bytes(data, at + "/data"));
      }
      out.add(b.build());
    }
    return out;
  }

  private static ByteString bytes(JsonNode v, String pointer) {
    if (!v.isTextual()) {
      throw ApiException.invalid(pointer, "must be a base64 string");
    }
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(v.asText()));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(pointer, "must be a base64 string");
    }
  }

  private static String pointerEscape(String s) {
    return s.replace("~", "~0").replace("/", "~1");
  }

  private JsonNode write(List<Payload> payloads) {
    ObjectNode root = json.createObjectNode();
    ArrayNode list = root.putArray("payloads");
    Base64.Encoder b64 = Base64.getEncoder();
    for (Payload p : payloads) {
      ObjectNode o = list.addObject();
      ObjectNode m = o.putObject("metadata");
      p.getMetadataMap().forEach((k, v) -> m.put(k, b64.encodeToString(v.toByteArray())));
      o.put("data", b64.encodeToString(p.getData().toByteArray()));
    }
    return root;
  }
}
