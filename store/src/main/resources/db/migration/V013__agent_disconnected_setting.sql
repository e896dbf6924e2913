-- How long a Wazuh agent may stay disconnected before the sync raises an alert about it (a
-- duration text such as 1h); null is the default, one hour.
alter table tenant_settings add column agent_disconnected_after text;
