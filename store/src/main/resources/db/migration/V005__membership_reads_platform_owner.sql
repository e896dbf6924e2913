-- Resolving a caller reads their membership and whether they are a platform owner in one
-- tenant-scoped query, so the application role may read that column too (still never the
-- password hash or the lockout state).
grant select (platform_owner) on users to vigil_app;
