package dev.vigil.store.run;

/** One step state to store: its position in the definition and its state as JSON-like value. */
public record StepRow(String stepId, int position, Object state) {}
