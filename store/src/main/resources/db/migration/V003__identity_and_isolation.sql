-- Identity (users, memberships, API keys) and tenant isolation enforced by PostgreSQL itself.
--
-- The application connects as the schema owner but does its tenant work as the role vigil_app,
-- switched to per transaction (set local role) together with the tenant (vigil.tenant). vigil_app
-- owns nothing, so the row-level security policies below apply to it: a query that forgets its
-- tenant filter still sees only the current tenant's rows. The owner keeps the few cross-tenant
-- duties (login, API-key lookup, start-up reconciliation, tenant management).

-- Platform-level audit records (logins with unknown names, tenant management) live in this
-- reserved tenant; tenant ids chosen by people cannot start with an underscore.
insert into tenants (id, name) values ('_system', 'Platform') on conflict (id) do nothing;
alter table tenants add column created_by text;

-- People and service identities. Global: one person may belong to several tenants.
create table users (
  username        text primary key check (username ~ '^[a-z0-9][a-z0-9._@+-]{0,127}$'),
  display_name    text not null,
  password_hash   text,                       -- null: cannot sign in with a password
  platform_owner  boolean not null default false,
  disabled        boolean not null default false,
  failed_logins   integer not null default 0,
  locked_until    timestamptz,
  last_login_at   timestamptz,
  created_at      timestamptz not null default now(),
  created_by      text not null
);

-- One role per user per tenant.
create table memberships (
  tenant_id   text not null references tenants (id),
  username    text not null references users (username),
  role        text not null check (role in ('owner', 'admin', 'engineer', 'analyst', 'viewer', 'auditor')),
  disabled    boolean not null default false,
  created_at  timestamptz not null default now(),
  created_by  text not null,
  updated_at  timestamptz not null default now(),
  primary key (tenant_id, username)
);
create index memberships_by_user on memberships (username);

-- API keys: only the SHA-256 of the secret is stored. A key acts as the user who created it, in one
-- tenant, with a role no higher than that user's.
create table api_keys (
  tenant_id     text not null references tenants (id),
  id            text not null,
  name          text not null,
  prefix        text not null,                -- the first characters, to recognise a key in lists
  secret_sha256 text not null unique,
  username      text not null references users (username),
  role          text not null check (role in ('owner', 'admin', 'engineer', 'analyst', 'viewer', 'auditor')),
  created_at    timestamptz not null default now(),
  expires_at    timestamptz,
  revoked_at    timestamptz,
  revoked_by    text,
  last_used_at  timestamptz,
  primary key (tenant_id, id),
  unique (id)
);
create index api_keys_by_tenant on api_keys (tenant_id, created_at desc, id desc);

-- The application role. Created once per PostgreSQL cluster (roles are cluster-wide); on a managed
-- server, a DBA can create it beforehand and grant it to the owner.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'vigil_app') then
    begin
      create role vigil_app nologin;
    exception when duplicate_object then null; -- created concurrently by another database
    end;
  end if;
  if not pg_has_role(current_user, 'vigil_app', 'member') then
    execute format('grant vigil_app to %I', current_user);
  end if;
end $$;

grant usage on schema public to vigil_app;
grant select on tenants to vigil_app;
-- users: never the password hash or lockout state for tenant-scoped work
grant select (username, display_name, disabled, created_at) on users to vigil_app;
grant select, insert on playbook_versions to vigil_app;
grant select, insert, update on runs, run_steps, approvals to vigil_app;
grant select, insert on approval_votes to vigil_app;
-- audit: append and read only; no UPDATE or DELETE, whatever the triggers say
grant select, insert on audit_log to vigil_app;
grant usage on sequence audit_log_id_seq to vigil_app;
grant select, insert, update on memberships, api_keys to vigil_app;

-- Row-level security: vigil_app sees and writes only rows of the transaction's tenant.
do $$
declare t text;
begin
  foreach t in array array['playbook_versions', 'runs', 'run_steps', 'approvals', 'approval_votes',
                           'audit_log', 'memberships', 'api_keys'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy tenant_isolation on %I to vigil_app'
                   ' using (tenant_id = current_setting(''vigil.tenant'', true))'
                   ' with check (tenant_id = current_setting(''vigil.tenant'', true))', t);
  end loop;
end $$;
