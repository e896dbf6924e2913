package dev.vigil.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeds one tenant with incidents and their alerts in set-based SQL ({@code insert … select … from
 * generate_series}), a chunk a transaction, into the real schema. Every attribute is a hash of the
 * incident's or alert's number, so two seedings of the same size hold the same rows (apart from the
 * reference time): incident {@code n} has its primary rule, its address and its times; alert {@code
 * j} belongs to a pseudo-random incident (about {@code alerts / incidents} each), mostly on that
 * incident's rule and address. The timeline, observables and search vector are then derived from
 * the alerts the way the projection writes them.
 */
final class IncidentSeed {

  static final String TENANT = "bench";

  /** A detection rule of the seed: key, title, severity, ATT&CK techniques, a word of its title. */
  record Rule(String key, String title, String severity, String mitre, String word) {
    static Rule parse(String line) {
      String[] f = line.split("\\|");
      return new Rule(f[0].strip(), f[1].strip(), f[2].strip(), f[3].strip(), f[4].strip());
    }
  }

  /**
   * The first nine are the bundled rules; incidents favour the first ones (a few noisy rules). One
   * a line: key | title | severity | ATT&CK techniques | a word of the title, searched by q=.
   */
  static final List<Rule> RULES =
      """
      login-failures-per-source | Repeated failed logins from one source | high | {T1110,T1110.001} | repeated
      login-failures-per-user | Ten failed logins for one account in five minutes | high | {T1110.001} | minutes
      login-failures-then-success | Failed logins followed by a success from the same source | critical | {T1110,T1078} | success
      password-spray | Password spray: many accounts tried from one source | high | {T1110.003} | spray
      login-new-origin | Login from a new origin for this user | medium | {T1078} | origin
      login-outside-hours | Successful login outside working hours | low | {T1078} | hours
      login-burst-per-user | Several successful logins of one user within a minute | medium | {T1078,T1021} | several
      suricata-high-severity | Suricata high-severity alert | high | {T1190,T1046} | suricata
      wazuh-high-severity | Wazuh high-level alert | high | {T1078,T1110} | wazuh
      port-scan-per-source | Port scan from one source | medium | {T1046} | scan
      dns-tunneling | Long DNS queries to one domain | high | {T1071.004} | dns
      powershell-encoded-command | Encoded PowerShell command line | high | {T1059.001} | powershell
      new-admin-account | Account added to an administrators group | critical | {T1098} | administrators
      rdp-from-internet | RDP login from an external address | high | {T1021.001} | rdp
      malware-hash-match | File hash on the malware list | critical | {T1204} | malware
      impossible-travel | Logins from two countries within an hour | medium | {T1078} | countries
      mfa-fatigue | Many MFA pushes denied for one user | high | {T1621} | mfa
      kerberoasting | Kerberos service tickets requested with RC4 | high | {T1558.003} | kerberos
      outbound-smb | SMB traffic to the internet | medium | {T1048} | smb
      web-shell-upload | Script file written under a web root | critical | {T1505.003} | script
      """
          .lines()
          .map(Rule::parse)
          .toList();

  /** Tags, the first ones far more common than the last ones. */
  static final List<String> TAGS =
      List.of(
          """
          brute-force credential-access external prod identity network windows linux tier-1
          endpoint recon needs-review vip cloud on-prem phishing malware tier-2 known-scanner
          lateral-movement pci customer-facing email exfiltration tier-3 dev hipaa red-team
          internal false-positive-likely
          """
              .strip()
              .split("\\s+"));

  static final int ASSIGNEES = 200;

  private static final int ALERT_CHUNK = 100_000;
  private static final int INCIDENT_CHUNK = 5_000;

  /**
   * The derived attributes of incidents {@code ? .. ?} (two parameters), as a table {@code i}. The
   * pg_temp functions are defined in {@link #functions}.
   */
  private static final String INCIDENTS =
      "(select n, pg_temp.inc(n) as id, pg_temp.status(n) as status, pg_temp.sev(n) as severity,"
          + " pg_temp.assignee(n) as assignee, pg_temp.opened(n) as opened,"
          + " pg_temp.ip(pg_temp.ipk(n)) as ip, pg_temp.u(n, 13) < 0.05 as breached,"
          + " pg_temp.tta(n) as tta, pg_temp.ttc(n) as ttc, pg_temp.ttr(n) as ttr,"
          + " r.key as rule, r.title || ' (' || pg_temp.ip(pg_temp.ipk(n)) || ')' as title"
          + " from generate_series(?::int, ?::int) n join bench_rules r on r.idx = pg_temp.rule(n)) i";

