package dev.vigil.workflows.system;

/**
 * Every failure type Vigil raises ({@code ApplicationFailure} types and step error types), in one
 * place. Types named in an action's {@code nonRetryableErrors} are never retried.
 */
public final class FailureTypes {

  /** The action's input is wrong; retrying cannot help. */
  public static final String INVALID_INPUT = "InvalidInput";

  /** The run's inputs do not match the playbook's input schema. */
  public static final String INVALID_RUN_INPUTS = "InvalidRunInputs";

  /** The definition handed to a run does not validate. */
  public static final String INVALID_DEFINITION = "InvalidDefinition";

  /** An expression failed at run time; the error names the expression and its pointer. */
  public static final String EXPRESSION_ERROR = "ExpressionError";

  /** A {@code fail} step. */
  public static final String PLAYBOOK_FAILED = "PlaybookFailed";

  /** An action failed (the action's own type is kept when it has one). */
  public static final String ACTION_FAILED = "ActionFailed";

  /** A step ran past its {@code timeout}. */
  public static final String STEP_TIMEOUT = "StepTimeout";

  public static final String LIMIT_EXCEEDED = "LimitExceeded";

  /** The tenant's plan does not allow the work (a limit reached, a module not in it). */
  public static final String PLAN_LIMIT = "PlanLimit";

  public static final String CANCELLED = "Cancelled";

  /** An approval was rejected and the step says {@code onReject: fail}. */
  public static final String APPROVAL_REJECTED = "ApprovalRejected";

  /** An approval timed out and the step says {@code onTimeout: fail}. */
  public static final String APPROVAL_TIMED_OUT = "ApprovalTimedOut";

  /** A child playbook run failed. */
  public static final String CHILD_FAILED = "ChildPlaybookFailed";

  /** The whole run failed (the workflow's own failure type). */
  public static final String RUN_FAILED = "PlaybookRunFailed";

  /** HTTP: host not in the allowlist. */
  public static final String HOST_NOT_ALLOWED = "HostNotAllowed";

  /** A secret named by a step is not configured on the worker. */
  public static final String SECRET_NOT_FOUND = "SecretNotFound";

  /** HTTP 4xx (except 408 and 429): the request is wrong; not retried. */
  public static final String HTTP_CLIENT_ERROR = "HttpClientError";

  /** HTTP 5xx, 408, 429 or a transport error: retried. */
  public static final String HTTP_SERVER_ERROR = "HttpServerError";

  /** Decision refused: the step does not exist. */
  public static final String DECISION_UNKNOWN_STEP = "UnknownStep";

  /** Decision refused: the step is not waiting for a decision. */
  public static final String DECISION_NOT_WAITING = "StepNotWaiting";

  /** Decision refused: this actor already voted on this step. */
  public static final String DECISION_DUPLICATE_VOTE = "DuplicateVote";

  /** Decision refused: whoever started the run may not approve it (four-eyes). */
  public static final String DECISION_FOUR_EYES = "FourEyes";

  /** Decision refused: the actor is neither a named approver nor in an approver role. */
  public static final String DECISION_NOT_ALLOWED = "NotAnApprover";

  /** Decision refused: malformed (unknown decision, missing actor). */
  public static final String DECISION_INVALID = "InvalidDecision";

  /** Incident change refused: the caller may not change incidents (or is of another tenant). */
  public static final String INCIDENT_FORBIDDEN = "IncidentForbidden";

  /** Incident change refused: the status cannot go there from where it is. */
  public static final String INCIDENT_ILLEGAL_TRANSITION = "IllegalTransition";

  /** Incident change refused: malformed (unknown severity, missing reason, empty comment …). */
  public static final String INCIDENT_INVALID = "InvalidIncidentChange";

  /** Incident change refused by its state (open mandatory tasks, already merged …). */
  public static final String INCIDENT_CONFLICT = "IncidentConflict";

  /** Incident change refused: the task or alert it names is not part of the incident. */
  public static final String INCIDENT_ITEM_NOT_FOUND = "IncidentItemNotFound";

  /** The incident a playbook action names does not exist (or is no longer open for changes). */
  public static final String INCIDENT_NOT_FOUND = "IncidentNotFound";

  private FailureTypes() {}
}
