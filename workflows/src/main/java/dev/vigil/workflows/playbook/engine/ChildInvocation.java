package dev.vigil.workflows.playbook.engine;

import dev.vigil.workflows.playbook.StartRunInput;
import java.time.Duration;

/**
 * A child playbook run.
 *
 * @param childKey unique suffix of the child's workflow id within the parent
 * @param input the child's start input (its own pinned definition)
 * @param timeout run timeout, or null
 */
public record ChildInvocation(String childKey, StartRunInput input, Duration timeout) {}
