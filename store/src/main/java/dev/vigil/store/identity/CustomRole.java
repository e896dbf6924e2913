package dev.vigil.store.identity;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's own role: a name and the permissions it grants, by their keys ({@code alert.read}).
 *
 * @param version 1 when created, one more at every change
 */
public record CustomRole(
    String tenant,
    String name,
    String description,
    List<String> permissions,
    int version,
    String createdBy,
    Instant createdAt,
    String updatedBy,
    Instant updatedAt) {

  public CustomRole {
    permissions = List.copyOf(permissions);
  }
}
