package dev.vigil.api.incident;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.system.TenantEvents;
import dev.vigil.playbook.json.Json;
import dev.vigil.store.incident.IncidentReads;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Live incident changes for the queue: PostgreSQL notifies {@code vigil_incidents} when an
 * incident's row changes; each tenant's streams get an {@code incident} event with the list item.
 */
@Component
public class IncidentEvents extends TenantEvents {

  private final IncidentReads reads;

  public IncidentEvents(DataSource dataSource, IncidentReads reads) {
    super(dataSource, "vigil_incidents", "incident");
    this.reads = reads;
  }

  @Override
  protected String data(String tenant, JsonNode n) {
    return reads
        .get(tenant, n.path("id").asText())
        .map(r -> Json.write(IncidentViews.item(r)))
        .orElse(null);
  }
}
