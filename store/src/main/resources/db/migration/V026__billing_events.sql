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
