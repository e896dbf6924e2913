package dev.vigil.store.playbook;

import java.time.Instant;

/** A playbook key with its latest version. */
public record PlaybookSummary(
    String key,
    String title,
    int latestVersion,
    int versions,
    String publishedBy,
    Instant publishedAt) {}
