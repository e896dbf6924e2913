package dev.vigil.bench;

import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.detection.AlertFilter;
import dev.vigil.store.detection.AlertRecord;
import dev.vigil.store.detection.AlertRepository;
import dev.vigil.store.incident.IncidentFilter;
import dev.vigil.store.incident.IncidentReads;
import dev.vigil.store.incident.IncidentRow;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reads {@code ./vigil bench incidents} times, each made as the API's list or detail endpoint
 * makes it through the store, and the values they filter by, drawn from the seeded data.
 */
final class IncidentQueries {

  static final int LIMIT = 50;
  private static final String TENANT = IncidentSeed.TENANT;

  private IncidentQueries() {}

  /** The store classes the API reads through. */
  record Stores(IncidentReads incidents, AlertRepository alerts, ApprovalRepository approvals) {
    static Stores over(DataSource ds) {
      return new Stores(new IncidentReads(ds), new AlertRepository(ds), new ApprovalRepository(ds));
    }
  }

  /** One read; {@code rows} returns how many rows the call returned, {@code i} picks a sample. */
  interface Read {
    int rows(Stores s, int i);
  }

  record Query(String name, Read read) {}

  /** Values the reads filter by, drawn from the seeded data. */
  record Samples(
      List<String> incidentIds,
      List<String> entities,
      List<String> assignees,
      String incidentPage20,
      String alertPage20) {

    static Samples load(DataSource ds) {
      JdbcClient owner = JdbcClient.create(ds);
      List<String> ids =
          owner
              .sql(
                  "select id from incidents where tenant_id = :t order by md5(id || 'sample')"
                      + " limit 1000")
              .param("t", TENANT)
              .query(String.class)
              .list();
      // an entity an analyst clicks is one of an incident's: busy addresses come up more often
      List<String> entities =
          owner
              .sql(
                  "select entity_values[1] from incidents where tenant_id = :t and"
                      + " cardinality(entity_values) > 0 order by md5(id || 'entity') limit 1000")
              .param("t", TENANT)
              .query(String.class)
              .list();
      List<String> assignees =
          owner
              .sql(
                  "select distinct assignee from incidents where tenant_id = :t and assignee is not"
                      + " null order by 1")
              .param("t", TENANT)
              .query(String.class)
              .list();
      IncidentReads reads = new IncidentReads(ds);
      AlertRepository alerts = new AlertRepository(ds);
      String incidentCursor = null;
      String alertCursor = null;
      for (int page = 1; page < 20; page++) {
        incidentCursor = reads.list(TENANT, IncidentFilter.ANY, LIMIT, incidentCursor).nextCursor();
        alertCursor =
            alerts
                .list(TENANT, alertFilter(null, null, null, null), LIMIT, alertCursor)
                .nextCursor();
      }
      return new Samples(ids, entities, assignees, incidentCursor, alertCursor);
    }
  }