  private static final String ALERTS =
      """
      with s as (
        select j, n, pg_temp.inc(n) as incident, pg_temp.opened(n) as opened,
               pg_temp.status(n) as istatus,
               case when pg_temp.u(j, 22) < 0.7 then pg_temp.rule(n)
                    else floor(20 * pg_temp.u(j, 23))::int end as r,
               case when pg_temp.u(j, 24) < 0.92 then pg_temp.ipk(n)
                    else floor(65536 * pg_temp.u(j, 27))::int end as k
        from (select j, 1 + floor(?::int * pg_temp.u(j, 21))::int as n
              from generate_series(?::bigint, ?::bigint) j) g
      ), t as (
        select s.*, pg_temp.ip(k) as ip,
               opened + pg_temp.u(j, 25) * least(interval '24 hours', pg_temp.t0() - opened)
                 as first_seen
        from s
      ), a as (
        insert into alerts (tenant_id, id, rule_key, rule_version, title, severity, status,
                            entity_kind, entity_value, group_values, first_seen, last_seen,
                            event_count, evidence, mitre, incident_id, verdict, created_at,
                            updated_at, routing)
        select 'bench', md5('bench-alert-' || j)::uuid, r.key, 1, r.title, r.severity,
               case when istatus in ('resolved', 'closed') then 'closed'
                    when pg_temp.u(j, 28) < 0.5 then 'acknowledged' else 'open' end,
               'ip', ip, jsonb_build_object('source.ip', ip), first_seen, l.last_seen,
               1 + floor(200 * power(pg_temp.u(j, 29), 3))::int,
               (select array_agg(md5(j || ':' || e)::uuid) from generate_series(0, (j % 5)::int) e),
               r.mitre, incident,
               case when istatus = 'closed' and pg_temp.u(j, 30) < 0.5 then
                 (array['true_positive', 'false_positive', 'benign'])[1 + floor(3 * pg_temp.u(j, 31))::int]
               end,
               first_seen + interval '2 seconds', l.last_seen, 'sent'
        from t join bench_rules r on r.idx = t.r
        cross join lateral (
          select first_seen + pg_temp.u(j, 26) * least(interval '2 hours', pg_temp.t0() - first_seen)
                 as last_seen
        ) l
        returning tenant_id, incident_id, id, created_at
      )
      insert into incident_alerts (tenant_id, incident_id, alert_id, attached_at, attached_by,
                                   origin_incident)
      select tenant_id, incident_id, id, created_at, 'system', incident_id from a
      """;

