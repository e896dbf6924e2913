package dev.vigil.detections.format;

/** A record that cannot be turned into events: where (JSON Pointer inside the record) and why. */
public final class RecordException extends RuntimeException {
  private final String pointer;

  public RecordException(String pointer, String message) {
    super(message, null, false, false);
    this.pointer = pointer;
  }

  /** JSON Pointer inside the record, {@code ""} for the record itself. */
  public String pointer() {
    return pointer;
  }
}
