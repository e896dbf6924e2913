package dev.vigil.store.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.detections.event.Event;
import dev.vigil.store.system.TenantJdbc;
import dev.vigil.store.system.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventWriterIT {

  final HikariDataSource db = TestDatabase.fresh();
  final EventWriter writer = new EventWriter(db);
  final EventReads reads = new EventReads(db);

  EventWriterIT() throws Exception {
    TestDatabase.execute(db, "insert into tenants (id, name) values ('acme', 'A'), ('beta', 'B')");
  }

  static Event event(String tenant, Instant time, String message) {
    return new Event(
            null,
            null,
            time,
            null,
            new Event.Source("vigil", "h1", null),
            "ops",
            "log",
            null,
            "unknown",
            0,
            message,
            null,
            null,
            null,
            null,
            Map.of("k", "v"),
            "raw " + message)
        .identified(UUID.randomUUID().toString(), tenant, Instant.now());
  }

  List<Event> stored(String tenant, long after) {
    return new TenantJdbc(db)
        .inTenant(
            tenant,
            j -> {
              List<Event> out = new ArrayList<>();
              for (StoredBatch b : reads.batchesAfter(j, tenant, after, 100)) {
                out.addAll(reads.eventsOf(j, tenant, b));
              }
              return out;
            });
  }

  @Test
  void aBatchOverSeveralDaysIsStoredInOrderAndReadBackWhole() {
    Instant t = Instant.parse("2026-11-29T23:59:59Z");
    List<Event> batch = List.of(event("acme", t, "one"), event("acme", t.plusSeconds(2), "two"));
    IngestReceipt r = writer.append("acme", "u", "vigil", batch, 0, null, "{\"accepted\":2}");
    assertThat(r.replayed()).isFalse();
    assertThat(writer.partitions().days())
        .contains(LocalDate.of(2026, 11, 29), LocalDate.of(2026, 11, 30));
    List<Event> back = stored("acme", 0);
    assertThat(back).extracting(Event::message).containsExactly("one", "two");
    assertThat(back.get(0)).isEqualTo(batch.get(0));
    assertThat(stored("beta", 0)).isEmpty();
  }

  @Test
  void theSameIdempotencyKeyStoresOnceAndAnswersTheFirstAnswer() {
    Instant t = Instant.parse("2026-11-30T10:00:00Z");
    IngestReceipt first =
        writer.append("acme", "u", "vigil", List.of(event("acme", t, "x")), 0, "k1", "{\"a\": 1}");
    IngestReceipt again =
        writer.append("acme", "u", "vigil", List.of(event("acme", t, "x")), 0, "k1", "{\"b\": 2}");
    assertThat(again.replayed()).isTrue();
    assertThat(again.response()).isEqualTo("{\"a\": 1}");
    assertThat(again.batchId()).isEqualTo(first.batchId());
    assertThat(stored("acme", 0)).hasSize(1);
    IngestReceipt otherTenant =
        writer.append("beta", "u", "vigil", List.of(event("beta", t, "x")), 0, "k1", "{}");
    assertThat(otherTenant.replayed()).as("keys are per tenant").isFalse();
  }

  @Test
  void concurrentRequestsWithOneKeyStoreOneBatch() throws Exception {
    Instant t = Instant.parse("2026-11-30T11:00:00Z");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<IngestReceipt>> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int n = i;
      all.add(
          pool.submit(
              () ->
                  writer.append(
                      "acme",
                      "u",
                      "vigil",
                      List.of(event("acme", t, "race")),
                      0,
                      "same",
                      "{\"n\": " + n + "}")));
    }
    java.util.Set<Long> batches = new java.util.HashSet<>();
    java.util.Set<String> answers = new java.util.HashSet<>();
    for (var f : all) {
      batches.add(f.get().batchId());
      answers.add(f.get().response());
    }
    pool.shutdown();
    assertThat(batches).hasSize(1);
    assertThat(answers).hasSize(1);
    assertThat(stored("acme", 0)).extracting(Event::message).containsExactly("race");
  }

  @Test
  void aDayDroppedByAnotherProcessIsCreatedAgain() {
    Instant t = Instant.parse("2026-10-01T10:00:00Z");
    writer.append("acme", "u", "vigil", List.of(event("acme", t, "before")), 0, null, "{}");
    new EventWriter(db).partitions().dropBefore(LocalDate.of(2026, 10, 2));
    IngestReceipt r =
        writer.append("acme", "u", "vigil", List.of(event("acme", t, "after")), 0, null, "{}");
    assertThat(stored("acme", r.batchId() - 1)).extracting(Event::message).containsExactly("after");
  }

  @Test
  void nulCharactersAreStoredAsReplacementCharacters() {
    Instant t = Instant.parse("2026-11-30T10:00:00Z");
    writer.append("acme", "u", "vigil", List.of(event("acme", t, "a\u0000b")), 0, null, "{}");
    assertThat(stored("acme", 0).get(0).message()).isEqualTo("a\ufffdb");
    assertThat(LocalDate.ofInstant(t, ZoneOffset.UTC)).isNotNull();
  }
}
