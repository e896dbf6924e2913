-- Custom roles: a tenant's own roles, composed from Vigil's permissions (stored by their keys, such
-- as alert.read). The built-in roles are not rows: they are the code's permission matrix and cannot
-- be edited, so no custom role may take their names.
create table tenant_roles (
  tenant_id    text not null references tenants (id),
  name         text not null check (name ~ '^[a-z][a-z0-9-]{1,39}$'
                 and name not in ('owner', 'admin', 'engineer', 'analyst', 'viewer', 'auditor',
                                  'ingestor')),
  description  text not null default '' check (length(description) <= 500),
  permissions  text[] not null,
  version      integer not null default 1,
  created_by   text not null,
  created_at   timestamptz not null default now(),
  updated_by   text not null,
  updated_at   timestamptz not null default now(),
  primary key (tenant_id, name)
);

grant select, insert, update, delete on tenant_roles to vigil_app;
alter table tenant_roles enable row level security;
create policy tenant_isolation on tenant_roles to vigil_app
  using (tenant_id = current_setting('vigil.tenant', true))
  with check (tenant_id = current_setting('vigil.tenant', true));

-- Members and API keys may now hold a custom role of their tenant. The lists of names give way to
-- a trigger that accepts a built-in name or a role row of the same tenant (locked, so a role
-- cannot be deleted while a member is being given it) ...
alter table memberships drop constraint memberships_role_check;
alter table memberships add constraint memberships_role_check
  check (role ~ '^[a-z][a-z0-9-]{1,39}$' and role <> 'ingestor');
alter table api_keys drop constraint api_keys_role_check;
alter table api_keys add constraint api_keys_role_check check (role ~ '^[a-z][a-z0-9-]{1,39}$');

create function vigil_role_exists() returns trigger language plpgsql as $$
begin
  if new.role in ('owner', 'admin', 'engineer', 'analyst', 'viewer', 'auditor', 'ingestor') then
    return new;
  end if;
  perform 1 from tenant_roles where tenant_id = new.tenant_id and name = new.role for key share;
  if not found then
    raise exception 'tenant % has no role %', new.tenant_id, new.role using errcode = '23503';
  end if;
  return new;
end $$;

create trigger memberships_role_exists before insert or update of role on memberships
  for each row execute function vigil_role_exists();
create trigger api_keys_role_exists before insert or update of role on api_keys
  for each row execute function vigil_role_exists();

-- ... and a role still held by a member or by a key that is not revoked cannot be deleted.
create function vigil_role_unused() returns trigger language plpgsql as $$
begin
  if exists (select 1 from memberships where tenant_id = old.tenant_id and role = old.name)
     or exists (select 1 from api_keys
                where tenant_id = old.tenant_id and role = old.name and revoked_at is null) then
    raise exception 'role % of tenant % is still held', old.name, old.tenant_id
      using errcode = '23503';
  end if;
  return old;
end $$;

create trigger tenant_roles_unused before delete on tenant_roles
  for each row execute function vigil_role_unused();
