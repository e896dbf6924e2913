package dev.vigil.api.identity;

import dev.vigil.api.identity.IdentityViews.MemberView;
import dev.vigil.api.identity.Members.CreateUser;
import dev.vigil.api.identity.Members.UpdateUser;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The members of the caller's tenant: list, create or invite, change role, disable. Admins manage
 * everyone but owners; only owners make or change owners; nobody changes their own membership; a
 * tenant always keeps an active owner. Usernames are global, but whether one belongs to another
 * tenant is not disclosed: only platform owners invite existing accounts; to anyone else such a
 * username is "not available", as reserved ones are.
 */
@RestController
@RequestMapping("/api/v1/users")
public class UserController {

  private final Members service;

  public UserController(Members service) {
    this.service = service;
  }

  @GetMapping
  @Requires(Permission.USER_READ)
  public PageView<MemberView> list(
      Actor actor,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return service.list(actor, limit, cursor);
  }

  @PostMapping
  @Requires(Permission.USER_MANAGE)
  public ResponseEntity<MemberView> create(Actor actor, @RequestBody CreateUser body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(service.create(actor, body));
  }

  @PatchMapping("/{username}")
  @Requires(Permission.USER_MANAGE)
  public MemberView update(
      Actor actor, @PathVariable String username, @RequestBody UpdateUser body) {
    return service.update(actor, username, body);
  }
}
