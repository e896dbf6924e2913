package dev.vigil.workflows.playbook.engine;

import java.time.Duration;
import java.util.List;

/** The effective retry policy of one action call (step's retry merged over the action default). */
public record RetryPlan(
    int maxAttempts,
    Duration initialInterval,
    double backoffCoefficient,
    Duration maximumInterval,
    List<String> nonRetryable) {}
