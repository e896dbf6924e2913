package dev.vigil.store.identity;

import dev.vigil.store.billing.UsageCounters;
import dev.vigil.store.system.Cursors;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.TenantJdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Users (global) and their memberships (per tenant). Sign-in and account creation span tenants and
 * run as the schema owner; everything about members of one tenant runs under that tenant's
 * row-level security.
 */
public class UserRepository {

  private static final String MEMBER_COLUMNS =
      "m.tenant_id, t.name as tenant_name, m.username, u.display_name, m.role, m.disabled,"
          + " u.disabled as user_disabled, u.platform_owner, m.created_at, m.created_by, m.email";

  private final TenantJdbc db;

  public UserRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** The account with its password hash and lockout state (sign-in only). */
  public Optional<UserAccount> account(String username) {
    return db.acrossTenants(
        jdbc ->
            jdbc.sql("select * from users where username = :u")
                .param("u", username)
                .query(UserRepository::mapAccount)
                .optional());
  }

  /** How many accounts exist (first start creates the bootstrap owner when none). */
  public long countAccounts() {
    return db.acrossTenants(
        jdbc -> jdbc.sql("select count(*) from users").query(Long.class).single());
  }

  /**
   * Creates an account and makes it a member of {@code tenant} with {@code role}, in one
   * transaction. Returns false (and changes nothing) when the username is taken.
   */
  public boolean createWithMembership(
      String username,
      String displayName,
      String passwordHash,
      boolean platformOwner,
      String tenant,
      String role,
      String by) {
    return createWithMembership(
        username, displayName, passwordHash, platformOwner, tenant, role, by, null);
  }

  /**
   * {@link #createWithMembership(String, String, String, boolean, String, String, String)} within
   * the tenant's plan's members ({@code maxMembers}, null: no limit).
   *
   * @throws UsageCounters.LimitReached when one more member would pass it; nothing is created
   */
  public boolean createWithMembership(
      String username,
      String displayName,
      String passwordHash,
      boolean platformOwner,
      String tenant,
      String role,
      String by,
      Long maxMembers) {
    return db.acrossTenants(
        jdbc -> {
          requireRoom(jdbc, tenant, maxMembers);
          int created =
              jdbc.sql(
                      "insert into users (username, display_name, password_hash, platform_owner, created_by)"
                          + " values (:u, :n, :h, :p, :by) on conflict (username) do nothing")
                  .param("u", username)
                  .param("n", displayName)
                  .param("h", passwordHash)
                  .param("p", platformOwner)
                  .param("by", by)
                  .update();
          if (created == 0) {
            return false;
          }
          insertMembership(jdbc, tenant, username, role, by);
          return true;
        });
  }

  /** Adds an existing account to {@code tenant}; false when it is a member already. */
  public boolean addMembership(String tenant, String username, String role, String by) {
    return addMembership(tenant, username, role, by, null);
  }

  /**
   * {@link #addMembership(String, String, String, String)} within the tenant's plan's members
   * ({@code maxMembers}, null: no limit).
   *
   * @throws UsageCounters.LimitReached when one more member would pass it; nothing is added
   */
  public boolean addMembership(
      String tenant, String username, String role, String by, Long maxMembers) {
    return db.inTenant(
        tenant,
        jdbc -> {
          requireRoom(jdbc, tenant, maxMembers);
          return insertMembership(jdbc, tenant, username, role, by) == 1;
        });
  }

  /**
   * Refuses one more enabled member beyond {@code max} (null: no limit). The tenant's members are
   * counted under a transaction-scoped advisory lock of the tenant, so two additions at once wait
   * for each other and cannot both pass the limit.
   */
  private static void requireRoom(JdbcClient jdbc, String tenant, Long max) {
    if (max == null) {
      return;
    }
    jdbc.sql("select pg_advisory_xact_lock(hashtext('vigil.members/' || :t))")
        .param("t", tenant)
        .query((rs, n) -> 1)
        .single();
    long used =
        jdbc.sql("select count(*) from memberships where tenant_id = :t and not disabled")
            .param("t", tenant)
            .query(Long.class)
            .single();
    if (used + 1 > max) {
      throw new UsageCounters.LimitReached(used, 1);
    }
  }

  private static int insertMembership(
      JdbcClient jdbc, String tenant, String username, String role, String by) {
    return jdbc.sql(
            "insert into memberships (tenant_id, username, role, created_by) values (:t, :u, :r, :by)"
                + " on conflict (tenant_id, username) do nothing")
        .param("t", tenant)
        .param("u", username)
        .param("r", role)
        .param("by", by)
        .update();
  }

  /** Counts a failed sign-in; locks the account for {@code lockFor} at {@code maxFailures}. */
  public UserAccount recordFailedLogin(String username, int maxFailures, Duration lockFor) {
    return db.acrossTenants(
        jdbc ->
            jdbc.sql(
                    "update users set failed_logins = failed_logins + 1,"
                        + " locked_until = case when failed_logins + 1 >= :max"
                        + " then now() + make_interval(secs => :secs) else locked_until end"
                        + " where username = :u returning *")
                .param("max", maxFailures)
                .param("secs", (double) lockFor.toSeconds())
                .param("u", username)
                .query(UserRepository::mapAccount)
                .single());
  }

  /** Clears the failure count and lock after a successful sign-in. */
  public void recordSuccessfulLogin(String username) {
    db.acrossTenants(
        jdbc ->
            jdbc.sql(
                    "update users set failed_logins = 0, locked_until = null, last_login_at = now()"
                        + " where username = :u")
                .param("u", username)
                .update());
  }

