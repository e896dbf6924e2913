package dev.vigil.workflows.action;

/**
 * Asks the action activity to record its step's successful end in the system of record itself,
 * saving the run a separate projection round trip. {@code seq} is reserved by the run for this
 * write, so the write is idempotent and never overtakes later transitions.
 *
 * @param seq the run's projection sequence number reserved for this step end
 * @param position the step's position in the definition
 * @param kind step kind key
 * @param startedAt ISO-8601 instant the step started
 */
public record StepProjection(long seq, int position, String kind, String startedAt) {}
