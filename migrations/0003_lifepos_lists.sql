-- LIFE POS lists: case-insensitive search and an engine-independent name order.
-- name_lc is the Unicode-lowercased name (search); name_key its UTF-8 bytes in hex, which sort in
-- code-point order under any collation, so SQLite and PostgreSQL page through names alike.

CREATE TABLE platform_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

ALTER TABLE lifepos_workplaces ADD COLUMN name_lc TEXT NOT NULL DEFAULT '';
ALTER TABLE lifepos_workplaces ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX lifepos_workplaces_updated ON lifepos_workplaces (tenant, org_guid, updated_at_ms, guid);
CREATE INDEX lifepos_workplaces_name ON lifepos_workplaces (tenant, org_guid, name_key, guid);
CREATE INDEX lifepos_workplaces_type ON lifepos_workplaces (tenant, org_guid, workplace_type, guid);
CREATE INDEX lifepos_workplaces_activated ON lifepos_workplaces (tenant, org_guid, activated_at_ms, guid);

ALTER TABLE lifepos_employees ADD COLUMN name_lc TEXT NOT NULL DEFAULT '';
ALTER TABLE lifepos_employees ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX lifepos_employees_name ON lifepos_employees (tenant, org_guid, name_key, guid);

ALTER TABLE lifepos_outlets ADD COLUMN name_lc TEXT NOT NULL DEFAULT '';
ALTER TABLE lifepos_outlets ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX lifepos_outlets_name ON lifepos_outlets (tenant, org_guid, name_key, guid);
