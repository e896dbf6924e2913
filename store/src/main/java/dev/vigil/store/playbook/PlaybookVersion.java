package dev.vigil.store.playbook;

import java.time.Instant;

/** One published, immutable playbook version. {@code definition} is the JSON as stored. */
public record PlaybookVersion(
    String tenant,
    String key,
    int version,
    String title,
    String definition,
    String sha256,
    String publishedBy,
    Instant publishedAt) {}
