-- Scan schedules: what to scan and when (a cron in a timezone, or an interval); each is a
-- ScanScheduleWorkflow (scan-schedule/<tenant>/<name>) that records its next run time here.
create table scan_schedules (
  tenant_id      text not null references tenants (id),
  name           text not null check (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  target         text not null,
  profile        text not null,
  ports          text,
  cron           text,
  every_seconds  bigint not null default 0,
  timezone       text not null default 'UTC',
  paused         boolean not null default false,
  next_run_at    timestamptz,
  last_run_at    timestamptz,
  last_scan_id   uuid,
  last_error     text,
  created_by     text not null,
  created_at     timestamptz not null default now(),
  updated_by     text not null,
  updated_at     timestamptz not null default now(),
  primary key (tenant_id, name),
  check ((cron is null) <> (every_seconds = 0))
);

grant select, insert, update, delete on scan_schedules to vigil_app;
alter table scan_schedules enable row level security;
create policy tenant_isolation on scan_schedules to vigil_app
  using (tenant_id = current_setting('vigil.tenant', true))
  with check (tenant_id = current_setting('vigil.tenant', true));
