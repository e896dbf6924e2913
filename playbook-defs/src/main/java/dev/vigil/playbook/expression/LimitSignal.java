package dev.vigil.playbook.expression;

import dev.cel.common.CelErrorCode;
import dev.cel.common.exceptions.CelRuntimeException;

/**
 * Carries a limit failure (or an interruption) out of CEL. It is a {@link CelRuntimeException}
 * because CEL passes those through as they are, whereas it wraps any other exception thrown by a
 * function in a message that prints every argument, which for an over-limit value is the very thing
 * to avoid. {@code Expressions} unwraps it again.
 */
final class LimitSignal extends CelRuntimeException {

  LimitSignal(RuntimeException reason) {
    super(reason, CelErrorCode.INVALID_ARGUMENT);
  }

  RuntimeException reason() {
    return (RuntimeException) getCause();
  }
}
