-- Hash-chained audit trail: each row's hash covers its content and the previous row's hash of the
-- same tenant, so editing or deleting a row breaks the chain where it happened.

-- The one canonical form of a row, used both when appending and when verifying.
create function vigil_audit_hash(prev text, tenant text, at timestamptz, actor text, action text,
                                 target text, outcome text, details jsonb)
  returns text language sql immutable as $$
  select encode(sha256(convert_to(concat_ws(chr(31),
           coalesce(prev, ''), tenant, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           actor, action, target, outcome, coalesce(details::text, '')), 'UTF8')), 'hex')
$$;

alter table audit_log add column prev_hash text;
alter table audit_log add column hash text;

-- Chain rows written before this migration, tenant by tenant, in id order.
alter table audit_log disable trigger audit_log_append_only;
do $$
declare r record; last_hash text; last_tenant text;
begin
  for r in select * from audit_log order by tenant_id, id loop
    if last_tenant is distinct from r.tenant_id then
      last_hash := null;
      last_tenant := r.tenant_id;
    end if;
    update audit_log set prev_hash = last_hash,
      hash = vigil_audit_hash(last_hash, r.tenant_id, r.at, r.actor, r.action, r.target, r.outcome, r.details)
      where id = r.id
      returning hash into last_hash;
  end loop;
end $$;
alter table audit_log enable trigger audit_log_append_only;

alter table audit_log alter column hash set not null;
create index audit_chain on audit_log (tenant_id, id);
