package dev.vigil.playbook.validation;

import dev.vigil.playbook.expression.Scope;
import dev.vigil.playbook.model.Step;
import java.util.List;

/** A step with where it sits and the local variables in scope there. */
record Placed(Step step, List<Frame> frames, Scope scope) {}
