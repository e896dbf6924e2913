package dev.vigil.playbook.expression;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.runtime.CelRuntime;
import java.util.Map;
import java.util.Set;

/**
 * A checked CEL expression ready to evaluate, with the step ids it reads (and which of their
 * attributes) through {@code steps.<id>} or {@code steps['<id>']}.
 */
public record CompiledExpression(
    String source,
    CelAbstractSyntaxTree ast,
    CelRuntime.Program program,
    Map<String, Set<String>> stepRefs) {}
