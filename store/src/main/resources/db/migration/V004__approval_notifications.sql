-- Tells listening API servers (LISTEN vigil_approvals) that an approval opened, changed or closed,
-- so the approvals inbox updates live. Sent at commit; carries no content beyond identifiers.
create function vigil_notify_approval() returns trigger language plpgsql as $$
begin
  perform pg_notify('vigil_approvals', json_build_object(
    'tenant', new.tenant_id, 'runId', new.run_id, 'stepId', new.step_id, 'status', new.status)::text);
  return new;
end $$;

create trigger approvals_notify after insert or update on approvals
  for each row execute function vigil_notify_approval();
