-- Connections of the integrations manager: a provider, a name, its configuration (validated by
-- the provider's JSON Schema) and its secrets, sealed with AES-256-GCM under VIGIL_SECRETS_KEY.
-- The plaintext never reaches the database; key_id names the key that sealed them, so keys can
-- rotate. Every change of the configuration is a version, kept for diff and rollback.
create table connections (
  tenant_id     text not null references tenants (id),
  name          text not null check (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  provider      text not null,
  version       integer not null check (version >= 1),
  config        jsonb not null,
  secret_names  text[] not null default '{}',
  secrets_key   text,
  secrets       bytea,
  created_by    text not null,
  created_at    timestamptz not null default now(),
  updated_by    text not null,
  updated_at    timestamptz not null default now(),
  primary key (tenant_id, name),
  check ((secrets is null) = (secrets_key is null))
);

create table connection_versions (
  tenant_id     text not null references tenants (id),
  name          text not null,
  version       integer not null,
  provider      text not null,
  config        jsonb not null,
  secret_names  text[] not null,
  change        text not null check (change in ('created', 'updated', 'restored', 'secrets')),
  changed_by    text not null,
  changed_at    timestamptz not null default now(),
  primary key (tenant_id, name, version)
);

grant select, insert, update, delete on connections, connection_versions to vigil_app;

do $$
declare t text;
begin
  foreach t in array array['connections', 'connection_versions'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy tenant_isolation on %I to vigil_app'
                   ' using (tenant_id = current_setting(''vigil.tenant'', true))'
                   ' with check (tenant_id = current_setting(''vigil.tenant'', true))', t);
  end loop;
end $$;
