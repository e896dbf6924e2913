package dev.vigil.store.intel;

import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.TenantJdbc;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Threat-intelligence verdicts of a tenant, until they expire. */
public class IntelCache {

  /** A stored verdict and when it was fetched. */
  public record Entry(Map<String, Object> verdict, Instant fetchedAt) {}

  private final TenantJdbc db;

  public IntelCache(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** The verdict on {@code indicator} if one was fetched and has not expired at {@code now}. */
  public Optional<Entry> fresh(
      String tenant, String provider, String kind, String indicator, Instant now) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select verdict::text, fetched_at from intel_cache where tenant_id = :t and"
                        + " provider = :p and kind = :k and indicator = :i and expires_at > :now")
                .param("t", tenant)
                .param("p", provider)
                .param("k", kind)
                .param("i", indicator)
                .param("now", Timestamp.from(now))
                .query(
                    (rs, n) ->
                        new Entry(
                            JsonColumns.readMap(rs.getString(1)), rs.getTimestamp(2).toInstant()))
                .optional());
  }

  public void put(
      String tenant,
      String provider,
      String kind,
      String indicator,
      Map<String, Object> verdict,
      Instant fetchedAt,
      Instant expiresAt) {
    db.runInTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "insert into intel_cache (tenant_id, provider, kind, indicator, verdict,"
                        + " fetched_at, expires_at) values (:t, :p, :k, :i, cast(:v as jsonb), :f,"
                        + " :e) on conflict (tenant_id, provider, kind, indicator) do update set"
                        + " verdict = excluded.verdict, fetched_at = excluded.fetched_at,"
                        + " expires_at = excluded.expires_at")
                .param("t", tenant)
                .param("p", provider)
                .param("k", kind)
                .param("i", indicator)
                .param("v", JsonColumns.write(verdict))
                .param("f", Timestamp.from(fetchedAt))
                .param("e", Timestamp.from(expiresAt))
                .update());
  }
}
