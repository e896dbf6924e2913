package dev.vigil.detections.mitre;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MITRE ATT&CK® Enterprise catalogue, bundled as data ({@code mitre/}, extracted unchanged from
 * ATT&CK v18.1; © The MITRE Corporation, reproduced under its licence, {@code mitre/LICENSE.txt}):
 * every technique and sub-technique with its name and tactics, and the tactics. Rules and alerts
 * name techniques by id; this is how they get their names, and how an id that is not ATT&CK's is
 * refused.
 */
public final class MitreAttack {

  /**
   * @param tactics the tactics' short names ({@code credential-access})
   * @param deprecated MITRE no longer maintains it
   * @param revoked MITRE replaced it with another technique
   */
  public record Technique(
      String id,
      String name,
      List<String> tactics,
      String subtechniqueOf,
      boolean deprecated,
      boolean revoked,
      String url) {}

  public record Tactic(String id, String shortname, String name, String url) {}

  private static final MitreAttack BUNDLED = load();

  private final String version;
  private final Map<String, Technique> techniques;
  private final Map<String, Tactic> tactics;

  private MitreAttack(
      String version, Map<String, Technique> techniques, Map<String, Tactic> tactics) {
    this.version = version;
    this.techniques = techniques;
    this.tactics = tactics;
  }

  public static MitreAttack bundled() {
    return BUNDLED;
  }

  /** The ATT&CK version of the catalogue, e.g. {@code 18.1}. */
  public String version() {
    return version;
  }

  public List<Technique> techniques() {
    return List.copyOf(techniques.values());
  }

  public List<Tactic> tactics() {
    return List.copyOf(tactics.values());
  }

  /** A technique ({@code T1110}, {@code T1110.001}), case-insensitive. */
  public Optional<Technique> technique(String id) {
    return Optional.ofNullable(
        id == null ? null : techniques.get(id.trim().toUpperCase(java.util.Locale.ROOT)));
  }

  /** A tactic by id ({@code TA0006}) or short name ({@code credential-access}). */
  public Optional<Tactic> tactic(String idOrShortname) {
    if (idOrShortname == null) {
      return Optional.empty();
    }
    String k = idOrShortname.trim();
    Tactic byId = tactics.get(k.toUpperCase(java.util.Locale.ROOT));
    if (byId != null) {
      return Optional.of(byId);
    }
    return tactics.values().stream().filter(t -> t.shortname().equals(k)).findFirst();
  }

  /** Whether {@code id} is a technique or a tactic of the catalogue. */
  public boolean known(String id) {
    return technique(id).isPresent()
        || (id != null && tactics.containsKey(id.trim().toUpperCase(java.util.Locale.ROOT)));
  }

  private static MitreAttack load() {
    ObjectMapper json = new ObjectMapper();
    try {
      JsonNode t = read(json, "/mitre/enterprise-techniques.json");
      JsonNode a = read(json, "/mitre/enterprise-tactics.json");
      Map<String, Technique> techniques = new LinkedHashMap<>();
      for (JsonNode n : t.path("techniques")) {
        List<String> tactics = new ArrayList<>();
        n.path("tactics").forEach(x -> tactics.add(x.asText()));
        techniques.put(
            n.path("id").asText(),
            new Technique(
                n.path("id").asText(),
                n.path("name").asText(),
                List.copyOf(tactics),
                n.path("subtechniqueOf").isNull() ? null : n.path("subtechniqueOf").asText(),
                n.path("deprecated").asBoolean(),
                n.path("revoked").asBoolean(),
                n.path("url").asText()));
      }
      Map<String, Tactic> tactics = new LinkedHashMap<>();
      for (JsonNode n : a.path("tactics")) {
        tactics.put(
            n.path("id").asText(),
            new Tactic(
                n.path("id").asText(),
                n.path("shortname").asText(),
                n.path("name").asText(),
                n.path("url").asText()));
      }
      return new MitreAttack(t.path("attackVersion").asText(), Map.copyOf(techniques), tactics);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(ObjectMapper json, String resource) throws IOException {
    try (InputStream in = MitreAttack.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing");
      }
      return json.readTree(in);
    }
  }
}