  /** The entries the workflow writes: opened, one per alert, assignment, status, comments, SLA. */
  private static final String TIMELINE =
      """
      insert into incident_timeline (tenant_id, incident_id, origin_incident, seq, at, actor, kind,
                                     summary, data)
      select 'bench', id, id, row_number() over (partition by id order by at, ord), at, actor, kind,
             summary, data
      from (
        select i.id, 0 as ord, i.opened as at, 'system' as actor, 'opened' as kind,
               'Incident opened: ' || i.title as summary,
               jsonb_build_object('correlationKey', 'entity=ip:' || i.ip) as data
        from %1$s
        union all
        select i.id, 1, a.created_at, 'system', 'alert_attached', 'Alert: ' || a.title,
               jsonb_build_object('alertId', a.id, 'rule', a.rule_key, 'severity', a.severity,
                                  'eventCount', a.event_count)
        from %1$s join alerts a on a.tenant_id = 'bench' and a.incident_id = i.id
        union all
        select i.id, 2, least(i.opened + i.tta * 0.8 * interval '1 millisecond', pg_temp.t0()),
               'lead', 'assigned', 'Assigned to ' || i.assignee,
               jsonb_build_object('assignee', i.assignee)
        from %1$s where i.assignee is not null
        union all
        select i.id, 3, least(i.opened + v.after * interval '1 millisecond', pg_temp.t0()),
               i.assignee, 'status', 'Status ' || v.prev || ' → ' || v.next,
               jsonb_build_object('from', v.prev, 'to', v.next)
        from %1$s cross join lateral (values
          (1, 'new', 'acknowledged', i.tta), (2, 'acknowledged', 'in_progress', i.tta + 300000),
          (3, 'in_progress', 'contained', i.ttc), (4, 'contained', 'resolved', i.ttr),
          (5, 'resolved', 'closed', i.ttr + 3600000)) v(rank, prev, next, after)
        where v.rank <= pg_temp.srank(i.status)
        union all
        select i.id, 4, least(i.opened + c * interval '37 minutes', pg_temp.t0()),
               coalesce(i.assignee, 'analyst001'), 'comment', b.body, jsonb_build_object('body', b.body)
        from %1$s
        cross join generate_series(1, floor(4 * power(pg_temp.u(i.n, 20), 1.5))::int) c
        cross join lateral (select (array[
          'Checked the source address against the asset inventory.',
          'Blocked at the perimeter firewall for 24 hours.',
          'The user confirmed the activity; no further action.',
          'Escalated to tier 2 for host forensics.',
          'Password reset and sessions revoked.',
          'Known vulnerability scanner, added to the allow list.'])[1 + floor(6 * pg_temp.u(i.n * 10 + c, 33))::int]
          as body) b
        union all
        select i.id, 5, least(i.opened + pg_temp.sla(i.severity) * interval '1 minute', pg_temp.t0()),
               'system', 'sla_breach', 'SLA breached: acknowledge',
               jsonb_build_object('clock', 'acknowledge')
        from %1$s where i.breached
      ) x
      """
          .formatted(INCIDENTS);

  private static final String OBSERVABLES =
      """
      insert into incident_observables (tenant_id, incident_id, kind, value, tlp, first_seen,
                                        last_seen, sightings, sources, origin_incident)
      select 'bench', i.id, 'ip', a.entity_value, 'amber', min(a.first_seen), max(a.last_seen),
             count(*), (array_agg('alert:' || a.id order by a.first_seen))[1:10], i.id
      from (select pg_temp.inc(n) as id from generate_series(?::int, ?::int) n) i
      join alerts a on a.tenant_id = 'bench' and a.incident_id = i.id
      group by i.id, a.entity_value
      """;

