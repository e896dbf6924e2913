package dev.vigil.playbook.validation;

/**
 * One validation result.
 *
 * @param severity error (blocks publishing and running) or warning
 * @param pointer JSON Pointer (RFC 6901) of the offending value; "" is the whole document
 * @param message what is wrong
 * @param hint how to fix it, or null
 */
public record Finding(Severity severity, String pointer, String message, String hint) {

  public enum Severity {
    ERROR,
    WARNING;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static Finding error(String pointer, String message) {
    return new Finding(Severity.ERROR, pointer, message, null);
  }

  public static Finding error(String pointer, String message, String hint) {
    return new Finding(Severity.ERROR, pointer, message, hint);
  }

  public static Finding warning(String pointer, String message, String hint) {
    return new Finding(Severity.WARNING, pointer, message, hint);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code POINTER: error|warning: MESSAGE (hint)} as the CLI prints it. */
  public String format() {
    return (pointer.isEmpty() ? "/" : pointer)
        + ": "
        + severity.label()
        + ": "
        + message
        + (hint == null ? "" : " (" + hint + ")");
  }
}
