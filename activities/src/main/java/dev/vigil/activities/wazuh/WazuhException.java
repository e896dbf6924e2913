package dev.vigil.activities.wazuh;

import dev.vigil.activities.system.ActionException;

/** A call to Wazuh failed; {@link #type()} says whether Temporal may retry it (catalog). */
public final class WazuhException extends ActionException {

  /** The manager could not be reached, timed out, or kept answering 429/5xx. Retried. */
  public static final String UNAVAILABLE = "WazuhUnavailable";

  /** The credentials were refused (401 on authenticate, or again after re-authenticating). */
  public static final String AUTH_FAILED = "WazuhAuthFailed";

  /** The API user lacks the RBAC permission (403). */
  public static final String FORBIDDEN = "WazuhForbidden";

  /** Wazuh refused the request (400, 404, 405, 406, 413) or reported every item failed. */
  public static final String REFUSED = "WazuhRefused";

  /** The TLS handshake failed: certificate not trusted or host name mismatch. */
  public static final String TLS = "WazuhTlsFailed";

  private final int status;

  public WazuhException(String type, int status, String message) {
    super(type, message);
    this.status = status;
  }

  /** The HTTP status Wazuh answered, or 0 when it did not answer. */
  public int status() {
    return status;
  }
}
