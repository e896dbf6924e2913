package dev.vigil.activities.intel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.connection.ResolvedConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The four services, each read as its API reference documents its answers. */
final class Providers {

  private Providers() {}

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * VirusTotal API v3: {@code GET /ip_addresses/{ip}}, {@code /domains/{domain}}, {@code
   * /urls/{base64url(url) without padding}}, {@code /files/{hash}} with {@code x-apikey}. The score
   * is the share of engines calling it malicious (suspicious ones count half); malicious when two
   * or more engines say so.
   */
  static final class VirusTotal implements IntelProvider {
    @Override
    public String provider() {
      return "virustotal";
    }

    @Override
    public int defaultPerMinute() {
      return 4;
    }

    @Override
    public Set<String> kinds() {
      return Set.of("ip", "domain", "url", "file");
    }

    @Override
    public Verdict lookup(ResolvedConnection c, String kind, String indicator) {
      String path =
          switch (kind) {
            case "ip" -> "/ip_addresses/" + enc(indicator);
            case "domain" -> "/domains/" + enc(indicator);
            case "url" ->
                "/urls/"
                    + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(indicator.getBytes(StandardCharsets.UTF_8));
            default -> "/files/" + enc(indicator);
          };
      String base = IntelProvider.base(c, "https://www.virustotal.com/api/v3");
      return IntelHttp.get(
              c, "VirusTotal", URI.create(base + path), Map.of("x-apikey", IntelProvider.key(c)))
          .map(VirusTotal::verdict)
          .orElse(Verdict.unknown());
    }

    static Verdict verdict(JsonNode answer) {
      JsonNode a = answer.path("data").path("attributes");
      JsonNode stats = a.path("last_analysis_stats");
      int malicious = stats.path("malicious").asInt();
      int suspicious = stats.path("suspicious").asInt();
      int total = 0;
      for (String k : List.of("harmless", "malicious", "suspicious", "undetected", "timeout")) {
        total += stats.path(k).asInt();
      }
      int score = total == 0 ? 0 : (int) Math.round(100.0 * (malicious + 0.5 * suspicious) / total);
      List<String> categories = new ArrayList<>(texts(a.path("tags")));
      a.path("categories").forEach(v -> categories.add(v.asText()));
      JsonNode threat = a.path("popular_threat_classification").path("suggested_threat_label");
      if (threat.isTextual()) {
        categories.add(threat.asText());
      }
      Map<String, Object> raw = new LinkedHashMap<>();
      raw.put("last_analysis_stats", dev.vigil.playbook.json.Json.toJava(stats));
      raw.put("reputation", a.path("reputation").asInt());
      if (a.has("country")) {
        raw.put("country", a.path("country").asText());
      }
      if (a.has("as_owner")) {
        raw.put("as_owner", a.path("as_owner").asText());
      }
      return new Verdict(score, malicious >= 2, categories, true, raw);
    }
  }

  /**
   * AbuseIPDB API v2: {@code GET /check?ipAddress=&maxAgeInDays=} with {@code Key}; the score is
   * its abuse confidence; malicious from 75 (AbuseIPDB's own blocking suggestion).
   */
  static final class AbuseIpdb implements IntelProvider {
    @Override
    public String provider() {
      return "abuseipdb";
    }

    @Override
    public int defaultPerMinute() {
      return 60;
    }

    @Override
    public Set<String> kinds() {
      return Set.of("ip");
    }

    @Override
    public Verdict lookup(ResolvedConnection c, String kind, String ip) {
      int days = ((Number) c.config().getOrDefault("maxAgeInDays", 90)).intValue();
      String base = IntelProvider.base(c, "https://api.abuseipdb.com/api/v2");
      URI url = URI.create(base + "/check?ipAddress=" + enc(ip) + "&maxAgeInDays=" + days);
      return IntelHttp.get(c, "AbuseIPDB", url, Map.of("Key", IntelProvider.key(c)))
          .map(AbuseIpdb::verdict)
          .orElse(Verdict.unknown());
    }

    static Verdict verdict(JsonNode answer) {
      JsonNode d = answer.path("data");
      int score = d.path("abuseConfidenceScore").asInt();
      List<String> categories = new ArrayList<>();
      if (d.path("usageType").isTextual()) {
        categories.add(d.path("usageType").asText());
      }
      if (d.path("isTor").asBoolean(false)) {
        categories.add("tor");
      }
      Map<String, Object> raw = new LinkedHashMap<>();
      for (String f :
          List.of(
              "abuseConfidenceScore",
              "totalReports",
              "numDistinctUsers",
              "lastReportedAt",
              "countryCode",
              "isp",
              "domain",
              "isWhitelisted")) {
        if (d.has(f) && !d.get(f).isNull()) {
          raw.put(f, dev.vigil.playbook.json.Json.toJava(d.get(f)));
        }
      }
      boolean whitelisted = d.path("isWhitelisted").asBoolean(false);
      return new Verdict(
          whitelisted ? 0 : score, !whitelisted && score >= 75, categories, true, raw);
    }
  }

