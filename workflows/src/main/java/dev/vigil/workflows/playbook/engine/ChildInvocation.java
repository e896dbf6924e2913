package dev.vigil.workflows.playbook.engine;

import dev.vigil.workflows.playbook.StartRunInput;
import java.time.Duration;

/**
 * A child playbook run.
 *
 * @param workflowId the child's workflow id: {@link StartRunInput#workflowId} of its run id
 * @param input the child's start input (its own pinned definition)
 * @param timeout run timeout, or null
 */
public record ChildInvocation(String workflowId, StartRunInput input, Duration timeout) {}
