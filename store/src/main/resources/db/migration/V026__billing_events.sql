-- Stripe webhook events Vigil has taken, by Stripe's event id: a replayed event (Stripe retries,
-- or a captured request sent again) finds its id here and changes nothing. Installation-wide (the
-- tenant is known only once the event's customer is looked up), read and written as the owner.
create table billing_events (
  event_id     text primary key,
  type         text not null,
  tenant_id    text references tenants (id),
  received_at  timestamptz not null default now()
);
create index billing_events_tenant on billing_events (tenant_id, received_at);

-- no grant to vigil_app: only the owner reads and writes it. Row-level security like every table
-- with a tenant column, as a backstop should a grant ever be added.
alter table billing_events enable row level security;
create policy tenant_isolation on billing_events to vigil_app
  using (tenant_id = current_setting('vigil.tenant', true))
  with check (tenant_id = current_setting('vigil.tenant', true));
