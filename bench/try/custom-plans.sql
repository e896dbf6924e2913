-- Tried by `./vigil bench incidents --try bench/try/incident-queue-view.sql --try
-- bench/try/custom-plans.sql`, after the view, in the benchmark's database only.
--
-- Once the GIN indexes can be used, a cached generic plan (the JDBC driver prepares a statement on
-- the server from its fifth use, and PostgreSQL may then keep one plan for all values) takes the
-- bitmap path for every word, also for a word in every incident. Custom plans choose per value.
-- The proposal sets it for the list's own transaction, in IncidentReads.list:
--   select set_config('plan_cache_mode', 'force_custom_plan', true)
-- Here the database default is set instead, which also re-plans the other reads.
do $$ begin
  execute format('alter database %I set plan_cache_mode = force_custom_plan', current_database());
end $$;
