package dev.vigil.store.run;

import java.time.Instant;

/** Filters of the run list; null fields do not filter. */
public record RunFilter(
    String status, String playbook, String startedBy, Instant from, Instant to) {}
