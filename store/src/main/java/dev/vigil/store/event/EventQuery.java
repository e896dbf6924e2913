package dev.vigil.store.event;

import java.time.Instant;

/**
 * Filters of the event search; null means "any".
 *
 * @param user the actor's name
 * @param ip source or destination address
 * @param q full-text words over message and raw (all must occur)
 */
public record EventQuery(
    Instant from,
    Instant to,
    String category,
    String type,
    String outcome,
    String user,
    String ip,
    String q,
    int limit,
    String cursor) {}
