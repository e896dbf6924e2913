package dev.vigil.playbook.model;

import java.util.Map;

/** An action name with templated arguments; used for {@code undo}. */
public record ActionCall(String action, Map<String, Object> with, String pointer) {}
