-- The Wazuh app's alerts timeline of one agent: a connection's Wazuh alerts by the agent's id
-- (kept in the event's attributes, as the alert carries it), newest first. Partial, so other
-- formats pay nothing at ingest but the predicate.
create index events_wazuh_by_agent on events
  (tenant_id, (doc -> 'source' ->> 'integration'), (doc -> 'attributes' -> 'agent' ->> 'id'), time desc)
  where format = 'wazuh-alert';
