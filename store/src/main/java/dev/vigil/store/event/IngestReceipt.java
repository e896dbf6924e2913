package dev.vigil.store.event;

/**
 * What an ingest commit answered.
 *
 * @param replayed true when the Idempotency-Key was seen before and nothing was written
 * @param response the JSON answer of the batch (the earlier one when replayed)
 */
public record IngestReceipt(long batchId, boolean replayed, String response) {}
