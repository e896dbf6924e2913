package dev.vigil.store.scan;

import dev.vigil.store.billing.UsageCounters;
import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.NewestFirst;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.TenantJdbc;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Scans and their findings ({@code scans}, {@code scan_findings}): the API queues and lists them,
 * the scan activities claim a slot, record progress, replace the findings and finish them.
 */
public class ScanRepository {

  private final TenantJdbc db;

  public ScanRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** A scan as listed and shown. */
  public record Scan(
      String tenant,
      String id,
      String target,
      String profile,
      String ports,
      String scopeKey,
      String status,
      String requestedBy,
      String scheduleId,
      Instant createdAt,
      Instant startedAt,
      Instant endedAt,
      Map<String, Object> progress,
      Map<String, Object> summary,
      String error,
      boolean published) {

    public boolean finished() {
      return status.equals("succeeded") || status.equals("failed") || status.equals("cancelled");
    }
  }

  /** One host or port nmap reported. */
  public record Finding(
      String kind,
      String address,
      String hostname,
      String protocol,
      int port,
      String state,
      String reason,
      String service,
      String product,
      String version,
      String extraInfo,
      List<String> cpe,
      Map<String, Object> scripts) {

    public Finding {
      protocol = protocol == null ? "" : protocol;
      cpe = cpe == null ? List.of() : List.copyOf(cpe);
      scripts = scripts == null ? Map.of() : scripts;
    }

    /** What identifies it within a scan (and across scans of one scope). */
    public String key() {
      return address + "/" + protocol + "/" + port;
    }
  }

  private static final String COLUMNS =
      "tenant_id, id::text, target, profile, ports, scope_key, status, requested_by, schedule_id,"
          + " created_at, started_at, ended_at, progress::text, summary::text, error, published";

  /** Queues a scan. */
  public Scan queue(
      String tenant,
      UUID id,
      String target,
      String profile,
      String ports,
      String scopeKey,
      String requestedBy,
      String scheduleId) {
    return queue(tenant, id, target, profile, ports, scopeKey, requestedBy, scheduleId, null);
  }

  /**
   * Queues a scan within the day's scans the tenant's plan allows ({@code maxPerDay}, null: no
   * limit), checked under the counter's row lock in the same transaction.
   *
   * @throws UsageCounters.LimitReached when one more would pass it; nothing is queued
   */
  public Scan queue(
      String tenant,
      UUID id,
      String target,
      String profile,
      String ports,
      String scopeKey,
      String requestedBy,
      String scheduleId,
      Long maxPerDay) {
    db.runInTenant(
        tenant,
        jdbc -> {
          UsageCounters.requireWithin(jdbc, tenant, UsageCounters.SCANS, 1, maxPerDay);
          jdbc.sql(
                  "insert into scans (tenant_id, id, target, profile, ports, scope_key, status,"
                      + " requested_by, schedule_id) values (:t, :id, :target, :profile, :ports,"
                      + " :scope, 'queued', :by, :schedule)")
              .param("t", tenant)
              .param("id", id)
              .param("target", target)
              .param("profile", profile)
              .param("ports", ports)
              .param("scope", scopeKey)
              .param("by", requestedBy)
              .param("schedule", scheduleId)
              .update();
          UsageCounters.add(jdbc, tenant, UsageCounters.SCANS, 1);
        });
    return get(tenant, id.toString()).orElseThrow();
  }

