package dev.vigil.activities.system;

import dev.vigil.workflows.system.FailureTypes;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves secrets by name on the worker, for the tenant whose run asks. A playbook names a secret
 * ({@code "secret": "vt_api"}); the value never enters workflow history or logs. A tenant's secret
 * comes from configuration ({@code vigil.secrets.<tenant>.vt_api}) or the environment ({@code
 * VIGIL_SECRET_<TENANT>__VT_API}); a secret every tenant may use must be marked shared by the
 * operator ({@code vigil.shared-secrets.vt_api} or {@code VIGIL_SHARED_SECRET_VT_API}). Another
 * tenant's secret is never found.
 */
public final class Secrets {

  private final Map<String, Map<String, String>> byTenant;
  private final Map<String, String> shared;
  private final Function<String, String> env;

  public Secrets(
      Map<String, Map<String, String>> byTenant,
      Map<String, String> shared,
      Function<String, String> env) {
    this.byTenant = byTenant == null ? Map.of() : Map.copyOf(byTenant);
    this.shared = shared == null ? Map.of() : Map.copyOf(shared);
    this.env = env;
  }

  public static Secrets fromEnvironment(
      Map<String, Map<String, String>> byTenant, Map<String, String> shared) {
    return new Secrets(byTenant, shared, System::getenv);
  }

  /** The environment variable that holds secret {@code name} of {@code tenant}. */
  public static String envName(String tenant, String name) {
    return "VIGIL_SECRET_" + token(tenant) + "__" + token(name);
  }

  /** The environment variable that holds shared secret {@code name}. */
  public static String sharedEnvName(String name) {
    return "VIGIL_SHARED_SECRET_" + token(name);
  }

  private static String token(String s) {
    return s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** The value of secret {@code name} for {@code tenant}: its own, else a shared one. */
  public String resolve(String tenant, String name) {
    String v = byTenant.getOrDefault(tenant, Map.of()).get(name);
    if (blank(v)) {
      v = env.apply(envName(tenant, name));
    }
    if (blank(v)) {
      v = shared.get(name);
    }
    if (blank(v)) {
      v = env.apply(sharedEnvName(name));
    }
    if (blank(v)) {
      throw new ActionException(
          FailureTypes.SECRET_NOT_FOUND,
          "secret '"
              + name
              + "' is not configured for tenant '"
              + tenant
              + "' on the worker (set "
              + envName(tenant, name)
              + ", or "
              + sharedEnvName(name)
              + " to share it with every tenant)");
    }
    return v;
  }

  private static boolean blank(String v) {
    return v == null || v.isEmpty();
  }
}
