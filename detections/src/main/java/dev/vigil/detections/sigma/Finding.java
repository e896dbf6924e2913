package dev.vigil.detections.sigma;

/**
 * A construct of a Sigma document that the translator cannot express faithfully. {@code pointer} is
 * a JSON Pointer into the Sigma document (prefixed with the document's index, {@code /1/…}, when
 * the YAML holds several documents); the API turns findings into a 422.
 */
public record Finding(String pointer, String message) {}
