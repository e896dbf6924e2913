package dev.vigil.api.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.system.TenantEvents;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Live scan changes for the Scans screen: PostgreSQL notifies {@code vigil_scans} whenever a scan's
 * row changes (queued, claimed, each progress heartbeat, finished); each tenant's streams get a
 * {@code scan} event with the scan as {@code GET /api/v1/scans} lists it (status, progress, summary
 * — no findings, which a client reads once the scan has ended).
 */
@Component
public class ScanStream extends TenantEvents {

  private final Scans scans;
  private final ObjectMapper json;

  /**
   * @param json the API's own mapper, so an item reads as it does in the list (ISO times)
   */
  public ScanStream(DataSource dataSource, Scans scans, ObjectMapper json) {
    super(dataSource, "vigil_scans", "scan");
    this.scans = scans;
    this.json = json;
  }

  @Override
  protected String data(String tenant, JsonNode n) {
    return scans.item(tenant, n.path("id").asText()).map(this::write).orElse(null);
  }

  private String write(Object item) {
    try {
      return json.writeValueAsString(item);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a scan item that is not JSON", e);
    }
  }
}
