package dev.vigil.playbook.validation;

import dev.vigil.playbook.model.Step;

/** One level of a step's position: the list it sits in and its index there. */
record Frame(String listId, int index, ListKind kind, Step step) {
  boolean samePlace(Frame o) {
    return listId.equals(o.listId) && index == o.index;
  }
}
