-- Vigil system of record. Every table carries tenant_id; every query filters by it.

create table tenants (
  id          text primary key,
  name        text not null,
  created_at  timestamptz not null default now()
);
insert into tenants (id, name) values ('default', 'Default tenant');

-- Raised by triggers on tables whose rows must never change once written.
create function vigil_forbid_change() returns trigger language plpgsql as $$
begin
  raise exception '% rows are immutable (% refused)', tg_table_name, tg_op
    using errcode = 'integrity_constraint_violation';
end $$;

-- Published playbook versions: immutable; the same definition is never stored twice.
create table playbook_versions (
  tenant_id     text not null references tenants (id),
  key           text not null,
  version       integer not null check (version > 0),
  title         text not null,
  definition    jsonb not null,           -- normalised: equality and hashing
  source        text not null,            -- as submitted: what users read back
  sha256        text not null,
  published_by  text not null,
  published_at  timestamptz not null default now(),
  primary key (tenant_id, key, version),
  unique (tenant_id, key, sha256)
);
create trigger playbook_versions_immutable before update or delete on playbook_versions
  for each row execute function vigil_forbid_change();

-- Projection of playbook runs, written by the run workflow through activities.
-- seq is the last applied projection event of the run (events are applied at most once, in order).
create table runs (
  tenant_id         text not null references tenants (id),
  run_id            text not null,
  workflow_id       text not null,
  playbook_key      text not null,
  playbook_version  integer not null,
  status            text not null,
  mode              text not null,
  inputs            jsonb not null,
  outputs           jsonb,
  error             jsonb,
  started_by        text not null,
  started_at        timestamptz not null,
  ended_at          timestamptz,
  seq               bigint not null default 0,
  updated_at        timestamptz not null default now(),
  primary key (tenant_id, run_id),
  unique (workflow_id)
);
create index runs_by_start on runs (tenant_id, started_at desc, run_id desc);
create index runs_by_status on runs (tenant_id, status, started_at desc);
create index runs_by_playbook on runs (tenant_id, playbook_key, started_at desc);
create index runs_open on runs (status) where status in ('running', 'waiting_approval');

-- Step states of a run (the latest iteration for steps inside loops).
create table run_steps (
  tenant_id   text not null,
  run_id      text not null,
  step_id     text not null,
  position    integer not null,
  state       jsonb not null,
  seq         bigint not null,
  primary key (tenant_id, run_id, step_id),
  foreign key (tenant_id, run_id) references runs (tenant_id, run_id)
);

create table approvals (
  tenant_id     text not null,
  run_id        text not null,
  step_id       text not null,
  playbook_key  text not null,
  prompt        text not null,
  approvers     jsonb not null,
  quorum        integer not null,
  status        text not null,
  opened_at     timestamptz not null,
  due_at        timestamptz,
  decided_at    timestamptz,
  seq           bigint not null,
  primary key (tenant_id, run_id, step_id),
  foreign key (tenant_id, run_id) references runs (tenant_id, run_id)
);
create index approvals_pending on approvals (tenant_id, status, opened_at, run_id, step_id);

-- One vote per actor per approval: retries and replays cannot duplicate a vote.
create table approval_votes (
  tenant_id  text not null,
  run_id     text not null,
  step_id    text not null,
  actor      text not null,
  decision   text not null check (decision in ('approve', 'reject')),
  comment    text,
  voted_at   timestamptz not null,
  primary key (tenant_id, run_id, step_id, actor),
  foreign key (tenant_id, run_id, step_id) references approvals (tenant_id, run_id, step_id)
);

-- Append-only audit trail.
create table audit_log (
  id        bigserial primary key,
  tenant_id text not null references tenants (id),
  at        timestamptz not null default now(),
  actor     text not null,
  action    text not null,
  target    text not null,
  outcome   text not null,
  details   jsonb
);
create index audit_by_tenant on audit_log (tenant_id, id desc);
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function vigil_forbid_change();
