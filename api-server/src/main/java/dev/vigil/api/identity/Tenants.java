package dev.vigil.api.identity;

import dev.vigil.api.identity.IdentityViews.TenantView;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.PageLimits;
import dev.vigil.api.system.PageView;
import dev.vigil.store.identity.TenantRecord;
import dev.vigil.store.identity.TenantRepository;
import dev.vigil.store.identity.UserRepository;
import dev.vigil.store.system.Page;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** Tenants, for platform owners: create one (with its first owner) and list them. */
@Service
public class Tenants {

  static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");

  private final TenantRepository tenants;
  private final UserRepository users;
  private final Audit audit;
  private final ApplicationEventPublisher events;

  public Tenants(
      TenantRepository tenants,
      UserRepository users,
      Audit audit,
      ApplicationEventPublisher events) {
    this.tenants = tenants;
    this.users = users;
    this.audit = audit;
    this.events = events;
  }

  /**
   * @param owner the existing account that becomes the tenant's first owner (default: the caller)
   */
  public record CreateTenant(String id, String name, String owner) {}

  public PageView<TenantView> list(Actor actor, Integer limit, String cursor) {
    Page<TenantRecord> page = tenants.list(PageLimits.of(limit), cursor);
    return PageView.of(page, TenantView::of);
  }

  public TenantView create(Actor actor, CreateTenant body) {
    if (body.id() == null || !ID.matcher(body.id()).matches()) {
      throw ApiException.invalid(
          "/id",
          "id must be 2-63 lower-case letters, digits or hyphens, starting with a letter or digit");
    }
    if (body.name() == null || body.name().isBlank() || body.name().length() > 200) {
      throw ApiException.invalid("/name", "name is required (1-200 characters)");
    }
    String owner = body.owner() == null ? actor.user() : body.owner().trim();
    if (users.account(owner).isEmpty()) {
      throw ApiException.invalid("/owner", "no account '" + owner + "'; create it first");
    }
    if (!tenants.create(body.id(), body.name().trim(), owner, actor.user())) {
      throw ApiException.conflict("exists", "tenant '" + body.id() + "' exists already");
    }
    audit.record(
        actor, "tenant.create", "tenant/" + body.id(), Audit.SUCCESS, Map.of("owner", owner));
    events.publishEvent(new TenantCreated(body.id()));
    return TenantView.of(tenants.find(body.id()).orElseThrow());
  }
}
