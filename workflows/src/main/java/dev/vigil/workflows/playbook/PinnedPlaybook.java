package dev.vigil.workflows.playbook;

/**
 * An exact playbook version as a run pins it.
 *
 * @param key playbook key
 * @param version published version (0 for an unpublished definition, e.g. a bundled one in tests)
 * @param definition the JSON definition
 */
public record PinnedPlaybook(String key, long version, String definition) {}
