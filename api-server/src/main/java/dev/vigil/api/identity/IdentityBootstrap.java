package dev.vigil.api.identity;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.Role;
import dev.vigil.store.identity.ApiKeyRecord;
import dev.vigil.store.identity.ApiKeyRepository;
import dev.vigil.store.identity.UserRepository;
import java.security.SecureRandom;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * First start: with no account yet, creates the first owner of tenant {@code default} (a platform
 * owner) from {@code VIGIL_BOOTSTRAP_ADMIN_PASSWORD}; in standalone mode without it, generates a
 * password and prints it once on the console (never in the log). {@code VIGIL_BOOTSTRAP_API_KEY}
 * adds an owner API key with that exact secret for that owner. There are no default credentials.
 */
@Component
@Order(0)
public class IdentityBootstrap implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);

  private final SecurityProperties props;
  private final UserRepository users;
  private final ApiKeyRepository keys;
  private final PasswordEncoder encoder;
  private final Audit audit;

  public IdentityBootstrap(
      SecurityProperties props,
      UserRepository users,
      ApiKeyRepository keys,
      PasswordEncoder encoder,
      Audit audit) {
    this.props = props;
    this.users = users;
    this.keys = keys;
    this.encoder = encoder;
    this.audit = audit;
  }

  @Override
  public void run(ApplicationArguments args) {
    String admin = props.bootstrapAdminUsername();
    if (props.bootstrapApiKey() != null && !ApiKeyTokens.wellFormed(props.bootstrapApiKey())) {
      throw new IllegalStateException(
          "VIGIL_BOOTSTRAP_API_KEY must be 'vgl_' followed by 40-100 letters and digits");
    }
    if (users.countAccounts() == 0) {
      String password = props.bootstrapAdminPassword();
      boolean generated = false;
      if (password == null && props.generateBootstrapPassword()) {
        password = generatePassword();
        generated = true;
      }
      if (password == null) {
        log.warn(
            "no account exists and VIGIL_BOOTSTRAP_ADMIN_PASSWORD is not set: nobody can sign in"
                + " until it is set (or until OpenID Connect tokens are configured)");
      } else {
        PasswordPolicy.problem(password, admin)
            .ifPresent(
                p -> {
                  throw new IllegalStateException("VIGIL_BOOTSTRAP_ADMIN_PASSWORD refused: " + p);
                });
        users.createWithMembership(
            admin,
            "Administrator",
            encoder.encode(password),
            true,
            Actor.DEFAULT_TENANT,
            Role.OWNER.key(),
            "bootstrap");
        audit.record(
            Actor.system(Actor.DEFAULT_TENANT),
            "user.create",
            "user/" + admin,
            Audit.SUCCESS,
            Map.of("role", Role.OWNER.key(), "bootstrap", true, "platformOwner", true));
        if (generated) {
          // Console only, once: the log may be shipped elsewhere, a password must not be.
          System.out.printf(
              "%n  Vigil created the first owner.  username: %s   password: %s%n"
                  + "  Sign in and change it (POST /api/v1/me/password). It is not shown again.%n%n",
              admin, password);
        } else {
          log.info("created the first owner '{}' of tenant default", admin);
        }
      }
    }
    if (props.bootstrapApiKey() != null && users.account(admin).isPresent()) {
      String secret = props.bootstrapApiKey();
      if (keys.findBySecret(ApiKeyTokens.sha256(secret)).isEmpty()) {
        String id = ApiKeyTokens.newId();
        keys.create(
            new ApiKeyRecord(
                Actor.DEFAULT_TENANT,
                id,
                "bootstrap",
                ApiKeyTokens.displayPrefix(secret),
                admin,
                Role.OWNER.key(),
                null,
                null,
                null,
                null,
                null),
            ApiKeyTokens.sha256(secret));
        audit.record(
            Actor.system(Actor.DEFAULT_TENANT),
            "apikey.create",
            "apikey/" + id,
            Audit.SUCCESS,
            Map.of("user", admin, "role", Role.OWNER.key(), "bootstrap", true));
        log.info("created the bootstrap API key {} for '{}'", id, admin);
      }
    }
  }

  private static String generatePassword() {
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    SecureRandom r = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      if (i > 0 && i % 5 == 0) {
        sb.append('-');
      }
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