  /**
   * Shodan: {@code GET /shodan/host/{ip}?key=}. Shodan describes exposure, not reputation: the
   * score grows with known vulnerabilities and open ports; malicious when Shodan tags the host
   * {@code malware}, {@code compromised} or {@code c2}.
   */
  static final class Shodan implements IntelProvider {
    static final Set<String> BAD = Set.of("malware", "compromised", "c2", "botnet");

    @Override
    public String provider() {
      return "shodan";
    }

    @Override
    public int defaultPerMinute() {
      return 60;
    }

    @Override
    public Set<String> kinds() {
      return Set.of("ip");
    }

    @Override
    public Verdict lookup(ResolvedConnection c, String kind, String ip) {
      String base = IntelProvider.base(c, "https://api.shodan.io");
      URI url = URI.create(base + "/shodan/host/" + enc(ip) + "?key=" + enc(IntelProvider.key(c)));
      return IntelHttp.get(c, "Shodan", url, Map.of())
          .map(Shodan::verdict)
          .orElse(Verdict.unknown());
    }

    static Verdict verdict(JsonNode h) {
      List<String> tags = texts(h.path("tags"));
      int vulns = h.path("vulns").size();
      int ports = h.path("ports").size();
      boolean bad = tags.stream().anyMatch(BAD::contains);
      int score = bad ? 90 : Math.min(80, vulns * 10 + Math.max(0, ports - 2) * 2);
      Map<String, Object> raw = new LinkedHashMap<>();
      raw.put("ports", dev.vigil.playbook.json.Json.toJava(h.path("ports")));
      raw.put("vulns", vulns);
      for (String f : List.of("org", "isp", "os", "country_code", "asn")) {
        if (h.has(f) && !h.get(f).isNull()) {
          raw.put(f, h.get(f).asText());
        }
      }
      raw.put("hostnames", dev.vigil.playbook.json.Json.toJava(h.path("hostnames")));
      return new Verdict(score, bad, tags, true, raw);
    }
  }

  /**
   * AlienVault OTX: {@code GET /indicators/{IPv4|IPv6|domain|url|file}/{indicator}/general} with
   * {@code X-OTX-API-KEY}. The score grows with the pulses (community reports) that name it;
   * malicious from three pulses; the categories are the pulses' tags.
   */
  static final class Otx implements IntelProvider {
    @Override
    public String provider() {
      return "otx";
    }

    @Override
    public int defaultPerMinute() {
      return 60;
    }

    @Override
    public Set<String> kinds() {
      return Set.of("ip", "domain", "url", "file");
    }

    @Override
    public Verdict lookup(ResolvedConnection c, String kind, String indicator) {
      String section =
          switch (kind) {
            case "ip" -> indicator.contains(":") ? "IPv6" : "IPv4";
            case "domain" -> "domain";
            case "url" -> "url";
            default -> "file";
          };
      String base = IntelProvider.base(c, "https://otx.alienvault.com/api/v1");
      URI url = URI.create(base + "/indicators/" + section + "/" + enc(indicator) + "/general");
      return IntelHttp.get(c, "OTX", url, Map.of("X-OTX-API-KEY", IntelProvider.key(c)))
          .map(Otx::verdict)
          .orElse(Verdict.unknown());
    }

    static Verdict verdict(JsonNode g) {
      JsonNode info = g.path("pulse_info");
      int pulses = info.path("count").asInt();
      List<String> tags = new ArrayList<>();
      info.path("pulses")
          .forEach(
              p ->
                  p.path("tags")
                      .forEach(t -> tags.add(t.asText().toLowerCase(java.util.Locale.ROOT))));
      Map<String, Object> raw = new LinkedHashMap<>();
      raw.put("pulses", pulses);
      List<String> names = new ArrayList<>();
      info.path("pulses").forEach(p -> names.add(p.path("name").asText()));
      raw.put("pulseNames", names.stream().limit(10).toList());
      if (g.has("reputation")) {
        raw.put("reputation", g.path("reputation").asInt());
      }
      return new Verdict(Math.min(100, pulses * 20), pulses >= 3, tags, pulses > 0, raw);
    }
  }
}