  /** The row the projection writes; the search vector as {@code IncidentProjection} builds it. */
  private static final String INCIDENT_ROWS =
      """
      insert into incidents (tenant_id, id, workflow_id, seq, title, description, status, severity,
                             assignee, entities, entity_values, tags, opened_by, opened_at,
                             updated_at, correlation_key, acknowledge_by, contain_by, resolve_by,
                             sla_paused, breached, breaches, warnings, close_reason,
                             time_to_acknowledge, time_to_contain, time_to_resolve, handling_time,
                             acknowledged_at, resolved_at, policy_versions, alert_count,
                             event_count, search)
      select 'bench', i.id, 'incident/bench/' || i.id, t.entries, i.title, d.description, i.status,
             i.severity, i.assignee, coalesce(e.entities, '[]'::jsonb), coalesce(e.ev, '{}'),
             array(select distinct tag from unnest(array[
               case when pg_temp.u(i.n, 8) < 0.8 then pg_temp.tag(pg_temp.u(i.n, 9)) end,
               case when pg_temp.u(i.n, 10) < 0.4 then pg_temp.tag(pg_temp.u(i.n, 11)) end,
               case when pg_temp.u(i.n, 12) < 0.15 then pg_temp.tag(pg_temp.u(i.n, 19)) end]) tag
               where tag is not null order by tag),
             'system', i.opened, greatest(i.opened, c.last, t.last), 'entity=ip:' || i.ip,
             case when i.status = 'new'
               then i.opened + pg_temp.sla(i.severity) * interval '1 minute' end,
             case when pg_temp.srank(i.status) < 3
               then i.opened + 4 * pg_temp.sla(i.severity) * interval '1 minute' end,
             case when pg_temp.srank(i.status) < 4
               then i.opened + 24 * pg_temp.sla(i.severity) * interval '1 minute' end,
             false, i.breached, case when i.breached then 1 else 0 end,
             case when i.breached or pg_temp.u(i.n, 34) < 0.1 then 1 else 0 end,
             case when i.status = 'closed' then (array['false_positive', 'true_positive', 'benign',
               'false_positive', 'duplicate'])[1 + floor(5 * pg_temp.u(i.n, 37))::int] end,
             i.tta, i.ttc, i.ttr, (i.ttr * 0.6)::bigint,
             least(i.opened + i.tta * interval '1 millisecond', pg_temp.t0()),
             least(i.opened + i.ttr * interval '1 millisecond', pg_temp.t0()),
             '{"correlation": 1, "sla": 1, "response": 1, "templates": 1}'::jsonb, c.n, c.events,
             setweight(to_tsvector('simple', i.title), 'A')
               || to_tsvector('simple', coalesce(d.description, ''))
               || to_tsvector('simple', coalesce((select string_agg(data->>'body', ' ')
                    from incident_timeline where tenant_id = 'bench' and incident_id = i.id
                    and kind = 'comment'), ''))
               || to_tsvector('simple', coalesce((select string_agg(value, ' ') from (select value
                    from incident_observables where tenant_id = 'bench' and incident_id = i.id
                    limit 1000) o), ''))
      from %s
      cross join lateral (
        select 'Alerts on ip:' || i.ip || ' correlated within 24 hours; first raised by '
               || i.rule || '.' as description) d
      cross join lateral (
        select count(*) as n, coalesce(sum(event_count), 0) as events, max(last_seen) as last
        from alerts a where a.tenant_id = 'bench' and a.incident_id = i.id) c
      cross join lateral (
        select jsonb_agg(jsonb_build_object('kind', 'ip', 'value', v) order by f) as entities,
               array_agg(v order by f) as ev
        from (select entity_value as v, min(first_seen) as f from alerts a
              where a.tenant_id = 'bench' and a.incident_id = i.id
              group by entity_value order by 2 limit 50) x) e
      cross join lateral (
        select count(*) as entries, max(at) as last from incident_timeline
        where tenant_id = 'bench' and incident_id = i.id) t
      """
          .formatted(INCIDENTS);

  /** Response runs: a quarter of the incidents started one, a tenth a second one. */
  private static final String RUNS =
      """
      with r as materialized (
        select i.id as incident, k, md5('bench-run-' || i.n || '-' || k)::uuid::text as run_id,
               (array['enrich-ip', 'block-ip', 'notify-slack', 'isolate-host'])
                 [1 + floor(4 * pg_temp.u(i.n * 10 + k, 35))::int] as playbook,
               least(i.opened + k * interval '3 minutes', pg_temp.t0()) as started
        from %s
        cross join generate_series(1, case when pg_temp.u(i.n, 32) < 0.1 then 2
                                           when pg_temp.u(i.n, 32) < 0.35 then 1 else 0 end) k
      ), x as (
        insert into runs (tenant_id, run_id, workflow_id, playbook_key, playbook_version, status,
                          mode, inputs, started_by, started_at, ended_at, seq, updated_at)
        select 'bench', run_id, 'run/bench/' || run_id, playbook, 1, 'succeeded', 'live',
               jsonb_build_object('incident', incident), 'incident:' || incident, started,
               started + interval '20 seconds', 12, started + interval '20 seconds'
        from r
      )
      insert into incident_runs (tenant_id, incident_id, run_id, playbook, response_id, started_at)
      select 'bench', incident, run_id, playbook, 'response-' || k, started from r
      """
          .formatted(INCIDENTS);

