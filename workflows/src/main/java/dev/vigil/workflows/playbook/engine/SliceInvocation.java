package dev.vigil.workflows.playbook.engine;

/** A loop slice to run as a child; {@code childKey} makes its workflow id unique. */
public record SliceInvocation(String childKey, SliceInput input) {}
