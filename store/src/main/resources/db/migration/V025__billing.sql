-- Billing and entitlements. A tenant's plan (the installation's configured plan when billing is
-- off, else what its Stripe subscription says) and the usage counters its limits are checked
-- against: one row per tenant, metric and period, incremented in the transaction that does the
-- work, so reading usage never counts the events or runs tables.
create table tenant_billing (
  tenant_id        text primary key references tenants (id),
  plan             text not null,
  status           text not null default 'active'
                     check (status in ('active', 'trialing', 'past_due', 'canceled')),
  stripe_customer  text unique,
  subscription     text,
  grace_until      timestamptz,
  updated_at       timestamptz not null default now()
);

create table usage_counters (
  tenant_id  text not null references tenants (id),
  metric     text not null check (metric in ('runs', 'events', 'scans')),
  period     date not null,
  value      bigint not null default 0,
  primary key (tenant_id, metric, period)
);

grant select, insert, update on tenant_billing, usage_counters to vigil_app;
alter table tenant_billing enable row level security;
create policy tenant_isolation on tenant_billing to vigil_app
  using (tenant_id = current_setting('vigil.tenant', true))
  with check (tenant_id = current_setting('vigil.tenant', true));
alter table usage_counters enable row level security;
create policy tenant_isolation on usage_counters to vigil_app
  using (tenant_id = current_setting('vigil.tenant', true))
  with check (tenant_id = current_setting('vigil.tenant', true));

-- what the tenant already did this period, counted once from the tables it lives in
insert into usage_counters (tenant_id, metric, period, value)
  select tenant_id, 'runs', date_trunc('month', now() at time zone 'UTC')::date, count(*)
  from runs where started_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'
  group by tenant_id;
insert into usage_counters (tenant_id, metric, period, value)
  select tenant_id, 'scans', (now() at time zone 'UTC')::date, count(*)
  from scans where created_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'
  group by tenant_id;
insert into usage_counters (tenant_id, metric, period, value)
  select tenant_id, 'events', (now() at time zone 'UTC')::date, sum(accepted)
  from event_batches where received_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'
  group by tenant_id;
