package dev.vigil.store.event;

import java.time.Instant;

/**
 * A committed ingest batch as the detection consumer reads it.
 *
 * @param batchId the tenant's batch number (commit order)
 * @param chunkId what its events are tagged with
 * @param receivedAt when the API committed it (the detection lag is measured from here)
 */
public record StoredBatch(
    long batchId,
    long chunkId,
    int accepted,
    Instant minTime,
    Instant maxTime,
    Instant receivedAt) {}