  private static final String TASKS =
      """
      insert into incident_tasks (tenant_id, incident_id, task_id, position, title, mandatory,
                                  playbook, status, assignee, due)
      select 'bench', i.id, 'task-' || t.pos, t.pos, t.title, t.mandatory, t.playbook,
             case when pg_temp.srank(i.status) >= 4 or (t.pos = 1 and i.status <> 'new')
                  then 'done' else 'open' end,
             i.assignee, i.opened + t.pos * interval '1 day'
      from %s
      cross join (values (1, 'Triage the alerts', true, null::text),
                         (2, 'Contain the entity', true, 'block-ip'),
                         (3, 'Write the summary', false, null::text)) t(pos, title, mandatory, playbook)
      where pg_temp.u(i.n, 36) < 0.4
      """
          .formatted(INCIDENTS);

  private static final List<String> SEEDED =
      List.of(
          "incident_entities",
          "incident_tags",
          "incident_terms",
          "alerts",
          "incident_alerts",
          "incident_timeline",
          "incident_observables",
          "incidents",
          "incident_runs",
          "incident_tasks",
          "runs");

  private IncidentSeed() {}

  /**
   * Seeds {@code incidents} incidents and {@code alerts} alerts into tenant {@value #TENANT} on
   * {@code c} (a connection of the schema owner, autocommit: every chunk commits), then VACUUM
   * ANALYZE. Returns the seconds each phase took, in order.
   */
  static Map<String, Double> seed(Connection c, int incidents, int alerts, Instant t0)
      throws SQLException {
    Map<String, Double> took = new LinkedHashMap<>();
    long start = System.nanoTime();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      s.execute("insert into tenants (id, name) values ('bench', 'Benchmark tenant')");
      functions(s, t0);
    }
    try (PreparedStatement p =
        c.prepareStatement("insert into bench_rules values (?, ?, ?, ?, ?::text[], ?)")) {
      for (int i = 0; i < RULES.size(); i++) {
        Rule r = RULES.get(i);
        p.setInt(1, i);
        p.setString(2, r.key());
        p.setString(3, r.title());
        p.setString(4, r.severity());
        p.setString(5, r.mitre());
        p.setString(6, r.word());
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement(ALERTS)) {
      for (long from = 1; from <= alerts; from += ALERT_CHUNK) {
        p.setInt(1, incidents);
        p.setLong(2, from);
        p.setLong(3, Math.min(alerts, from + ALERT_CHUNK - 1));
        p.executeUpdate();
      }
    }
    start = lap(took, "alerts and incident_alerts", start);
    // everything below reads the alerts of a chunk of incidents through alerts_by_incident
    try (Statement s = c.createStatement()) {
      s.execute("analyze alerts");
    }
    for (String[] phase :
        new String[][] {
          {"timeline", TIMELINE, "6"},
          {"observables", OBSERVABLES, "1"},
          {"incidents", INCIDENT_ROWS, "1"},
          {"runs", RUNS, "1"},
          {"tasks", TASKS, "1"}
        }) {
      try (PreparedStatement p = c.prepareStatement(phase[1])) {
        int uses = Integer.parseInt(phase[2]);
        for (int from = 1; from <= incidents; from += INCIDENT_CHUNK) {
          int to = Math.min(incidents, from + INCIDENT_CHUNK - 1);
          for (int u = 0; u < uses; u++) {
            p.setInt(2 * u + 1, from);
            p.setInt(2 * u + 2, to);
          }
          p.executeUpdate();
        }
      }
      start = lap(took, phase[0], start);
    }
    try (Statement s = c.createStatement()) {
      // the lookups the projection keeps beside each row (V008)
      s.execute(
          "insert into incident_entities (tenant_id, incident_id, value) select distinct"
              + " tenant_id, id, unnest(entity_values) from incidents");
      s.execute(
          "insert into incident_tags (tenant_id, incident_id, tag) select distinct tenant_id, id,"
              + " unnest(tags) from incidents");
      s.execute(
          "insert into incident_terms (tenant_id, incident_id, term) select distinct tenant_id,"
              + " id, unnest(tsvector_to_array(search)) from incidents");
    }
    start = lap(took, "entity and term lookups", start);
    try (Statement s = c.createStatement()) {
      for (String table : SEEDED) {
        s.execute("vacuum (analyze) " + table);
      }
    }
    lap(took, "vacuum (analyze)", start);
    return took;
  }

