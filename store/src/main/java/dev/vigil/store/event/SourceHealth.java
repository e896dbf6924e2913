package dev.vigil.store.event;

import java.time.Instant;

/**
 * One source of a tenant's events (format + the system that sent them) and how lively it is.
 *
 * @param system the sending system ({@code ""} when the format names none)
 * @param lastReceived when Vigil last received an event from it
 * @param silentAlertId the open "source silent" alert, or null while it sends
 */
public record SourceHealth(
    String format,
    String system,
    Instant firstEvent,
    Instant lastEvent,
    Instant firstReceived,
    Instant lastReceived,
    long eventsLastHour,
    long eventsLastDay,
    String silentAlertId) {}
