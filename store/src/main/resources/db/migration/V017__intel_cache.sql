-- Threat-intelligence verdicts, kept per tenant, provider and indicator until they expire (the
-- connection's cacheTtl, one hour by default), so the same indicator is not looked up twice in an
-- hour — free tiers allow a few requests a minute.
create table intel_cache (
  tenant_id    text not null references tenants (id),
  provider     text not null,
  kind         text not null check (kind in ('ip', 'domain', 'url', 'file')),
  indicator    text not null,
  verdict      jsonb not null,
  fetched_at   timestamptz not null,
  expires_at   timestamptz not null,
  primary key (tenant_id, provider, kind, indicator)
);
create index intel_cache_expiry on intel_cache (expires_at);

grant select, insert, update, delete on intel_cache to vigil_app;
alter table intel_cache enable row level security;
create policy tenant_isolation on intel_cache to vigil_app
  using (tenant_id = current_setting('vigil.tenant', true))
  with check (tenant_id = current_setting('vigil.tenant', true));