  /** Replaces the password hash of an account. */
  public void setPassword(String username, String passwordHash) {
    db.acrossTenants(
        jdbc ->
            jdbc.sql("update users set password_hash = :h where username = :u")
                .param("h", passwordHash)
                .param("u", username)
                .update());
  }

  /** Every tenant the user belongs to, by tenant id (the tenant switcher; sign-in). */
  public List<Membership> membershipsOf(String username) {
    return db.acrossTenants(
        jdbc ->
            jdbc.sql(
                    "select "
                        + MEMBER_COLUMNS
                        + " from memberships m join users u using (username) join tenants t on t.id = m.tenant_id"
                        + " where m.username = :u order by m.tenant_id")
                .param("u", username)
                .query(UserRepository::mapMembership)
                .list());
  }

  /** The user's membership in {@code tenant}, if any. */
  public Optional<Membership> membership(String tenant, String username) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select "
                        + MEMBER_COLUMNS
                        + " from memberships m join users u using (username) join tenants t on t.id = m.tenant_id"
                        + " where m.tenant_id = :t and m.username = :u")
                .param("t", tenant)
                .param("u", username)
                .query(UserRepository::mapMembership)
                .optional());
  }

  /** Members of a tenant by username, one page after {@code cursor}. */
  public Page<Membership> members(String tenant, int limit, String cursor) {
    String after = cursor == null ? "" : Cursors.decode(cursor, 1).text(0);
    return db.inTenant(
        tenant,
        jdbc -> {
          List<Membership> rows =
              jdbc.sql(
                      "select "
                          + MEMBER_COLUMNS
                          + " from memberships m join users u using (username) join tenants t on t.id = m.tenant_id"
                          + " where m.tenant_id = :t and m.username > :after order by m.username limit :limit")
                  .param("t", tenant)
                  .param("after", after)
                  .param("limit", limit + 1)
                  .query(UserRepository::mapMembership)
                  .list();
          return Page.of(rows, limit, m -> Cursors.encode(m.username()));
        });
  }

  /** Changes a member's role and/or disabled flag (null: unchanged); false when not a member. */
  public boolean updateMembership(String tenant, String username, String role, Boolean disabled) {
    return updateMembership(tenant, username, role, disabled, null);
  }

  /**
   * {@link #updateMembership(String, String, String, Boolean)}; enabling a disabled member counts
   * as adding one, within {@code maxMembers} (null: no limit).
   *
   * @throws UsageCounters.LimitReached when enabling would pass it; nothing is changed
   */
  public boolean updateMembership(
      String tenant, String username, String role, Boolean disabled, Long maxMembers) {
    return db.inTenant(
        tenant,
        jdbc -> {
          if (Boolean.FALSE.equals(disabled)
              && jdbc.sql("select disabled from memberships where tenant_id = :t and username = :u")
                  .param("t", tenant)
                  .param("u", username)
                  .query(Boolean.class)
                  .optional()
                  .orElse(false)) {
            requireRoom(jdbc, tenant, maxMembers);
          }
          return jdbc.sql(
                      "update memberships set role = coalesce(:r, role), disabled = coalesce(:d, disabled),"
                          + " updated_at = now() where tenant_id = :t and username = :u")
                  .param("r", role)
                  .param("d", disabled)
                  .param("t", tenant)
                  .param("u", username)
                  .update()
              == 1;
        });
  }

  /** Sets a member's e-mail address (null or blank: none); false when not a member. */
  public boolean setEmail(String tenant, String username, String email) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                        "update memberships set email = :e, updated_at = now() where tenant_id = :t"
                            + " and username = :u")
                    .param("e", email == null || email.isBlank() ? null : email.trim())
                    .param("t", tenant)
                    .param("u", username)
                    .update()
                == 1);
  }

  /** The active members of {@code tenant} with this e-mail address (case-insensitive). */
  public List<Membership> membersByEmail(String tenant, String email) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc
                .sql(
                    "select "
                        + MEMBER_COLUMNS
                        + " from memberships m join users u using (username) join tenants t on t.id"
                        + " = m.tenant_id where m.tenant_id = :t and lower(m.email) = lower(:e)")
                .param("t", tenant)
                .param("e", email)
                .query(UserRepository::mapMembership)
                .list()
                .stream()
                .filter(Membership::active)
                .toList());
  }

  /** Active owners of a tenant (the last one cannot be demoted or disabled). */
  public long countActiveOwners(String tenant) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select count(*) from memberships m join users u using (username)"
                        + " where m.tenant_id = :t and m.role = 'owner' and not m.disabled and not u.disabled")
                .param("t", tenant)
                .query(Long.class)
                .single());
  }

  private static UserAccount mapAccount(ResultSet rs, int n) throws SQLException {
    return new UserAccount(
        rs.getString("username"),
        rs.getString("display_name"),
        rs.getString("password_hash"),
        rs.getBoolean("platform_owner"),
        rs.getBoolean("disabled"),
        rs.getInt("failed_logins"),
        instant(rs.getTimestamp("locked_until")),
        instant(rs.getTimestamp("last_login_at")),
        instant(rs.getTimestamp("created_at")));
  }

  private static Membership mapMembership(ResultSet rs, int n) throws SQLException {
    return new Membership(
        rs.getString("tenant_id"),
        rs.getString("tenant_name"),
        rs.getString("username"),
        rs.getString("display_name"),
        rs.getString("role"),
        rs.getBoolean("disabled"),
        rs.getBoolean("user_disabled"),
        rs.getBoolean("platform_owner"),
        instant(rs.getTimestamp("created_at")),
        rs.getString("created_by"),
        rs.getString("email"));
  }

  static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
