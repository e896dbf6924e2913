package dev.vigil.api.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.system.TenantEvents;
import dev.vigil.playbook.json.Json;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Live approval changes for the inbox: PostgreSQL notifies {@code vigil_approvals} when an approval
 * opens, changes or closes; each tenant's streams get {@code approval} events.
 */
@Component
public class ApprovalEvents extends TenantEvents {

  public ApprovalEvents(DataSource dataSource) {
    super(dataSource, "vigil_approvals", "approval");
  }

  @Override
  protected String data(String tenant, JsonNode n) {
    return Json.write(
        Map.of(
            "runId", n.path("runId").asText(),
            "stepId", n.path("stepId").asText(),
            "status", n.path("status").asText()));
  }
}
