-- Tried by `./vigil bench incidents --try bench/try/incident-queue-view.sql`, in the benchmark's
-- database only (it renames a table: do not point it at a database you keep).
--
-- Under row-level security PostgreSQL uses an index only for conditions whose operators are
-- LEAKPROOF; `@>` on arrays and `@@` on tsvector are not, so entity=, tag= and q= can only walk
-- incidents_recent or scan the whole table (every tenant's rows). A view owned by the schema
-- owner that keeps the tenant filter lets the planner use incidents_entities, incidents_tags
-- and incidents_search. Renaming the table makes the store's unchanged SQL (`from incidents`)
-- read such a view, so the numbers are those of the proposal:
--   create view incident_queue as
--     select * from incidents where tenant_id = current_setting('vigil.tenant', true);
--   grant select on incident_queue to vigil_app;
-- and IncidentReads.list reading `from incident_queue incidents`.
alter table incidents rename to incident_rows;
create view incidents as
  select * from incident_rows where tenant_id = current_setting('vigil.tenant', true);
grant select on incidents to vigil_app;
