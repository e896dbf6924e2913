package dev.vigil.activities.system;

import dev.vigil.workflows.system.FailureTypes;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves secrets by name on the worker. A playbook names a secret ({@code "secret": "vt_api"});
 * the value comes from configuration ({@code vigil.secrets.vt_api}) or the environment ({@code
 * VIGIL_SECRET_VT_API}) and never enters workflow history or logs.
 */
public final class Secrets {

  private final Map<String, String> configured;
  private final Function<String, String> env;

  public Secrets(Map<String, String> configured, Function<String, String> env) {
    this.configured = configured == null ? Map.of() : Map.copyOf(configured);
    this.env = env;
  }

  public static Secrets fromEnvironment(Map<String, String> configured) {
    return new Secrets(configured, System::getenv);
  }

  /** The environment variable that holds secret {@code name}. */
  public static String envName(String name) {
    return "VIGIL_SECRET_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  public String resolve(String name) {
    String v = configured.get(name);
    if (v == null) {
      v = env.apply(envName(name));
    }
    if (v == null || v.isEmpty()) {
      throw new ActionException(
          FailureTypes.SECRET_NOT_FOUND,
          "secret '" + name + "' is not configured on the worker (set " + envName(name) + ")");
    }
    return v;
  }
}