  private static long lap(Map<String, Double> took, String phase, long start) {
    long now = System.nanoTime();
    took.put(phase, (now - start) / 1e9);
    return now;
  }

  /**
   * Session-local helpers (pg_temp, gone with the connection): {@code u(n, salt)} is a uniform
   * number in [0, 1) from a hash, the rest are an incident's attributes as functions of its number.
   */
  private static void functions(Statement s, Instant t0) throws SQLException {
    s.execute(
        "create temp table bench_rules (idx int primary key, key text, title text,"
            + " severity text, mitre text[], word text)");
    String[] defs = {
      "u(n bigint, salt int) returns float8 as"
          + " $$ select (hashint8($1 * 1000 + $2) & 2147483647)::float8 / 2147483648.0 $$",
      "t0() returns timestamptz as $$ select timestamptz '" + t0 + "' $$",
      "inc(n int) returns text as $$ select md5('bench-incident-' || $1)::uuid::text $$",
      "ip(k int) returns text as $$ select '10.20.' || ($1 / 256) || '.' || ($1 % 256) $$",
      // a /16, a few addresses far more often than the rest (scanners, a busy gateway)
      "ipk(n int) returns int as $$ select floor(65536 * power(pg_temp.u($1, 2), 2))::int $$",
      "rule(n int) returns int as"
          + " $$ select least(19, floor(20 * power(pg_temp.u($1, 1), 1.6)))::int $$",
      "opened(n int) returns timestamptz as"
          + " $$ select pg_temp.t0() - 90 * pg_temp.u($1, 5) * interval '1 day' $$",
      // about 10 % open, the younger an incident the likelier; the rest resolved or closed
      "status(n int) returns text as $$ select case"
          + " when pg_temp.u($1, 4) >= 0.6 * exp(-6 * pg_temp.u($1, 5))"
          + " then case when pg_temp.u($1, 15) < 0.34 then 'resolved' else 'closed' end"
          + " when pg_temp.u($1, 14) < 0.3 then 'new' when pg_temp.u($1, 14) < 0.5 then"
          + " 'acknowledged' when pg_temp.u($1, 14) < 0.85 then 'in_progress' else 'contained'"
          + " end $$",
      "srank(s text) returns int as $$ select array_position(array['new', 'acknowledged',"
          + " 'in_progress', 'contained', 'resolved', 'closed'], $1) - 1 $$",
      "sev(n int) returns text as $$ select case when pg_temp.u($1, 6) < 0.08 then 'info'"
          + " when pg_temp.u($1, 6) < 0.30 then 'low' when pg_temp.u($1, 6) < 0.65 then 'medium'"
          + " when pg_temp.u($1, 6) < 0.90 then 'high' else 'critical' end $$",
      "sla(sev text) returns int as $$ select case $1 when 'critical' then 15 when 'high' then 60"
          + " when 'medium' then 240 when 'low' then 480 else 1440 end $$",
      "assignee(n int) returns text as $$ select case when pg_temp.status($1) <> 'new' then"
          + " 'analyst' || lpad((1 + floor("
          + ASSIGNEES
          + " * pg_temp.u($1, 7)))::text, 3, '0') end $$",
      "tta(n int) returns bigint as $$ select case when pg_temp.status($1) <> 'new' then"
          + " ((2 + 118 * pg_temp.u($1, 16)) * 60000)::bigint end $$",
      "ttc(n int) returns bigint as $$ select case when pg_temp.srank(pg_temp.status($1)) >= 3"
          + " then pg_temp.tta($1) + ((10 + 230 * pg_temp.u($1, 17)) * 60000)::bigint end $$",
      "ttr(n int) returns bigint as $$ select case when pg_temp.srank(pg_temp.status($1)) >= 4"
          + " then pg_temp.ttc($1) + ((0.5 + 47.5 * pg_temp.u($1, 18)) * 3600000)::bigint end $$",
      "tag(u float8) returns text as $$ select (array['"
          + String.join("', '", TAGS)
          + "'])[1 + floor("
          + TAGS.size()
          + " * power($1, 2))::int] $$"
    };
    for (String def : defs) {
      s.execute("create function pg_temp." + def + " language sql immutable");
    }
  }
}
