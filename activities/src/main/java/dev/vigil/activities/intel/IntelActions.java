package dev.vigil.activities.intel;

import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.system.ActionException;
import dev.vigil.activities.system.ActionHandler;
import dev.vigil.playbook.model.Durations;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.store.intel.IntelCache;
import dev.vigil.workflows.system.FailureTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The {@code intel.*} actions: VirusTotal, AbuseIPDB, Shodan and AlienVault OTX through the
 * tenant's connections, each answer a normalised verdict {@code {score 0-100, malicious,
 * categories, raw}}. A verdict is kept (per tenant, provider and indicator) for the connection's
 * {@code cacheTtl}, one hour by default, so an indicator is not looked up twice in that time; each
 * connection has a request budget a minute ({@code requestsPerMinute}, the free tier's by default)
 * and a lookup beyond it waits its turn — as does one the service answers with 429. {@code
 * intel.lookup} asks every intelligence connection of the tenant that knows the indicator's kind
 * and merges their verdicts.
 */
public final class IntelActions {

  static final List<IntelProvider> PROVIDERS =
      List.of(
          new Providers.VirusTotal(),
          new Providers.AbuseIpdb(),
          new Providers.Shodan(),
          new Providers.Otx());

  private final ConnectionResolver connections;
  private final ConnectionRepository repo;
  private final IntelCache cache;
  private final Clock clock;
  private final RateGate gate;

  public IntelActions(
      ConnectionResolver connections, ConnectionRepository repo, IntelCache cache, Clock clock) {
    this.connections = connections;
    this.repo = repo;
    this.cache = cache;
    this.clock = clock;
    this.gate = new RateGate(clock);
  }

  public record IndicatorInput(String connection, String indicator) {}

  public record IpInput(String connection, String ip) {}

  public record LookupInput(String indicator, String kind) {}

  public List<ActionHandler<?>> all() {
    List<ActionHandler<?>> all = new ArrayList<>();
    for (String kind : Indicators.KINDS) {
      all.add(
          ActionHandler.of(
              "intel.virustotal." + kind,
              IndicatorInput.class,
              (in, ctx) -> one(ctx.tenant(), "virustotal", in.connection(), kind, in.indicator())));
    }
    all.add(
        ActionHandler.of(
            "intel.abuseipdb.check",
            IpInput.class,
            (in, ctx) -> one(ctx.tenant(), "abuseipdb", in.connection(), "ip", in.ip())));
    all.add(
        ActionHandler.of(
            "intel.shodan.host",
            IpInput.class,
            (in, ctx) -> one(ctx.tenant(), "shodan", in.connection(), "ip", in.ip())));
    all.add(
        ActionHandler.of(
            "intel.otx.indicator",
            IndicatorInput.class,
            (in, ctx) ->
                one(
                    ctx.tenant(),
                    "otx",
                    in.connection(),
                    Indicators.kindOf(in.indicator()),
                    in.indicator())));
    all.add(
        ActionHandler.of("intel.lookup", LookupInput.class, (in, ctx) -> lookup(ctx.tenant(), in)));
    return all;
  }

  /** One provider's verdict on one indicator, from the cache when it is fresh. */
  Map<String, Object> one(
      String tenant, String provider, String connection, String kind, String raw) {
    String indicator = Indicators.require(kind, raw);
    IntelProvider p = provider(provider);
    ResolvedConnection c = connections.resolve(tenant, connection, provider);
    Instant now = clock.instant();
    var hit = cache.fresh(tenant, provider, kind, indicator, now);
    if (hit.isPresent()) {
      return answer(p, c, kind, indicator, hit.get().verdict(), true, hit.get().fetchedAt());
    }
    int perMinute =
        ((Number) c.config().getOrDefault("requestsPerMinute", p.defaultPerMinute())).intValue();
    gate.take(tenant + "/" + connection, perMinute, provider);
    Verdict v = p.lookup(c, kind, indicator);
    Duration ttl =
        Durations.parse(String.valueOf(c.config().getOrDefault("cacheTtl", "1h")))
            .orElse(Duration.ofHours(1));
    Map<String, Object> verdict = v.toMap();
    cache.put(tenant, provider, kind, indicator, verdict, now, now.plus(ttl));
    return answer(p, c, kind, indicator, verdict, false, now);
  }

  /**
   * Every intelligence connection that knows the kind, merged: the highest score, any malicious.
   */
  Map<String, Object> lookup(String tenant, LookupInput in) {
    String kind =
        in.kind() == null || in.kind().isBlank() ? Indicators.kindOf(in.indicator()) : in.kind();
    if (!Indicators.KINDS.contains(kind)) {
      throw new ActionException(
          FailureTypes.INVALID_INPUT, "kind must be one of " + Indicators.KINDS);
    }
    String indicator = Indicators.require(kind, in.indicator());
    List<Map<String, Object>> sources = new ArrayList<>();
    List<Map<String, Object>> failed = new ArrayList<>();
    int score = 0;
    boolean malicious = false;
    LinkedHashSet<String> categories = new LinkedHashSet<>();
    for (var c : repo.list(tenant)) {
      IntelProvider p =
          PROVIDERS.stream()
              .filter(x -> x.provider().equals(c.provider()))
              .findFirst()
              .orElse(null);
      if (p == null || !p.kinds().contains(kind)) {
        continue;
      }
      Map<String, Object> v;
      try {
        v = one(tenant, p.provider(), c.name(), kind, indicator);
      } catch (ActionException e) {
        if (IntelHttp.UNAVAILABLE.equals(e.type())) {
          throw e; // wait and ask again: the verdicts already fetched are cached
        }
        failed.add(
            Map.of("connection", c.name(), "provider", p.provider(), "error", e.getMessage()));
        continue;
      }
      sources.add(v);
      if (Boolean.TRUE.equals(v.get("found"))) {
        score = Math.max(score, ((Number) v.get("score")).intValue());
      }
      malicious |= Boolean.TRUE.equals(v.get("malicious"));
      @SuppressWarnings("unchecked")
      List<String> cats = (List<String>) v.get("categories");
      categories.addAll(cats);
    }
    if (sources.isEmpty() && failed.isEmpty()) {
      throw new ActionException(
          "IntelNotConfigured",
          "no threat-intelligence connection knows "
              + kind
              + " indicators: add a virustotal,"
              + " abuseipdb, shodan or otx connection");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("indicator", indicator);
    out.put("kind", kind);
    out.put("score", score);
    out.put("malicious", malicious);
    out.put("categories", new ArrayList<>(categories));
    out.put("sources", sources);
    out.put("failed", failed);
    return out;
  }

  private static IntelProvider provider(String name) {
    return PROVIDERS.stream().filter(p -> p.provider().equals(name)).findFirst().orElseThrow();
  }

  private static Map<String, Object> answer(
      IntelProvider p,
      ResolvedConnection c,
      String kind,
      String indicator,
      Map<String, Object> verdict,
      boolean cached,
      Instant fetchedAt) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("provider", p.provider());
    out.put("connection", c.name());
    out.put("kind", kind);
    out.put("indicator", indicator);
    out.putAll(verdict);
    out.put("sources", List.of(p.provider()));
    out.put("cached", cached);
    out.put("fetchedAt", fetchedAt.toString());
    return out;
  }
}
