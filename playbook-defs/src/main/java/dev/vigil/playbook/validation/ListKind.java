package dev.vigil.playbook.validation;

/** How a step list is entered, which decides whether its steps may be skipped. */
enum ListKind {
  SEQUENCE,
  BRANCH,
  LOOP,
  PARALLEL_ALL,
  PARALLEL_ANY,
  HANDLER
}
