-- Each tenant's session epoch: a random value that every reset, `fixtures?mode=replace` and
-- re-creation replaces, and that a stateless token (a СУП JWT) carries, so it dies with them.
-- And when the tenant was last used, for evicting idle tenants (src/platform/tenant.rs).
ALTER TABLE tenants ADD COLUMN session_epoch TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN last_used_at_ms BIGINT NOT NULL DEFAULT 0;
-- Tenants older than this column count as used when they were created.
UPDATE tenants SET last_used_at_ms = created_at_ms;
