-- Vigil's processes — api-servers and workers — and their last heartbeat: the platform owners'
-- Nodes page. Not tenant data: no tenant_id and no row-level security; the application role
-- vigil_app gets no grant on it, so only platform-level code (running as the owner) reads it.
create table nodes (
  id            text primary key,
  kind          text not null check (kind in ('api', 'worker')),
  version       text not null,
  host          text not null,
  pid           bigint not null,
  started_at    timestamptz not null,
  heartbeat_at  timestamptz not null,
  task_queues   text[] not null default '{}',
  health        text not null,
  details       jsonb not null default '{}'
);
create index nodes_heartbeat on nodes (heartbeat_at);
-- Row-level security with no policy: should a grant ever reach vigil_app by mistake, tenant
-- work still sees no node (the owner, which platform code runs as, is not subject to it).
alter table nodes enable row level security;
