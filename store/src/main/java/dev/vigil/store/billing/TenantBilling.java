package dev.vigil.store.billing;

import dev.vigil.store.system.TenantJdbc;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A tenant's billing state ({@code tenant_billing}): its plan, status and Stripe ids, and the
 * webhook events already taken ({@code billing_events}).
 */
public class TenantBilling {

  /**
   * @param status {@code active}, {@code trialing}, {@code past_due} or {@code canceled}
   * @param graceUntil the end of the grace period after a failed payment, or null
   */
  public record State(
      String tenant,
      String plan,
      String status,
      String stripeCustomer,
      String subscription,
      Instant graceUntil) {}

  private final TenantJdbc db;

  public TenantBilling(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  public Optional<State> get(String tenant) {
    return db.inTenant(
        tenant,
        j ->
            j.sql(
                    "select plan, status, stripe_customer, subscription, grace_until from"
                        + " tenant_billing where tenant_id = :t")
                .param("t", tenant)
                .query(
                    (rs, n) -> {
                      Timestamp grace = rs.getTimestamp(5);
                      return new State(
                          tenant,
                          rs.getString(1),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getString(4),
                          grace == null ? null : grace.toInstant());
                    })
                .optional());
  }

  /**
   * Records the Stripe customer Vigil created for {@code tenant} (its row starts on {@code plan});
   * answers the customer the tenant has now — an earlier one if another request recorded it first.
   */
  public String recordCustomer(String tenant, String plan, String customer) {
    // as the schema owner: tenant work may read its billing row but never write it (V027)
    return db.acrossTenants(
        j -> {
          j.sql(
                  "insert into tenant_billing (tenant_id, plan, stripe_customer) values (:t, :p,"
                      + " :c) on conflict (tenant_id) do update set stripe_customer ="
                      + " coalesce(tenant_billing.stripe_customer, excluded.stripe_customer),"
                      + " updated_at = now()")
              .param("t", tenant)
              .param("p", plan)
              .param("c", customer)
              .update();
          return j.sql("select stripe_customer from tenant_billing where tenant_id = :t")
              .param("t", tenant)
              .query(String.class)
              .single();
        });
  }

  /**
   * Sets the tenant's plan, status, subscription and grace period, and answers whether anything
   * changed; a change is audited ({@code billing.plan}, actor {@code vigil}, with {@code reason})
   * in the same transaction. The tenant's own retention setting is left as it is: the retention job
   * caps it at the plan's days, and it applies again in full after an upgrade.
   */
  public boolean apply(
      String tenant,
      String plan,
      String status,
      String subscription,
      Instant graceUntil,
      String reason) {
    return db.acrossTenants(
        j -> {
          var before =
              j.sql(
                      "select plan, status, subscription, grace_until from tenant_billing where"
                          + " tenant_id = :t for update")
                  .param("t", tenant)
                  .query(
                      (rs, n) ->
                          java.util.Arrays.asList(
                              rs.getString(1),
                              rs.getString(2),
                              rs.getString(3),
                              rs.getTimestamp(4) == null
                                  ? null
                                  : rs.getTimestamp(4).toInstant().toString()))
                  .optional()
                  .orElse(null);
          var after =
              java.util.Arrays.asList(
                  plan, status, subscription, graceUntil == null ? null : graceUntil.toString());
          j.sql(
                  "insert into tenant_billing (tenant_id, plan, status, subscription, grace_until)"
                      + " values (:t, :p, :s, :sub, :g) on conflict (tenant_id) do update set plan"
                      + " = excluded.plan, status = excluded.status, subscription ="
                      + " excluded.subscription, grace_until = excluded.grace_until, updated_at ="
                      + " now()")
              .param("t", tenant)
              .param("p", plan)
              .param("s", status)
              .param("sub", subscription)
              .param("g", graceUntil == null ? null : Timestamp.from(graceUntil))
              .update();
          if (after.equals(before)) {
            return false;
          }
          java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
          details.put("from", before == null ? null : before.get(0));
          details.put("plan", plan);
          details.put("status", status);
          details.put("graceUntil", after.get(3));
          details.put("reason", reason);
          dev.vigil.store.audit.AuditLog.append(
              j,
              dev.vigil.store.audit.AuditEntry.of(
                  tenant, "vigil", "billing.plan", "tenant:" + tenant, "success", details));
          return true;
        });
  }

  /**
   * The tenant whose Stripe customer {@code customer} is, or empty for a customer Vigil did not
   * create.
   */
  public Optional<String> tenantOfCustomer(String customer) {
    return db.acrossTenants(
        j ->
            j.sql("select tenant_id from tenant_billing where stripe_customer = :c")
                .param("c", customer)
                .query(String.class)
                .optional());
  }

  /**
   * Takes webhook event {@code eventId} once: true the first time, false for a replay. Runs {@code
   * then} in the same transaction, so an event whose handling fails is not marked taken.
   */
  public boolean takeEvent(String eventId, String type, String tenant, Runnable then) {
    return db.acrossTenants(
        j -> {
          int n =
              j.sql(
                      "insert into billing_events (event_id, type, tenant_id) values (:e, :ty, :t)"
                          + " on conflict (event_id) do nothing")
                  .param("e", eventId)
                  .param("ty", type)
                  .param("t", tenant)
                  .update();
          if (n == 1) {
            then.run();
          }
          return n == 1;
        });
  }
}
