package dev.vigil.store.event;

import java.time.Instant;

/** A committed ingest batch as the detection consumer reads it. */
public record StoredBatch(long batchId, int accepted, Instant minTime, Instant maxTime) {}
