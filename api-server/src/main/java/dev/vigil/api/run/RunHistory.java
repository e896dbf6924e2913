package dev.vigil.api.run;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.PageView;
import dev.vigil.playbook.json.Json;
import dev.vigil.store.run.RunRecord;
import dev.vigil.workflows.system.EncryptionCodec;
import dev.vigil.workflows.system.PayloadEncryption;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** A run's Temporal event history, paged, with payloads decoded for people. */
@Service
public class RunHistory {

  private final RunReads reads;
  private final RunGateway temporal;
  private final PayloadEncryption encryption;

  RunHistory(RunReads reads, RunGateway temporal, PayloadEncryption encryption) {
    this.reads = reads;
    this.temporal = temporal;
    this.encryption = encryption;
  }

  /** One event of the Temporal history. */
  public record HistoryEventView(long id, Instant time, String type, Object details) {}

  /**
   * One page of the run's Temporal history. The cursor is the id of the last event returned, so
   * paging works whatever page size the Temporal server honours.
   */
  public PageView<HistoryEventView> history(Actor actor, String runId, int limit, String cursor) {
    RunRecord r = reads.require(actor, runId);
    long after = cursor == null ? 0 : dev.vigil.store.system.Cursors.decode(cursor, 1).number(0);
    List<HistoryEvent> events = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryResponse res;
      try {
        res = temporal.history(r.workflowId(), Math.max(limit + 1, 100), token);
      } catch (io.grpc.StatusRuntimeException e) {
        if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
          throw new ApiException(
              HttpStatus.GONE,
              "history-gone",
              "Temporal no longer has the history of run " + runId + " (" + r.status() + ")",
              null);
        }
        throw ApiException.unavailable("Temporal is not reachable: " + e.getStatus().getCode());
      }
      res.getHistory().getEventsList().stream()
          .filter(e -> e.getEventId() > after)
          .forEach(events::add);
      token = res.getNextPageToken();
    } while (events.size() <= limit && !token.isEmpty());
    Decoder decoder = new Decoder(encryption.codec(), r.tenant());
    List<HistoryEventView> items =
        events.stream().limit(limit).map(e -> event(e, decoder)).toList();
    String next =
        events.size() > limit
            ? dev.vigil.store.system.Cursors.encode(Long.toString(items.get(items.size() - 1).id()))
            : null;
    return new PageView<>(items, next);
  }

  private static HistoryEventView event(HistoryEvent e, Decoder decoder) {
    Object details;
    try {
      Map<String, Object> all =
          Json.normalizeMap(
              dev.vigil.store.system.JsonColumns.readMap(JsonFormat.printer().print(e)));
      all.remove("eventId");
      all.remove("eventTime");
      all.remove("eventType");
      details = decoder.decode(all.size() == 1 ? all.values().iterator().next() : all);
    } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
      details = null;
    }
    String type = e.getEventType().name().replaceFirst("^EVENT_TYPE_", "");
    Instant time =
        Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
    return new HistoryEventView(e.getEventId(), time, type, details);
  }

  /**
   * Replaces base64 JSON payloads ({metadata, data}) with the JSON they hold, for people; encrypted
   * payloads of the run's tenant are decrypted first.
   */
  record Decoder(EncryptionCodec codec, String tenant) {

    @SuppressWarnings("unchecked")
    Object decode(Object node) {
      if (node instanceof Map<?, ?> m) {
        Map<String, Object> map = (Map<String, Object>) m;
        if (map.get("data") instanceof String data
            && map.get("metadata") instanceof Map<?, ?> meta
            && meta.get("encoding") instanceof String enc) {
          String encoding = text(enc);
          if ("json/plain".equals(encoding)) {
            try {
              return Json.toJava(Json.parse(text(data)));
            } catch (IOException | IllegalArgumentException e) {
              return map;
            }
          }
          if (EncryptionCodec.ENCODING.equals(encoding) && codec != null) {
            return decrypted(map, (Map<String, Object>) meta, data);
          }
        }
        if (map.size() == 1 && map.get("payloads") instanceof List<?> payloads) {
          return decode(payloads); // {payloads: [...]} reads better as the list itself
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, decode(v)));
        return out;
      }
      if (node instanceof List<?> l) {
        return l.stream().map(this::decode).toList();
      }
      return node;
    }

    private Object decrypted(Map<String, Object> map, Map<String, Object> meta, String data) {
      Base64.Decoder b64 = Base64.getDecoder();
      io.temporal.api.common.v1.Payload.Builder b = io.temporal.api.common.v1.Payload.newBuilder();
      meta.forEach((k, v) -> b.putMetadata(k, ByteString.copyFrom(b64.decode(String.valueOf(v)))));
      io.temporal.api.common.v1.Payload p =
          b.setData(ByteString.copyFrom(b64.decode(data))).build();
      if (!tenant.equals(EncryptionCodec.tenantOf(p))) {
        return map; // not this run's: left as it is
      }
      try {
        io.temporal.api.common.v1.Payload plain = codec.decode(List.of(p)).get(0);
        Map<String, Object> metadata = new LinkedHashMap<>();
        Base64.Encoder enc = Base64.getEncoder();
        plain
            .getMetadataMap()
            .forEach((k, v) -> metadata.put(k, enc.encodeToString(v.toByteArray())));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metadata", metadata);
        out.put("data", enc.encodeToString(plain.getData().toByteArray()));
        return decode(out);
      } catch (io.temporal.payload.codec.PayloadCodecException e) {
        return map;
      }
    }

    private static String text(String base64) {
      return new String(
          Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
