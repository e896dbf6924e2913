package dev.vigil.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Worker settings ({@code vigil.*}); every one has an environment variable (see README).
 *
 * @param temporal where Temporal is
 * @param http settings of the http.request action
 * @param secrets each tenant's secrets by name (prefer VIGIL_SECRET_&lt;TENANT&gt;__&lt;NAME&gt;
 *     environment variables)
 * @param sharedSecrets secrets every tenant may use, marked so by the operator
 *     (VIGIL_SHARED_SECRET_&lt;NAME&gt;)
 * @param notifications escalation delivery
 * @param worker worker tuning
 */
@Validated
@ConfigurationProperties("vigil")
public record WorkerProperties(
    Temporal temporal,
    Http http,
    Map<String, Map<String, String>> secrets,
    Map<String, String> sharedSecrets,
    Notifications notifications,
    Worker worker) {

  public WorkerProperties {
    temporal = temporal == null ? new Temporal(null, null) : temporal;
    http = http == null ? new Http(null, null, 0) : http;
    secrets = secrets == null ? Map.of() : secrets;
    sharedSecrets = sharedSecrets == null ? Map.of() : sharedSecrets;
    notifications = notifications == null ? new Notifications(null, null) : notifications;
    worker = worker == null ? new Worker(0, 0) : worker;
  }

  /**
   * @param address host:port of the Temporal frontend; @param namespace Temporal namespace
   */
  public record Temporal(String address, String namespace) {
    public Temporal {
      address = address == null || address.isBlank() ? "127.0.0.1:7233" : address.trim();
      namespace = namespace == null || namespace.isBlank() ? "default" : namespace.trim();
    }
  }

  /** Allowed hosts (comma-separated in VIGIL_HTTP_ALLOWED_HOSTS), default timeout, size cap. */
  public record Http(List<String> allowedHosts, Duration defaultTimeout, int maxResponseBytes) {}

  /**
   * @param webhookUrl where escalations are POSTed too (installation-wide); blank: nowhere
   * @param publicUrl where people reach Vigil's UI, for links in notifications (VIGIL_PUBLIC_URL);
   *     blank: messages carry no link
   */
  public record Notifications(String webhookUrl, String publicUrl) {}

  /** Concurrency limits of this worker process (0 = SDK default). */
  public record Worker(int maxConcurrentActivities, int maxConcurrentWorkflowTasks) {}
}
