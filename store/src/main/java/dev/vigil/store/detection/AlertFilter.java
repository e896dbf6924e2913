package dev.vigil.store.detection;

import java.time.Instant;

/** Filters of the alert list; null means "any". {@code from}/{@code to} bound lastSeen. */
public record AlertFilter(
    String rule, String severity, String status, String entity, Instant from, Instant to) {}
