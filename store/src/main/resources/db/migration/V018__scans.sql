-- Network scans. A scan is queued by the API, run by ScanWorkflow (scan/<tenant>/<id>) once the
-- tenant has a free scan slot (scan_concurrency), and ends succeeded, failed or cancelled. Its
-- progress is the running nmap's latest (percent, hosts done, ETA); its findings are what nmap
-- reported, replaced as a whole if a retried attempt runs nmap again. scope_key is the scan's
-- normalised target and port selection: the previous scan of the same scope is what a scan is
-- diffed against.
create table scans (
  tenant_id     text not null references tenants (id),
  id            uuid not null,
  target        text not null,
  profile       text not null,
  ports         text,
  scope_key     text not null,
  status        text not null check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  requested_by  text not null,
  schedule_id   text,
  created_at    timestamptz not null default now(),
  started_at    timestamptz,
  ended_at      timestamptz,
  progress      jsonb,
  summary       jsonb,
  error         text,
  published     boolean not null default false,
  primary key (tenant_id, id)
);
create index scans_recent on scans (tenant_id, created_at desc, id desc);
create index scans_by_scope on scans (tenant_id, scope_key, ended_at desc) where status = 'succeeded';
create index scans_running on scans (tenant_id) where status = 'running';

-- One row per host (kind 'host', port 0) and per port nmap reported on it (kind 'port').
create table scan_findings (
  tenant_id   text not null,
  scan_id     uuid not null,
  kind        text not null check (kind in ('host', 'port')),
  address     text not null,
  hostname    text,
  protocol    text not null default '',
  port        integer not null default 0,
  state       text not null,
  reason      text,
  service     text,
  product     text,
  version     text,
  extra_info  text,
  cpe         text[] not null default '{}',
  scripts     jsonb not null default '{}',
  primary key (tenant_id, scan_id, address, protocol, port),
  foreign key (tenant_id, scan_id) references scans (tenant_id, id) on delete cascade
);

-- The tenant's scan scope (blocks and host names that may be scanned; empty: none) and how many
-- of its scans may run at once (the others wait, queued).
alter table tenant_settings add column scan_scope jsonb not null default '[]';
alter table tenant_settings add column scan_concurrency integer not null default 2
  check (scan_concurrency between 1 and 20);

grant select, insert, update, delete on scans, scan_findings to vigil_app;
alter table scans enable row level security;
create policy tenant_isolation on scans to vigil_app
  using (tenant_id = current_setting('vigil.tenant', true))
  with check (tenant_id = current_setting('vigil.tenant', true));
alter table scan_findings enable row level security;
create policy tenant_isolation on scan_findings to vigil_app
  using (tenant_id = current_setting('vigil.tenant', true))
  with check (tenant_id = current_setting('vigil.tenant', true));
