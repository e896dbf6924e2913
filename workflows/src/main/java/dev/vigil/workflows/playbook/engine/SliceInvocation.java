package dev.vigil.workflows.playbook.engine;

/** A loop slice to run as a child workflow with id {@code input.workflowId()}. */
public record SliceInvocation(SliceInput input) {}
