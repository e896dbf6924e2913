-- Notification routing. Channels are connections (providers slack, smtp, webhook, pagerduty); a
-- route sends some events (approval.opened, approval.escalated, incident.opened,
-- incident.sla_breached), optionally only of some severities, to one channel and target (a Slack
-- channel, a list of addresses, nothing for a webhook, a PagerDuty service's routing key).
create table notification_routes (
  tenant_id    text not null references tenants (id),
  name         text not null check (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  events       text[] not null check (cardinality(events) >= 1),
  severities   text[] not null default '{}',   -- empty: every severity
  connection   text not null,
  target       text,
  enabled      boolean not null default true,
  created_by   text not null,
  created_at   timestamptz not null default now(),
  updated_by   text not null,
  updated_at   timestamptz not null default now(),
  primary key (tenant_id, name)
);

-- What was delivered, once per notification and route: a retried delivery finds its row and sends
-- nothing twice; ref keeps what the channel answered (a Slack message's channel and ts, so the
-- message can be updated once the approval is decided).
create table notification_deliveries (
  tenant_id     text not null references tenants (id),
  key           text not null,               -- the notification, e.g. approval.opened/<run>/<step>
  route         text not null,
  event         text not null,
  connection    text not null,
  provider      text not null,
  target        text,
  status        text not null check (status in ('sent', 'failed')),
  ref           jsonb,
  error         text,
  attempts      integer not null default 1,
  sent_at       timestamptz not null default now(),
  primary key (tenant_id, key, route)
);
create index notification_deliveries_recent on notification_deliveries (tenant_id, sent_at desc);

grant select, insert, update, delete on notification_routes, notification_deliveries to vigil_app;
alter table notification_routes enable row level security;
create policy tenant_isolation on notification_routes to vigil_app
  using (tenant_id = current_setting('vigil.tenant', true))
  with check (tenant_id = current_setting('vigil.tenant', true));
alter table notification_deliveries enable row level security;
create policy tenant_isolation on notification_deliveries to vigil_app
  using (tenant_id = current_setting('vigil.tenant', true))
  with check (tenant_id = current_setting('vigil.tenant', true));

-- Members' e-mail addresses (optional, per tenant: a tenant's admins cannot change where another
-- tenant's mail goes): where approval e-mails go, and how a Slack user is recognised as a member
-- (the same address in the Slack profile).
alter table memberships add column email text check (email is null or email ~ '^[^@\s]+@[^@\s]+$');
create index memberships_by_email on memberships (tenant_id, lower(email));

-- Each connection gets an opaque public id: the path of the URLs other services call back on
-- (Slack's interactions Request URL), which is how a signed request finds its tenant and
-- connection without naming either.
alter table connections add column public_id text;
update connections set public_id = md5(random()::text || tenant_id || name) where public_id is null;
alter table connections alter column public_id set not null;
create unique index connections_by_public_id on connections (public_id);
