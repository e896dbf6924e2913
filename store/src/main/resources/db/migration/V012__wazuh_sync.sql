-- The Wazuh app's cache, filled by WazuhSyncWorkflow per connection: the agents inventory, the
-- SCA summaries per agent and policy, and the sync's own state — the indexer cursor of the
-- alerts already ingested (advanced in the same transaction as the events, so a retry never
-- ingests twice and a restart never skips) and what the API shows as its status. A deleted
-- connection takes its cache with it.
create table wazuh_agents (
  tenant_id        text not null,
  connection       text not null,
  agent_id         text not null,
  name             text,
  ip               text,
  status           text,
  version          text,
  os_name          text,
  os_version       text,
  os_platform      text,
  last_keep_alive  timestamptz,
  date_add         timestamptz,
  groups           text[] not null default '{}',
  node             text,
  synced_at        timestamptz not null,
  primary key (tenant_id, connection, agent_id),
  foreign key (tenant_id, connection) references connections (tenant_id, name) on delete cascade
);

create table wazuh_sca (
  tenant_id     text not null,
  connection    text not null,
  agent_id      text not null,
  policy_id     text not null,
  name          text,
  description   text,
  score         integer,
  pass          integer,
  fail          integer,
  invalid       integer,
  total_checks  integer,
  end_scan      timestamptz,
  synced_at     timestamptz not null,
  primary key (tenant_id, connection, agent_id, policy_id),
  foreign key (tenant_id, connection) references connections (tenant_id, name) on delete cascade
);

create table wazuh_sync (
  tenant_id         text not null,
  connection        text not null,
  paused            boolean not null default false,
  -- the sort values (timestamp in epoch ms, _id) of the last alert ingested
  alerts_after_ms   bigint,
  alerts_after_id   text,
  alerts_ingested   bigint not null default 0,
  agents_synced_at  timestamptz,
  sca_synced_at     timestamptz,
  alerts_synced_at  timestamptz,
  last_success      timestamptz,
  last_error        text,
  last_error_at     timestamptz,
  primary key (tenant_id, connection),
  foreign key (tenant_id, connection) references connections (tenant_id, name) on delete cascade
);

grant select, insert, update, delete on wazuh_agents, wazuh_sca, wazuh_sync to vigil_app;

do $$
declare t text;
begin
  foreach t in array array['wazuh_agents', 'wazuh_sca', 'wazuh_sync'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy tenant_isolation on %I to vigil_app'
                   ' using (tenant_id = current_setting(''vigil.tenant'', true))'
                   ' with check (tenant_id = current_setting(''vigil.tenant'', true))', t);
  end loop;
end $$;
