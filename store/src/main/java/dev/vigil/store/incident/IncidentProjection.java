package dev.vigil.store.incident;

import dev.vigil.store.incident.IncidentWrite.AttachedAlert;
import dev.vigil.store.incident.IncidentWrite.ObservableRow;
import dev.vigil.store.incident.IncidentWrite.RunRow;
import dev.vigil.store.incident.IncidentWrite.TaskRow;
import dev.vigil.store.incident.IncidentWrite.TimelineRow;
import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.PostgresText;
import dev.vigil.store.system.TenantJdbc;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes incident changes, each in one transaction and at most once: a change whose sequence number
 * is not above the stored one was applied before and is skipped whole, so retries and replays never
 * duplicate or reorder anything.
 */
public class IncidentProjection {

  private final TenantJdbc db;

  public IncidentProjection(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /**
   * Applies {@code w}.
   *
   * @return the alerts a merge moved into the incident (0 for other changes)
   */
  public long apply(IncidentWrite w) {
    return apply(w, null);
  }

  /**
   * Applies {@code w} and, once committed, tells {@code applied} about it when it was new (not a
   * retry or replay of a change already stored): what metrics count.
   *
   * @return the alerts a merge moved into the incident (0 for other changes)
   */
  public long apply(IncidentWrite w, java.util.function.Consumer<IncidentWrite> applied) {
    boolean[] fresh = {false};
    long moved = write(w, fresh);
    if (fresh[0] && applied != null) {
      applied.accept(w);
    }
    return moved;
  }

  private long write(IncidentWrite w, boolean[] fresh) {
    IncidentRow r = w.row();
    return db.inTenant(
        r.tenant(),
        jdbc -> {
          Long stored =
              jdbc.sql("select seq from incidents where tenant_id = :t and id = :id for update")
                  .param("t", r.tenant())
                  .param("id", r.id())
                  .query(Long.class)
                  .optional()
                  .orElse(null);
          if (stored != null && stored >= r.seq()) {
            return w.absorbedFrom() == null ? 0L : movedBefore(jdbc, r, w.absorbedFrom());
          }
          fresh[0] = true;
          upsertRow(jdbc, r, stored == null);
          entities(jdbc, r);
          w.timeline().forEach(t -> timeline(jdbc, r, t));
          attach(jdbc, r, w.attached());
          detach(jdbc, r, w.detached());
          w.observables().forEach(o -> observable(jdbc, r, o));
          w.runs().forEach(run -> run(jdbc, r, run));
          if (w.tasks() != null) {
            tasks(jdbc, r, w.tasks());
          }
          long moved = w.absorbedFrom() == null ? 0 : absorb(jdbc, r, w.absorbedFrom());
          if (!w.attached().isEmpty() || !w.detached().isEmpty() || w.absorbedFrom() != null) {
            recount(jdbc, r.tenant(), List.of(r.id()));
          }
          if (w.timeline().stream()
                  .anyMatch(t -> t.kind().equals("comment") || t.kind().equals("opened"))
              || !w.observables().isEmpty()
              || w.absorbedFrom() != null) {
            reindex(jdbc, r);
          }
          return moved;
        });
  }

  private static void upsertRow(JdbcClient jdbc, IncidentRow r, boolean insert) {
    String values =
        "seq = :seq, title = :title, description = :descr, status = :status, severity = :sev,"
            + " assignee = :assignee, entities = :entities::jsonb, entity_values = :ev::text[],"
            + " tags = :tags::text[], updated_at = :updated, acknowledge_by = :ackBy,"
            + " contain_by = :containBy, resolve_by = :resolveBy, sla_paused = :paused,"
            + " breached = :breached, breaches = :breaches, warnings = :warnings,"
            + " close_reason = :reason, merged_into = :merged, time_to_acknowledge = :tta,"
            + " time_to_contain = :ttc, time_to_resolve = :ttr, handling_time = :ht,"
            + " acknowledged_at = case when :tta::bigint is null then null"
            + " else coalesce(incidents.acknowledged_at, :updated::timestamptz) end,"
            + " resolved_at = case when :status in ('resolved', 'closed')"
            + " then coalesce(incidents.resolved_at, :updated::timestamptz) end";
    String sql =
        insert
            ? "insert into incidents (tenant_id, id, workflow_id, seq, title, description, status,"
                + " severity, assignee, entities, entity_values, tags, opened_by, opened_at,"
                + " updated_at, correlation_key, acknowledge_by, contain_by, resolve_by, sla_paused,"
                + " breached, breaches, warnings, close_reason, merged_into, time_to_acknowledge,"
                + " time_to_contain, time_to_resolve, handling_time, acknowledged_at, resolved_at,"
                + " policy_versions) values (:t, :id, :wf, :seq, :title, :descr, :status, :sev,"
                + " :assignee, :entities::jsonb, :ev::text[], :tags::text[], :openedBy, :opened,"
                + " :updated, :key, :ackBy, :containBy, :resolveBy, :paused, :breached, :breaches,"
                + " :warnings, :reason, :merged, :tta, :ttc, :ttr, :ht,"
                + " case when :tta::bigint is null then null else :updated::timestamptz end,"
                + " case when :status in ('resolved', 'closed') then :updated::timestamptz end,"
                + " :versions::jsonb)"
            : "update incidents set " + values + " where tenant_id = :t and id = :id";
    jdbc.sql(sql)
        .param("t", r.tenant())
        .param("id", r.id())
        .param("wf", r.workflowId())
        .param("seq", r.seq())
        .param("title", PostgresText.clean(r.title()))
        .param("descr", PostgresText.clean(r.description()))
        .param("status", r.status())
        .param("sev", r.severity())
        .param("assignee", PostgresText.clean(r.assignee()))
        .param("entities", JsonColumns.write(PostgresText.clean((Object) r.entities())))
        .param(
            "ev",
            PostgresText.array(
                r.entities().stream().map(e -> String.valueOf(e.get("value"))).toList()))
        .param("tags", PostgresText.array(r.tags()))
        .param("openedBy", PostgresText.clean(r.openedBy()))
        .param("opened", ts(r.openedAt()))
        .param("updated", ts(r.updatedAt()))
        .param("key", PostgresText.clean(r.correlationKey()))
        .param("ackBy", ts(r.acknowledgeBy()))
        .param("containBy", ts(r.containBy()))
        .param("resolveBy", ts(r.resolveBy()))
        .param("paused", r.slaPaused())
        .param("breached", r.breached())
        .param("breaches", r.breaches())
        .param("warnings", r.warnings())
        .param("reason", r.closeReason())
        .param("merged", r.mergedInto())
        .param("tta", r.timeToAcknowledge())
        .param("ttc", r.timeToContain())
        .param("ttr", r.timeToResolve())
        .param("ht", r.handlingTime())
        .param("versions", JsonColumns.write(r.policyVersions()))
        .update();
  }

  /** The lookups of the queue's {@code entity=} and {@code tag=} filters follow the row. */
  private static void entities(JdbcClient jdbc, IncidentRow r) {
    lookup(
        jdbc,
        r,
        "incident_entities",
        "value",
        r.entities().stream().map(e -> String.valueOf(e.get("value"))).toList());
    lookup(jdbc, r, "incident_tags", "tag", r.tags());
  }

  private static void lookup(
      JdbcClient jdbc, IncidentRow r, String table, String column, List<String> values) {
    String array = PostgresText.array(values);
    jdbc.sql(
            "delete from "
                + table
                + " where tenant_id = :t and incident_id = :id and "
                + column
                + " <> all(:v::text[])")
        .param("t", r.tenant())
        .param("id", r.id())
        .param("v", array)
        .update();
    jdbc.sql(
            "insert into "
                + table
                + " (tenant_id, incident_id, "
                + column
                + ") select distinct :t, :id, unnest(:v::text[]) on conflict do nothing")
        .param("t", r.tenant())
        .param("id", r.id())
        .param("v", array)
        .update();
  }

  private static void timeline(JdbcClient jdbc, IncidentRow r, TimelineRow t) {
    jdbc.sql(
            "insert into incident_timeline (tenant_id, incident_id, origin_incident, seq, at, actor,"
                + " kind, summary, data) values (:t, :id, :origin, :seq, :at, :actor, :kind,"
                + " :summary, :data::jsonb) on conflict do nothing")
        .param("t", r.tenant())
        .param("id", r.id())
        .param("origin", t.originIncident() == null ? r.id() : t.originIncident())
        .param("seq", t.seq())
        .param("at", ts(t.at()))
        .param("actor", PostgresText.clean(t.actor()))
        .param("kind", t.kind())
        .param("summary", PostgresText.clean(t.summary()))
        .param("data", JsonColumns.write(PostgresText.clean((Object) t.data())))
        .update();
  }

  private static void attach(JdbcClient jdbc, IncidentRow r, List<AttachedAlert> alerts) {
    for (AttachedAlert a : alerts) {
      UUID id = uuid(a.alertId());
      if (id == null) {
        continue;
      }
      int moved =
          jdbc.sql(
                  "update alerts set incident_id = :id, routing = 'sent', updated_at = now()"
                      + " where tenant_id = :t and id = :a and (incident_id is null or incident_id = :id)")
              .param("t", r.tenant())
              .param("id", r.id())
              .param("a", id)
              .update();
      if (moved == 1) {
        jdbc.sql(
                "insert into incident_alerts (tenant_id, incident_id, alert_id, attached_at,"
                    + " attached_by, origin_incident) values (:t, :id, :a, :at, :by, :id)"
                    + " on conflict do nothing")
            .param("t", r.tenant())
            .param("id", r.id())
            .param("a", id)
            .param("at", ts(a.at()))
            .param("by", PostgresText.clean(a.by()))
            .update();
      }
    }
  }

  private static void detach(JdbcClient jdbc, IncidentRow r, List<String> alertIds) {
    for (String alertId : alertIds) {
      UUID id = uuid(alertId);
      if (id == null) {
        continue;
      }
      jdbc.sql(
              "update alerts set incident_id = null, routing = 'skipped', updated_at = now()"
                  + " where tenant_id = :t and id = :a and incident_id = :id")
          .param("t", r.tenant())
          .param("id", r.id())
          .param("a", id)
          .update();
      jdbc.sql(
              "delete from incident_alerts where tenant_id = :t and incident_id = :id and alert_id = :a")
          .param("t", r.tenant())
          .param("id", r.id())
          .param("a", id)
          .update();
    }
  }

  private static void observable(JdbcClient jdbc, IncidentRow r, ObservableRow o) {
    jdbc.sql(
            "insert into incident_observables (tenant_id, incident_id, kind, value, tlp,"
                + " first_seen, last_seen, sightings, sources, origin_incident) values (:t, :id,"
                + " :kind, :value, :tlp, :at, :at, 1, array[:src], :origin) on conflict (tenant_id,"
                + " incident_id, kind, value) do update set last_seen = greatest("
                + "incident_observables.last_seen, excluded.last_seen), sightings ="
                + " incident_observables.sightings + 1, sources = case when :src = any("
                + "incident_observables.sources) then incident_observables.sources else"
                + " (incident_observables.sources || :src)[1 : 20] end, tlp = case when :src not"
                + " like 'alert:%' then excluded.tlp else incident_observables.tlp end")
        .param("t", r.tenant())
        .param("id", r.id())
        .param("kind", o.kind())
        .param("value", PostgresText.clean(o.value()))
        .param("tlp", o.tlp())
        .param("at", ts(o.at()))
        .param("src", PostgresText.clean(o.source()))
        .param("origin", o.originIncident() == null ? r.id() : o.originIncident())
        .update();
  }

  private static void run(JdbcClient jdbc, IncidentRow r, RunRow run) {
    jdbc.sql(
            "insert into incident_runs (tenant_id, incident_id, run_id, playbook, response_id,"
                + " started_at) values (:t, :id, :run, :pb, :resp, :at) on conflict do nothing")
        .param("t", r.tenant())
        .param("id", r.id())
        .param("run", run.runId())
        .param("pb", run.playbook())
        .param("resp", run.responseId())
        .param("at", ts(run.startedAt()))
        .update();
  }

  private static void tasks(JdbcClient jdbc, IncidentRow r, List<TaskRow> tasks) {
    jdbc.sql("delete from incident_tasks where tenant_id = :t and incident_id = :id")
        .param("t", r.tenant())
        .param("id", r.id())
        .update();
    for (TaskRow t : tasks) {
      jdbc.sql(
              "insert into incident_tasks (tenant_id, incident_id, task_id, position, title,"
                  + " mandatory, playbook, status, assignee, due) values (:t, :id, :task, :pos,"
                  + " :title, :mandatory, :pb, :status, :assignee, :due)")
          .param("t", r.tenant())
          .param("id", r.id())
          .param("task", t.taskId())
          .param("pos", t.position())
          .param("title", PostgresText.clean(t.title()))
          .param("mandatory", t.mandatory())
          .param("pb", t.playbook())
          .param("status", t.status())
          .param("assignee", PostgresText.clean(t.assignee()))
          .param("due", ts(t.due()))
          .update();
    }
  }

  /** Moves an absorbed incident's alerts, comments and observables here, keeping their origin. */
  private static long absorb(JdbcClient jdbc, IncidentRow r, String from) {
    jdbc.sql(
            "insert into incident_alerts (tenant_id, incident_id, alert_id, attached_at,"
                + " attached_by, origin_incident) select tenant_id, :id, alert_id, attached_at,"
                + " attached_by, origin_incident from incident_alerts where tenant_id = :t and"
                + " incident_id = :from on conflict do nothing")
        .param("t", r.tenant())
        .param("id", r.id())
        .param("from", from)
        .update();
    int moved =
        jdbc.sql(
                "update alerts set incident_id = :id, updated_at = now() where tenant_id = :t and"
                    + " incident_id = :from")
            .param("t", r.tenant())
            .param("id", r.id())
            .param("from", from)
            .update();
    jdbc.sql(
            "insert into incident_timeline (tenant_id, incident_id, origin_incident, seq, at, actor,"
                + " kind, summary, data) select tenant_id, :id, origin_incident, seq, at, actor, kind,"
                + " summary, data from incident_timeline where tenant_id = :t and incident_id ="
                + " :from and kind in ('comment', 'observable', 'alert_attached') on conflict do nothing")
        .param("t", r.tenant())
        .param("id", r.id())
        .param("from", from)
        .update();
    jdbc.sql(
            "insert into incident_observables (tenant_id, incident_id, kind, value, tlp, first_seen,"
                + " last_seen, sightings, sources, origin_incident) select tenant_id, :id, kind,"
                + " value, tlp, first_seen, last_seen, sightings, sources, origin_incident from"
                + " incident_observables where tenant_id = :t and incident_id = :from on conflict"
                + " (tenant_id, incident_id, kind, value) do update set first_seen = least("
                + "incident_observables.first_seen, excluded.first_seen), last_seen = greatest("
                + "incident_observables.last_seen, excluded.last_seen), sightings ="
                + " incident_observables.sightings + excluded.sightings")
        .param("t", r.tenant())
        .param("id", r.id())
        .param("from", from)
        .update();
    recount(jdbc, r.tenant(), List.of(from));
    return moved;
  }

  private static long movedBefore(JdbcClient jdbc, IncidentRow r, String from) {
    return jdbc.sql(
            "select count(*) from incident_alerts where tenant_id = :t and incident_id = :id and"
                + " alert_id in (select alert_id from incident_alerts where tenant_id = :t and"
                + " incident_id = :from)")
        .param("t", r.tenant())
        .param("id", r.id())
        .param("from", from)
        .query(Long.class)
        .single();
  }

  /** Recomputes the alert and event counts of incidents from their alerts. */
  public static void recount(JdbcClient jdbc, String tenant, List<String> incidentIds) {
    jdbc.sql(
            "update incidents i set alert_count = c.n, event_count = c.events from (select"
                + " x.id, (select count(*) from alerts a where a.tenant_id = :t and a.incident_id ="
                + " x.id) as n, (select coalesce(sum(a.event_count), 0) from alerts a where"
                + " a.tenant_id = :t and a.incident_id = x.id) as events from unnest(:ids::text[])"
                + " as x(id)) c where i.tenant_id = :t and i.id = c.id")
        .param("t", tenant)
        .param("ids", PostgresText.array(incidentIds))
        .update();
  }

  /** The full-text index over the title, the comments and the observables. */
  private static void reindex(JdbcClient jdbc, IncidentRow r) {
    jdbc.sql(
            "update incidents set search = setweight(to_tsvector('simple', title), 'A') ||"
                + " to_tsvector('simple', coalesce(description, '')) || to_tsvector('simple',"
                + " coalesce((select string_agg(data->>'body', ' ') from incident_timeline where"
                + " tenant_id = :t and incident_id = :id and kind = 'comment'), '')) ||"
                + " to_tsvector('simple', coalesce((select string_agg(value, ' ') from (select"
                + " value from incident_observables where tenant_id = :t and incident_id = :id"
                + " limit 1000) o), '')) where tenant_id = :t and id = :id")
        .param("t", r.tenant())
        .param("id", r.id())
        .update();
    // the term lookup of the queue's q= filter follows the search vector
    jdbc.sql("delete from incident_terms where tenant_id = :t and incident_id = :id")
        .param("t", r.tenant())
        .param("id", r.id())
        .update();
    jdbc.sql(
            "insert into incident_terms (tenant_id, incident_id, term) select distinct tenant_id,"
                + " id, unnest(tsvector_to_array(search)) from incidents where tenant_id = :t and id"
                + " = :id on conflict do nothing")
        .param("t", r.tenant())
        .param("id", r.id())
        .update();
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }
}
