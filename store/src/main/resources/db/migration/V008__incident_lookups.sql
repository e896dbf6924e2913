-- The incident queue's entity=, tag= and q= filters, as plain equality lookups. Under row-level
-- security PostgreSQL does not use the GIN indexes of incidents.entity_values and incidents.search
-- (@> and @@ are not leakproof, so they may not run before the tenant policy): those filters
-- scanned the table. Text equality is leakproof, so these btree indexes serve them.
create table incident_entities (
  tenant_id    text not null references tenants (id),
  incident_id  text not null,
  value        text not null,
  primary key (tenant_id, value, incident_id)
);

create table incident_tags (
  tenant_id    text not null references tenants (id),
  incident_id  text not null,
  tag          text not null,
  primary key (tenant_id, tag, incident_id)
);

create table incident_terms (
  tenant_id    text not null references tenants (id),
  incident_id  text not null,
  term         text not null,
  primary key (tenant_id, term, incident_id)
);

insert into incident_entities (tenant_id, incident_id, value)
  select distinct tenant_id, id, unnest(entity_values) from incidents;
insert into incident_tags (tenant_id, incident_id, tag)
  select distinct tenant_id, id, unnest(tags) from incidents;
insert into incident_terms (tenant_id, incident_id, term)
  select distinct tenant_id, id, unnest(tsvector_to_array(search)) from incidents;

grant select, insert, delete on incident_entities, incident_tags, incident_terms to vigil_app;

do $$
declare t text;
begin
  foreach t in array array['incident_entities', 'incident_tags', 'incident_terms'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy tenant_isolation on %I to vigil_app'
                   ' using (tenant_id = current_setting(''vigil.tenant'', true))'
                   ' with check (tenant_id = current_setting(''vigil.tenant'', true))', t);
  end loop;
end $$;
