package dev.vigil.store.detection;

import java.time.Instant;

/**
 * One published version of a detection rule.
 *
 * @param enabled whether the tenant has the rule on (its setting, else the definition's default)
 */
public record RuleVersion(
    String tenant,
    String key,
    int version,
    String title,
    String kind,
    String severity,
    String definition,
    String origin,
    Instant createdAt,
    String createdBy,
    boolean enabled) {}