  public Optional<Scan> get(String tenant, String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql("select " + COLUMNS + " from scans where tenant_id = :t and id = :id")
                .param("t", tenant)
                .param("id", uuid)
                .query(ScanRepository::scan)
                .optional());
  }

  /** The tenant's scans, newest first; {@code status} null for all. */
  public Page<Scan> list(String tenant, String status, int limit, String cursor) {
    return db.inTenant(
        tenant,
        jdbc ->
            new NewestFirst("select " + COLUMNS + " from scans", tenant)
                .and("status = :status", "status", status)
                .page(jdbc, cursor, limit, ScanRepository::scan, Scan::createdAt, Scan::id));
  }

  /**
   * Moves a queued scan to running when fewer than {@code limit} of the tenant's scans run; true
   * when it runs (also when it already did: a retried claim). The tenant's scans are claimed one at
   * a time (a transaction-scoped advisory lock), so two claims never both take the last slot.
   */
  public boolean claim(String tenant, String id, int limit) {
    return db.inTenant(
        tenant,
        jdbc -> {
          jdbc.sql("select pg_advisory_xact_lock(hashtext('scan-slots:' || :t))")
              .param("t", tenant)
              .query((rs, n) -> 1)
              .list();
          String status =
              jdbc.sql("select status from scans where tenant_id = :t and id = :id for update")
                  .param("t", tenant)
                  .param("id", UUID.fromString(id))
                  .query(String.class)
                  .optional()
                  .orElseThrow(() -> new IllegalStateException("no scan " + id));
          if (!status.equals("queued")) {
            return status.equals("running");
          }
          long running =
              jdbc.sql("select count(*) from scans where tenant_id = :t and status = 'running'")
                  .param("t", tenant)
                  .query(Long.class)
                  .single();
          if (running >= limit) {
            return false;
          }
          jdbc.sql(
                  "update scans set status = 'running', started_at = now() where tenant_id = :t"
                      + " and id = :id")
              .param("t", tenant)
              .param("id", UUID.fromString(id))
              .update();
          return true;
        });
  }

  /** Records a running scan's progress. */
  public void progress(String tenant, String id, Map<String, Object> progress) {
    db.runInTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "update scans set progress = :p::jsonb where tenant_id = :t and id = :id and"
                        + " status = 'running'")
                .param("p", JsonColumns.write(progress))
                .param("t", tenant)
                .param("id", UUID.fromString(id))
                .update());
  }

  /** Replaces the scan's findings with {@code findings} (a retried attempt's are the ones kept). */
  public void replaceFindings(String tenant, String id, List<Finding> findings) {
    UUID scan = UUID.fromString(id);
    db.runInTenant(
        tenant,
        jdbc -> {
          jdbc.sql("delete from scan_findings where tenant_id = :t and scan_id = :id")
              .param("t", tenant)
              .param("id", scan)
              .update();
          for (Finding f : findings) {
            jdbc.sql(
                    "insert into scan_findings (tenant_id, scan_id, kind, address, hostname,"
                        + " protocol, port, state, reason, service, product, version, extra_info,"
                        + " cpe, scripts) values (:t, :id, :kind, :address, :hostname, :protocol,"
                        + " :port, :state, :reason, :service, :product, :version, :extra,"
                        + " coalesce(string_to_array(:cpe, chr(31)), '{}'), :scripts::jsonb) on conflict"
                        + " do"
                        + " nothing")
                .param("t", tenant)
                .param("id", scan)
                .param("kind", f.kind())
                .param("address", f.address())
                .param("hostname", f.hostname())
                .param("protocol", f.protocol())
                .param("port", f.port())
                .param("state", f.state())
                .param("reason", f.reason())
                .param("service", f.service())
                .param("product", f.product())
                .param("version", f.version())
                .param("extra", f.extraInfo())
                .param("cpe", f.cpe().isEmpty() ? null : String.join("\u001f", f.cpe()))
                .param("scripts", JsonColumns.write(f.scripts()))
                .update();
          }
        });
  }

  /** The scan's findings, hosts first, then by address, protocol and port. */
  public List<Finding> findings(String tenant, String id) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select kind, address, hostname, protocol, port, state, reason, service,"
                        + " product, version, extra_info, cpe, scripts::text from scan_findings"
                        + " where tenant_id = :t and scan_id = :id order by kind, address,"
                        + " protocol, port")
                .param("t", tenant)
                .param("id", UUID.fromString(id))
                .query(ScanRepository::finding)
                .list());
  }

  /** The latest succeeded scan of the same scope before {@code id}, if any. */
  public Optional<Scan> previous(String tenant, Scan of) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select "
                        + COLUMNS
                        + " from scans where tenant_id = :t and scope_key = :scope and status ="
                        + " 'succeeded' and id <> :id and created_at < :at order by created_at"
                        + " desc limit 1")
                .param("t", tenant)
                .param("scope", of.scopeKey())
                .param("id", UUID.fromString(of.id()))
                .param("at", Timestamp.from(of.createdAt()))
                .query(ScanRepository::scan)
                .optional());
  }

  /** Ends a scan; a scan already ended keeps its end. */
  public void finish(
      String tenant, String id, String status, Map<String, Object> summary, String error) {
    db.runInTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "update scans set status = :s, ended_at = now(), summary = coalesce(:sum::jsonb,"
                        + " summary), error = :e where tenant_id = :t and id = :id and status in"
                        + " ('queued', 'running')")
                .param("s", status)
                .param("sum", summary == null ? null : JsonColumns.write(summary))
                .param("e", error)
                .param("t", tenant)
                .param("id", UUID.fromString(id))
                .update());
  }

  /** Marks the scan's events as ingested (inside the ingest batch's transaction). */
  public static void markPublished(
      org.springframework.jdbc.core.simple.JdbcClient jdbc, String tenant, String id) {
    jdbc.sql("update scans set published = true where tenant_id = :t and id = :id")
        .param("t", tenant)
        .param("id", UUID.fromString(id))
        .update();
  }

  private static Scan scan(ResultSet rs, int n) throws SQLException {
    return new Scan(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        instant(rs.getTimestamp(10)),
        instant(rs.getTimestamp(11)),
        instant(rs.getTimestamp(12)),
        rs.getString(13) == null ? null : JsonColumns.readMap(rs.getString(13)),
        rs.getString(14) == null ? null : JsonColumns.readMap(rs.getString(14)),
        rs.getString(15),
        rs.getBoolean(16));
  }

  private static Finding finding(ResultSet rs, int n) throws SQLException {
    List<String> cpe = new ArrayList<>();
    Array a = rs.getArray(12);
    if (a != null) {
      for (Object o : (Object[]) a.getArray()) {
        cpe.add(String.valueOf(o));
      }
    }
    return new Finding(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getInt(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        cpe,
        JsonColumns.readMap(rs.getString(13)));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
