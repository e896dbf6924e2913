-- Report retention: a tenant keeps its finished reports report_retention_days after they ended
-- (0: for ever). The daily retention workflow deletes an expired report's file from the file
-- store and keeps the row, marked expired, so the reports section still shows what was made.
alter table tenant_settings add column report_retention_days integer not null default 90
  check (report_retention_days between 0 and 3650);

alter table reports drop constraint reports_status_check;
alter table reports add constraint reports_status_check
  check (status in ('queued', 'running', 'succeeded', 'failed', 'expired'));
alter table reports add column expired_at timestamptz;

-- retention finds a tenant's finished reports by when they ended
create index reports_ended on reports (tenant_id, ended_at) where status in ('succeeded', 'failed');
