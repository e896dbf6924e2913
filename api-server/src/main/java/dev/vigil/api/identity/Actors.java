package dev.vigil.api.identity;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.Permission;
import dev.vigil.store.identity.Membership;
import dev.vigil.store.identity.UserRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Turns the authenticated caller into an {@link Actor}, once per request. Sessions re-read the
 * membership each time, so disabling a member or changing a role applies to their next click.
 */
@Component
public class Actors {

  private static final String ATTRIBUTE = Actors.class.getName();

  private final UserRepository users;
  private final RoleBook book;

  public Actors(UserRepository users, RoleBook book) {
    this.users = users;
    this.book = book;
  }

  /** The caller of this request; 401 when nobody is signed in or the session lost its rights. */
  public Actor current(HttpServletRequest req) {
    Object cached = req.getAttribute(ATTRIBUTE);
    if (cached instanceof Actor a) {
      return a;
    }
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (!(auth instanceof CallerToken c)) {
      throw ApiException.unauthenticated(
          "sign in (POST /api/v1/auth/login) or send Authorization: Bearer with an API key or token");
    }
    Actor actor = resolve(c, req);
    req.setAttribute(ATTRIBUTE, actor);
    return actor;
  }

  /** The caller if one is signed in, else null (for auditing failures). */
  public Actor currentOrNull(HttpServletRequest req) {
    try {
      return current(req);
    } catch (ApiException e) {
      return null;
    }
  }

  private Actor resolve(CallerToken c, HttpServletRequest req) {
    List<String> roles = c.roles();
    boolean platformOwner = c.platformOwner();
    if (Actor.VIA_SESSION.equals(c.via())) {
      Membership m = users.membership(c.tenant(), c.username()).orElse(null);
      if (m == null || !m.active()) {
        HttpSession s = req.getSession(false);
        if (s != null) {
          s.invalidate();
        }
        throw ApiException.unauthenticated(
            "your access to tenant '" + c.tenant() + "' was removed or disabled; sign in again");
      }
      roles = List.of(m.role());
      platformOwner = m.platformOwner();
    }
    Set<Permission> permissions = EnumSet.noneOf(Permission.class);
    List<String> held = new ArrayList<>();
    for (String r : roles) {
      Optional<Set<Permission>> granted = book.permissions(c.tenant(), r);
      if (granted.isPresent()) {
        held.add(r);
        permissions.addAll(granted.get());
      }
    }
    if (held.isEmpty()) {
      // a token naming only roles this tenant does not have (or a custom role since deleted)
      throw ApiException.unauthenticated(
          "none of your roles ("
              + String.join(", ", roles)
              + ") exists in tenant '"
              + c.tenant()
              + "'");
    }
    if (c.ceiling() != null) {
      permissions.retainAll(book.permissions(c.tenant(), c.ceiling()).orElse(Set.of()));
    }
    if (platformOwner) {
      permissions.add(Permission.TENANT_MANAGE);
    }
    return new Actor(
        c.tenant(),
        c.username(),
        held,
        permissions,
        c.via(),
        req.getRemoteAddr(),
        Audit.userAgentOf(req));
  }
}
