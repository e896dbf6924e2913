-- Report schedules: a period report (executive summary, audit) generated on a cron or an interval
-- by ReportScheduleWorkflow (report-schedule/<tenant>/<name>, queue reports) and e-mailed to a list
-- through one of the tenant's smtp connections. The API keeps the rows; the workflow its run times.
create table report_schedules (
  tenant_id      text not null references tenants (id),
  name           text not null check (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  type           text not null check (type in ('executive_summary', 'audit')),
  format         text not null check (format in ('pdf', 'csv', 'json')),
  period         text not null check (period in ('day', 'week', 'month')),
  connection     text not null,
  recipients     text[] not null check (cardinality(recipients) between 1 and 50),
  cron           text,
  every_seconds  bigint not null default 0,
  timezone       text not null default 'UTC',
  paused         boolean not null default false,
  next_run_at    timestamptz,
  last_run_at    timestamptz,
  last_report_id uuid,
  last_error     text,
  created_by     text not null,
  created_at     timestamptz not null default now(),
  updated_by     text not null,
  updated_at     timestamptz not null default now(),
  primary key (tenant_id, name),
  check ((cron is null) <> (every_seconds = 0))
);

grant select, insert, update, delete on report_schedules to vigil_app;
alter table report_schedules enable row level security;
create policy tenant_isolation on report_schedules to vigil_app
  using (tenant_id = current_setting('vigil.tenant', true))
  with check (tenant_id = current_setting('vigil.tenant', true));

-- a scheduled report says which schedule made it and whom it was e-mailed to
alter table reports add column schedule_name text;
alter table reports add column delivered_to text[];
alter table reports add column delivered_at timestamptz;
alter table reports add column delivery_error text;
