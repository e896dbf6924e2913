package dev.vigil.store.system;

import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way the store talks to PostgreSQL. Tenant work runs in a transaction that first switches
 * to the role {@value #APP_ROLE} and sets {@code vigil.tenant}; row-level security then limits
 * every statement of the transaction to that tenant's rows, whatever its WHERE clause says. Work
 * that must span tenants (sign-in, API-key lookup, start-up reconciliation, tenant management) says
 * so by calling {@link #acrossTenants}.
 */
public final class TenantJdbc {

  /** The role tenant work runs as; it owns nothing, so row-level security applies to it. */
  public static final String APP_ROLE = "vigil_app";

  /** The scope of the transaction this thread is in: a tenant, {@link #OWNER}, or null. */
  private static final ThreadLocal<String> SCOPE = new ThreadLocal<>();

  private static final String OWNER = "\u0000owner";

  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  public TenantJdbc(DataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbc = JdbcClient.create(dataSource);
    this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  /** Runs {@code work} in one transaction that can see and change only {@code tenant}'s rows. */
  public <T> T inTenant(String tenant, Function<JdbcClient, T> work) {
    if (tenant == null || tenant.isBlank()) {
      throw new IllegalArgumentException("tenant work needs a tenant");
    }
    String outer = SCOPE.get();
    if (tenant.equals(outer)) {
      return work.apply(jdbc); // already in this tenant's transaction
    }
    refuseNesting(outer, "tenant " + tenant);
    return scoped(
        tenant,
        () -> {
          jdbc.sql(
                  "select set_config('role', '"
                      + APP_ROLE
                      + "', true),"
                      + " set_config('vigil.tenant', :t, true)")
              .param("t", tenant)
              .query()
              .singleRow();
          return work.apply(jdbc);
        });
  }

  /** {@link #inTenant(String, Function)} for work without a result. */
  public void runInTenant(String tenant, Consumer<JdbcClient> work) {
    inTenant(
        tenant,
        j -> {
          work.accept(j);
          return null;
        });
  }

  /** Runs {@code work} in one transaction as the schema owner, across tenants. */
  public <T> T acrossTenants(Function<JdbcClient, T> work) {
    String outer = SCOPE.get();
    if (OWNER.equals(outer)) {
      return work.apply(jdbc);
    }
    refuseNesting(outer, "cross-tenant work");
    return scoped(OWNER, () -> work.apply(jdbc));
  }

  /**
   * The JDBC connection of the transaction this thread is in, for what JdbcClient cannot do (COPY).
   * Only inside {@link #inTenant} or {@link #acrossTenants}; not to be closed.
   */
  public java.sql.Connection connection() {
    if (SCOPE.get() == null) {
      throw new IllegalStateException("no transaction: call this inside inTenant or acrossTenants");
    }
    return org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource);
  }

  private <T> T scoped(String scope, java.util.function.Supplier<T> work) {
    SCOPE.set(scope);
    try {
      return tx.execute(status -> work.get());
    } finally {
      SCOPE.remove();
    }
  }

  /**
   * A transaction keeps the role and tenant it started with: work for another scope cannot join it
   * (it would see the wrong rows) and must not silently switch it.
   */
  private static void refuseNesting(String outer, String what) {
    if (outer != null) {
      throw new IllegalStateException(
          what
              + " cannot run inside a transaction of "
              + (OWNER.equals(outer) ? "cross-tenant work" : "tenant " + outer));
    }
  }
}
