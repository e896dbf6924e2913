package dev.vigil.api.incident;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.system.TenantEvents;
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
  private final com.fasterxml.jackson.databind.ObjectMapper json;

  /**
   * @param json the API's own mapper, so an item reads as it does in {@code GET /incidents} (ISO
   *     times)
   */
  public IncidentEvents(
      DataSource dataSource,
      IncidentReads reads,
      com.fasterxml.jackson.databind.ObjectMapper json) {
    super(dataSource, "vigil_incidents", "incident");
    this.reads = reads;
    this.json = json;
  }

  @Override
  protected String data(String tenant, JsonNode n) {
    return reads
        .get(tenant, n.path("id").asText())
        .map(r -> write(IncidentViews.item(r)))
        .orElse(null);
  }

  private String write(Object item) {
    try {
      return json.writeValueAsString(item);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an incident item that is not JSON", e);
    }
  }
}
