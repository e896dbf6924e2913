#!/bin/bash
# Runs once, when the postgres image initialises an empty data volume: a login role for Temporal
# that may create its own databases. temporalio/auto-setup then creates and migrates `temporal`
# and `temporal_visibility` with it, so Temporal never holds Vigil's (superuser) credentials.
set -euo pipefail
psql -v ON_ERROR_STOP=1 -v temporal_password="${TEMPORAL_DB_PASSWORD:?}" \
  --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_password';
SQL
