package dev.vigil.workflows.playbook.engine;

import dev.vigil.workflows.playbook.StartRunInput;
import java.util.List;
import java.util.Map;

/**
 * Input of a loop slice: a contiguous part of a large {@code forEach} run as a child workflow so
 * that no single history grows large. It carries only what the loop body reads: the run inputs,
 * step entries, variables and child playbooks the body does not reference are left out.
 *
 * @param run the run (or child run) whose definition holds the loop, trimmed to what the body reads
 * @param stepId the forEach step
 * @param items this slice's items
 * @param offset index of the first item in the whole list
 * @param concurrency iterations at a time
 * @param steps the step entries visible to the loop ({@code steps.<id>}) that the body reads
 * @param vars run variables
 * @param locals variables of enclosing loops / handlers
 * @param path iteration path of the loop inside the run (prefix of child run ids and approval keys)
 * @param workflowId this slice's workflow id
 * @param runWorkflowId workflow id of the run that owns the slice's approvals
 */
public record SliceInput(
    StartRunInput run,
    String stepId,
    List<Object> items,
    long offset,
    long concurrency,
    Map<String, Object> steps,
    Map<String, Object> vars,
    Map<String, Object> locals,
    String path,
    String workflowId,
    String runWorkflowId) {}
