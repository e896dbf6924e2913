package dev.vigil.api.approval;

import dev.vigil.api.run.RunViews;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import dev.vigil.store.approval.ApprovalRecord;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The approvals inbox (decisions are made on the run: POST /runs/{runId}/approvals/{stepId}). */
@RestController
@RequestMapping("/api/v1/approvals")
public class ApprovalController {

  private final ApprovalInbox service;

  public ApprovalController(ApprovalInbox service) {
    this.service = service;
  }

  @GetMapping(path = "/stream", produces = "text/event-stream")
  @Requires(Permission.APPROVAL_READ)
  public org.springframework.web.servlet.mvc.method.annotation.SseEmitter stream(Actor actor) {
    return service.stream(actor);
  }

  @GetMapping
  @Requires(Permission.APPROVAL_READ)
  public PageView<RunViews.ApprovalView> list(
      Actor actor,
      @RequestParam(defaultValue = ApprovalRecord.PENDING) String status,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return service.list(actor, status, limit, cursor);
  }
}
