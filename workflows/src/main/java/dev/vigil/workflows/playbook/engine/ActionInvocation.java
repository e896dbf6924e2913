package dev.vigil.workflows.playbook.engine;

import dev.vigil.workflows.action.ActionRequest;
import java.time.Duration;

/**
 * An action call with its execution options.
 *
 * @param request what the activity receives
 * @param startToClose timeout of one attempt
 * @param retry retry policy
 * @param summary short text shown by Temporal UI, e.g. {@code block: http.request}
 * @param heartbeatTimeout heartbeat timeout of an attempt, or null (no heartbeats expected)
 * @param taskQueue task queue of the activity, or null for the run's own
 * @param waitForCancellation a cancelled run waits until the activity has really stopped (writes:
 *     whatever it did is known before a rollback starts)
 */
public record ActionInvocation(
    ActionRequest request,
    Duration startToClose,
    RetryPlan retry,
    String summary,
    Duration heartbeatTimeout,
    String taskQueue,
    boolean waitForCancellation) {}
