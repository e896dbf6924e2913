package dev.vigil.api.approval;

import dev.vigil.api.run.RunViews;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.PageLimits;
import dev.vigil.api.system.PageView;
import dev.vigil.store.approval.ApprovalRecord;
import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.system.Page;
import java.util.Set;
import org.springframework.stereotype.Service;

/** The approvals inbox (decisions are made on the run: POST /runs/{runId}/approvals/{stepId}). */
@Service
public class ApprovalInbox {

  private static final Set<String> STATUSES = ApprovalRecord.STATUSES;

  private final ApprovalRepository approvals;
  private final ApprovalEvents events;

  public ApprovalInbox(ApprovalRepository approvals, ApprovalEvents events) {
    this.approvals = approvals;
    this.events = events;
  }

  /**
   * Server-Sent Events: {@code approval} events ({@code {runId, stepId, status}}) whenever an
   * approval of the caller's tenant opens, receives a vote's outcome or closes — the inbox reloads
   * on them.
   */
  public org.springframework.web.servlet.mvc.method.annotation.SseEmitter stream(Actor actor) {
    return events.subscribe(actor.tenant());
  }

  public PageView<RunViews.ApprovalView> list(
      Actor actor, String status, Integer limit, String cursor) {
    if (!STATUSES.contains(status)) {
      throw ApiException.invalid(
          "/status", "status must be one of " + new java.util.TreeSet<>(STATUSES));
    }
    int n = PageLimits.of(limit);
    Page<ApprovalRecord> page = approvals.list(actor.tenant(), status, n, cursor);
    return PageView.of(page, RunViews::approval);
  }
}