  /** The reads, each as the API's list or detail endpoint calls the store. */
  static List<Query> all(Samples x) {
    List<String> rules = IncidentSeed.RULES.stream().map(IncidentSeed.Rule::key).toList();
    List<String> words = IncidentSeed.RULES.stream().map(IncidentSeed.Rule::word).toList();
    List<String> tags = IncidentSeed.TAGS;
    return List.of(
        new Query("incidents: first page (limit 50)", (s, i) -> incidents(s, filter(), null)),
        new Query(
            "incidents: status=open",
            (s, i) ->
                incidents(
                    s, new IncidentFilter("open", null, null, null, null, null, null, null), null)),
        new Query(
            "incidents: severity=high",
            (s, i) ->
                incidents(
                    s, new IncidentFilter(null, "high", null, null, null, null, null, null), null)),
        new Query(
            "incidents: assignee = one of 200",
            (s, i) ->
                incidents(
                    s,
                    new IncidentFilter(
                        null, null, pick(x.assignees(), i), null, null, null, null, null),
                    null)),
        new Query(
            "incidents: status=open, assignee = one (my queue)",
            (s, i) ->
                incidents(
                    s,
                    new IncidentFilter(
                        "open", null, pick(x.assignees(), i), null, null, null, null, null),
                    null)),
        new Query(
            "incidents: entity = an incident's IP",
            (s, i) ->
                incidents(
                    s,
                    new IncidentFilter(
                        null, null, null, pick(x.entities(), i), null, null, null, null),
                    null)),
        new Query(
            "incidents: breached=true",
            (s, i) ->
                incidents(
                    s, new IncidentFilter(null, null, null, null, null, true, null, null), null)),
        new Query(
            "incidents: tag = one of 30",
            (s, i) ->
                incidents(
                    s,
                    new IncidentFilter(null, null, null, null, null, null, pick(tags, i), null),
                    null)),
        new Query(
            "incidents: q = a word of a rule's title",
            (s, i) ->
                incidents(
                    s,
                    new IncidentFilter(null, null, null, null, null, null, null, pick(words, i)),
                    null)),
        new Query(
            "incidents: q = an incident's IP",
            (s, i) ->
                incidents(
                    s,
                    new IncidentFilter(
                        null, null, null, null, null, null, null, pick(x.entities(), i)),
                    null)),
        new Query(
            "incidents: rule = one of 20",
            (s, i) ->
                incidents(
                    s,
                    new IncidentFilter(null, null, null, null, pick(rules, i), null, null, null),
                    null)),
        new Query(
            "incidents: page 20 (cursor)", (s, i) -> incidents(s, filter(), x.incidentPage20())),
        new Query(
            "incident: get + timeline + observables + runs",
            (s, i) -> {
              String id = pick(x.incidentIds(), i);
              s.incidents().get(TENANT, id).orElseThrow();
              return 1
                  + s.incidents().timeline(TENANT, id, 500).size()
                  + s.incidents().observables(TENANT, id, 200).size()
                  + s.incidents().runs(TENANT, id).size();
            }),
        new Query(
            "incident: the whole detail page (as Incidents.detail)",
            (s, i) -> detail(s, pick(x.incidentIds(), i))),
        new Query(
            "alerts: first page (limit 50)",
            (s, i) -> alerts(s, alertFilter(null, null, null, null), null)),
        new Query(
            "alerts: rule = one of 20",
            (s, i) -> alerts(s, alertFilter(pick(rules, i), null, null, null), null)),
        new Query(
            "alerts: severity=high",
            (s, i) -> alerts(s, alertFilter(null, "high", null, null), null)),
        new Query(
            "alerts: entity = an incident's IP",
            (s, i) -> alerts(s, alertFilter(null, null, pick(x.entities(), i), null), null)),
        new Query(
            "alerts: incident = an incident's id",
            (s, i) -> alerts(s, alertFilter(null, null, null, pick(x.incidentIds(), i)), null)),
        new Query(
            "alerts: page 20 (cursor)",
            (s, i) -> alerts(s, alertFilter(null, null, null, null), x.alertPage20())));
  }

  /** What {@code GET /api/v1/incidents/{id}} reads, in the order {@code Incidents.detail} does. */
  private static int detail(Stores s, String id) {
    IncidentRow r = s.incidents().get(TENANT, id).orElseThrow();
    List<AlertRecord> alerts =
        s.alerts().list(TENANT, alertFilter(null, null, null, r.id()), 200, null).items();
    int n = 1 + alerts.size();
    n +=
        s.incidents()
            .alertLinks(TENANT, r.id(), alerts.stream().map(AlertRecord::id).toList())
            .size();
    for (var run : s.incidents().runs(TENANT, r.id())) {
      n += 1 + s.approvals().forRun(TENANT, run.runId()).size();
    }
    n += s.incidents().timeline(TENANT, r.id(), 500).size();
    n += s.incidents().observables(TENANT, r.id(), 200).size();
    n += s.incidents().tasks(TENANT, r.id()).size();
    return n;
  }

  private static IncidentFilter filter() {
    return IncidentFilter.ANY;
  }

  private static AlertFilter alertFilter(
      String rule, String severity, String entity, String incident) {
    return new AlertFilter(rule, severity, null, entity, null, null, incident);
  }

  private static int incidents(Stores s, IncidentFilter f, String cursor) {
    return s.incidents().list(TENANT, f, LIMIT, cursor).items().size();
  }

  private static int alerts(Stores s, AlertFilter f, String cursor) {
    return s.alerts().list(TENANT, f, LIMIT, cursor).items().size();
  }

  private static String pick(List<String> xs, int i) {
    return xs.get(Math.floorMod(i * 7919, xs.size()));
  }
}
