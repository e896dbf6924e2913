-- Events, detection rules, the detection consumer's position and state, alerts (DESIGN §6).

-- Tenant settings the SOC loop reads: the timezone of outside-hours rules, event retention, and
-- how long a source may stay silent before it raises an alert.
create table tenant_settings (
  tenant_id       text primary key references tenants (id),
  timezone        text not null default 'UTC',
  retention_days  integer not null default 30 check (retention_days between 1 and 3650),
  source_silence  jsonb not null default '{}'::jsonb,
  updated_at      timestamptz not null default now(),
  updated_by      text not null
);

-- One row per tenant: the number of the last batch committed. The ingest transaction writes its
-- events first (tagged with a chunk id from a sequence, no lock), then takes the next number with
-- an UPDATE, which holds this row's lock until the commit right after: a tenant's batch numbers
-- commit in order, so a consumer that reads "batches after N" never skips one, and concurrent
-- batches of one tenant wait for each other only for that last moment.
create sequence event_chunks;
create table event_streams (
  tenant_id   text primary key references tenants (id),
  last_batch  bigint not null default 0
);

create table event_batches (
  tenant_id        text not null references tenants (id),
  batch_id         bigint not null,
  chunk_id         bigint not null,
  received_at      timestamptz not null default now(),
  received_by      text not null,
  format           text not null,
  accepted         integer not null,
  rejected         integer not null,
  min_time         timestamptz,
  max_time         timestamptz,
  idempotency_key  text,
  response         text not null,   -- the answer as sent, replayed byte for byte
  primary key (tenant_id, batch_id)
);
create unique index event_batches_idempotency on event_batches (tenant_id, idempotency_key)
  where idempotency_key is not null;
create index event_batches_received on event_batches (received_at);

-- The canonical events, partitioned by event day. Partitions are created by the ingest path (as
-- the schema owner) before a batch that needs them, and dropped by retention.
create table events (
  tenant_id    text not null,
  time         timestamptz not null,
  id           uuid not null,
  chunk_id     bigint not null,
  ordinal      integer not null,
  ingested_at  timestamptz not null,
  format       text not null,
  system       text,
  category     text not null,
  type         text not null,
  action       text,
  outcome      text not null,
  severity     smallint not null,
  actor_name   text,
  src_ip       text,
  dst_ip       text,
  message      text,
  doc          json not null,    -- kept as written: cheaper in and out than jsonb, never queried inside but for raw
  primary key (tenant_id, time, id)
) partition by range (time);
create index events_by_chunk on events (tenant_id, chunk_id, ordinal);
create index events_by_id on events (tenant_id, id);
create index events_by_type on events (tenant_id, type, time desc);
create index events_by_actor on events (tenant_id, actor_name, time desc);
create index events_by_src on events (tenant_id, src_ip, time desc);

-- The stream's sources: format + system, first and last event, for GET /api/v1/sources.
create table event_sources (
  tenant_id         text not null references tenants (id),
  format            text not null,
  system            text not null default '',
  first_event_at    timestamptz not null,
  last_event_at     timestamptz not null,
  first_received_at timestamptz not null,
  last_received_at  timestamptz not null,
  silent_alert_id   uuid,
  primary key (tenant_id, format, system)
);

create table detection_rules (
  tenant_id   text not null references tenants (id),
  key         text not null,
  version     integer not null check (version > 0),
  title       text not null,
  kind        text not null,
  severity    text not null,
  definition  jsonb not null,
  origin      text not null default 'api' check (origin in ('api', 'bundled', 'sigma')),
  created_at  timestamptz not null default now(),
  created_by  text not null,
  primary key (tenant_id, key, version)
);

create table detection_rule_settings (
  tenant_id   text not null references tenants (id),
  key         text not null,
  enabled     boolean not null,
  updated_at  timestamptz not null default now(),
  updated_by  text not null,
  primary key (tenant_id, key)
);

-- Where the detection consumer is in a tenant's stream, and the rules' meta state. A consumer
-- holds this row locked (FOR UPDATE SKIP LOCKED) while it processes, so two workers never
-- process the same tenant; the position, the changed state and the alerts commit together.
create table detection_cursors (
  tenant_id   text primary key references tenants (id),
  last_batch  bigint not null default 0,
  meta        jsonb not null default '{}'::jsonb,
  updated_at  timestamptz not null default now()
);

create table detection_state (
  tenant_id     text not null references tenants (id),
  rule_key      text not null,
  group_key     text not null,
  rule_version  integer not null,
  state         jsonb not null,
  primary key (tenant_id, rule_key, group_key)
);

create table alerts (
  tenant_id         text not null references tenants (id),
  id                uuid not null,
  rule_key          text not null,
  rule_version      integer not null,
  title             text not null,
  severity          text not null check (severity in ('info', 'low', 'medium', 'high', 'critical')),
  status            text not null default 'open' check (status in ('open', 'acknowledged', 'closed')),
  entity_kind       text,
  entity_value      text,
  group_values      jsonb not null default '{}'::jsonb,
  first_seen        timestamptz not null,
  last_seen         timestamptz not null,
  event_count       bigint not null,
  evidence          uuid[] not null,
  mitre             text[] not null default '{}',
  incident_id       text,
  verdict           text check (verdict in ('true_positive', 'false_positive', 'benign')),
  feedback_comment  text,
  feedback_by       text,
  feedback_at       timestamptz,
  status_by         text,
  status_at         timestamptz,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index alerts_recent on alerts (tenant_id, last_seen desc, id desc);
create index alerts_by_rule on alerts (tenant_id, rule_key, last_seen desc);
create index alerts_by_entity on alerts (tenant_id, entity_value);

-- API keys may carry the ingest-only role; members never do.
alter table api_keys drop constraint api_keys_role_check;
alter table api_keys add constraint api_keys_role_check
  check (role in ('owner', 'admin', 'engineer', 'analyst', 'viewer', 'auditor', 'ingestor'));

grant select, insert, update on tenant_settings, event_streams, event_sources,
  detection_rule_settings, detection_cursors, alerts to vigil_app;
grant select, insert on event_batches, events, detection_rules to vigil_app;
grant select, insert, update, delete on detection_state to vigil_app;
grant usage on sequence event_chunks to vigil_app;
grant delete on events, event_batches to vigil_app;

do $$
declare t text;
begin
  foreach t in array array['tenant_settings', 'event_streams', 'event_batches', 'events',
                           'event_sources', 'detection_rules', 'detection_rule_settings',
                           'detection_cursors', 'detection_state', 'alerts'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy tenant_isolation on %I to vigil_app'
                   ' using (tenant_id = current_setting(''vigil.tenant'', true))'
                   ' with check (tenant_id = current_setting(''vigil.tenant'', true))', t);
  end loop;
end $$;

-- Wakes detection consumers (LISTEN vigil_events) when a batch commits; carries the tenant only.
create function vigil_notify_events() returns trigger language plpgsql as $$
begin
  perform pg_notify('vigil_events', new.tenant_id);
  return new;
end $$;

create trigger event_batches_notify after insert on event_batches
  for each row execute function vigil_notify_events();
