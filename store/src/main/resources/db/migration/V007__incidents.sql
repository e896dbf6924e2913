-- Incidents: the PostgreSQL projection of IncidentWorkflow (written by its activities, idempotent
-- and sequence-guarded as runs are), correlation routes, and the tenant's incident policies.

create table incidents (
  tenant_id            text not null references tenants (id),
  id                   text not null,
  workflow_id          text not null,
  seq                  bigint not null default 0,
  title                text not null,
  description          text,
  status               text not null check (status in
                         ('new', 'acknowledged', 'in_progress', 'contained', 'resolved', 'closed')),
  severity             text not null check (severity in ('info', 'low', 'medium', 'high', 'critical')),
  assignee             text,
  entities             jsonb not null default '[]'::jsonb,
  entity_values        text[] not null default '{}',
  tags                 text[] not null default '{}',
  opened_by            text not null,
  opened_at            timestamptz not null,
  updated_at           timestamptz not null,
  correlation_key      text,
  acknowledge_by       timestamptz,
  contain_by           timestamptz,
  resolve_by           timestamptz,
  sla_paused           boolean not null default false,
  breached             boolean not null default false,
  breaches             integer not null default 0,
  warnings             integer not null default 0,
  close_reason         text check (close_reason in
                         ('true_positive', 'false_positive', 'benign', 'duplicate', 'other')),
  merged_into          text,
  time_to_acknowledge  bigint,
  time_to_contain      bigint,
  time_to_resolve      bigint,
  handling_time        bigint,
  acknowledged_at      timestamptz,
  resolved_at          timestamptz,
  policy_versions      jsonb not null default '{}'::jsonb,
  alert_count          bigint not null default 0,
  event_count          bigint not null default 0,
  search               tsvector not null default ''::tsvector,
  primary key (tenant_id, id)
);
-- The queue pages by (opened_at, id) descending, with or without each filter.
create index incidents_recent on incidents (tenant_id, opened_at desc, id desc);
create index incidents_by_status on incidents (tenant_id, status, opened_at desc, id desc);
create index incidents_by_severity on incidents (tenant_id, severity, opened_at desc, id desc);
create index incidents_by_assignee on incidents (tenant_id, assignee, opened_at desc, id desc);
create index incidents_breached on incidents (tenant_id, opened_at desc, id desc) where breached;
create index incidents_open on incidents (tenant_id, opened_at desc, id desc)
  where status not in ('resolved', 'closed');
create index incidents_entities on incidents using gin (entity_values);
create index incidents_tags on incidents using gin (tags);
create index incidents_search on incidents using gin (search);

-- Which alerts an incident holds, and where each came from (a merge keeps the origin).
create table incident_alerts (
  tenant_id        text not null references tenants (id),
  incident_id      text not null,
  alert_id         uuid not null,
  attached_at      timestamptz not null,
  attached_by      text not null,
  origin_incident  text not null,
  primary key (tenant_id, incident_id, alert_id)
);

create table incident_timeline (
  tenant_id        text not null references tenants (id),
  incident_id      text not null,
  origin_incident  text not null,
  seq              bigint not null,
  at               timestamptz not null,
  actor            text not null,
  kind             text not null,
  summary          text not null,
  data             jsonb not null default '{}'::jsonb,
  primary key (tenant_id, incident_id, origin_incident, seq)
);
create index incident_timeline_by_time on incident_timeline (tenant_id, incident_id, at, seq);

create table incident_observables (
  tenant_id        text not null references tenants (id),
  incident_id      text not null,
  kind             text not null,
  value            text not null,
  tlp              text not null check (tlp in ('clear', 'green', 'amber', 'red')),
  first_seen       timestamptz not null,
  last_seen        timestamptz not null,
  sightings        bigint not null default 1,
  sources          text[] not null default '{}',
  origin_incident  text not null,
  primary key (tenant_id, incident_id, kind, value)
);
create index incident_observables_by_value on incident_observables (tenant_id, kind, value);

create table incident_runs (
  tenant_id    text not null references tenants (id),
  incident_id  text not null,
  run_id       text not null,
  playbook     text not null,
  response_id  text,
  started_at   timestamptz not null,
  primary key (tenant_id, incident_id, run_id)
);
create index incident_runs_by_run on incident_runs (tenant_id, run_id);

create table incident_tasks (
  tenant_id    text not null references tenants (id),
  incident_id  text not null,
  task_id      text not null,
  position     integer not null,
  title        text not null,
  mandatory    boolean not null,
  playbook     text,
  status       text not null check (status in ('open', 'done', 'skipped')),
  assignee     text,
  due          timestamptz,
  primary key (tenant_id, incident_id, task_id)
);

-- Correlation: the incident a correlation key currently routes to.
create table incident_routes (
  tenant_id        text not null references tenants (id),
  correlation_key  text not null,
  incident_id      text not null,
  last_alert_at    timestamptz not null,
  primary key (tenant_id, correlation_key)
);

-- Correlation, SLA, response and template policies: versioned JSON documents, newest wins.
create table incident_policies (
  tenant_id   text not null references tenants (id),
  kind        text not null check (kind in ('correlation', 'sla', 'response', 'templates')),
  version     integer not null,
  definition  jsonb not null,
  created_by  text not null,
  created_at  timestamptz not null default now(),
  primary key (tenant_id, kind, version)
);

-- Alerts are routed to incidents once; alerts raised before incidents existed are not.
alter table alerts add column routing text not null default 'skipped'
  check (routing in ('pending', 'sent', 'skipped'));
alter table alerts alter column routing set default 'pending';
create index alerts_unrouted on alerts (tenant_id, created_at) where routing = 'pending';
create index alerts_by_incident on alerts (tenant_id, incident_id) where incident_id is not null;

grant select, insert, update on incidents, incident_tasks, incident_observables to vigil_app;
grant select, insert on incident_alerts, incident_timeline, incident_runs, incident_policies
  to vigil_app;
grant delete on incident_alerts, incident_tasks to vigil_app;
grant update on incident_alerts, incident_timeline to vigil_app;
grant delete on incident_observables to vigil_app;
grant select, insert, update on incident_routes to vigil_app;

do $$
declare t text;
begin
  foreach t in array array['incidents', 'incident_alerts', 'incident_timeline',
                           'incident_observables', 'incident_runs', 'incident_tasks',
                           'incident_routes', 'incident_policies'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy tenant_isolation on %I to vigil_app'
                   ' using (tenant_id = current_setting(''vigil.tenant'', true))'
                   ' with check (tenant_id = current_setting(''vigil.tenant'', true))', t);
  end loop;
end $$;

-- Tells listening API servers (LISTEN vigil_incidents) that an incident changed, so the queue
-- updates live. Sent at commit; carries identifiers only.
create function vigil_notify_incident() returns trigger language plpgsql as $$
begin
  perform pg_notify('vigil_incidents', json_build_object(
    'tenant', new.tenant_id, 'id', new.id, 'seq', new.seq)::text);
  return new;
end $$;

create trigger incidents_notify after insert or update on incidents
  for each row execute function vigil_notify_incident();
