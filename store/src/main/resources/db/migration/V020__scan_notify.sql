-- Tells listening API servers (LISTEN vigil_scans) that a scan changed — queued, claimed, a new
-- progress heartbeat, finished — so the Scans screen follows it live. Sent at commit; carries
-- identifiers only (the API reads the row under the tenant's row-level security).
create function vigil_notify_scan() returns trigger language plpgsql as $$
begin
  perform pg_notify('vigil_scans', json_build_object('tenant', new.tenant_id, 'id', new.id)::text);
  return new;
end $$;

create trigger scans_notify after insert or update on scans
  for each row execute function vigil_notify_scan();
