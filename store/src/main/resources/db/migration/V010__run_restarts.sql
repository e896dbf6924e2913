-- A run started again from an ended one's inputs points back to it (POST /runs/{id}/restart).
alter table runs add column restarted_from text;
create index runs_restarted_from on runs (tenant_id, restarted_from) where restarted_from is not null;
