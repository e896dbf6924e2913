package dev.vigil.workflows.playbook;

/** One analyst's decision on an approval step. */
public record Vote(String actor, String decision, String comment, String at) {}
