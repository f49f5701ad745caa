-- LIFE POS organizations as the v6 pages describe them (alias, support, extensions, change time),
-- listed and searched like the other lists; outlets with their legal entity, brand and extensions.

ALTER TABLE lifepos_organizations ADD COLUMN alias TEXT NOT NULL DEFAULT '';
-- alias lowercased: aliases are unique regardless of case, and sign-in finds one in any case
ALTER TABLE lifepos_organizations ADD COLUMN alias_lc TEXT NOT NULL DEFAULT '';
ALTER TABLE lifepos_organizations ADD COLUMN support TEXT;
ALTER TABLE lifepos_organizations ADD COLUMN extensions TEXT NOT NULL DEFAULT '{}';
ALTER TABLE lifepos_organizations ADD COLUMN name_lc TEXT NOT NULL DEFAULT '';
ALTER TABLE lifepos_organizations ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE lifepos_organizations ADD COLUMN updated_at_ms BIGINT NOT NULL DEFAULT 0;
-- Organizations stored before get `org-` and the last 20 hex digits of their guid (a fixture without
-- an alias gets `org-` and 20 hex digits of the guid's SHA-256, which portable SQL cannot compute).
UPDATE lifepos_organizations SET updated_at_ms = created_at_ms,
    alias = 'org-' || lower(substr(replace(guid, '-', ''), 13, 20)),
    alias_lc = 'org-' || lower(substr(replace(guid, '-', ''), 13, 20)), name_lc = lower(name);
CREATE UNIQUE INDEX lifepos_organizations_alias ON lifepos_organizations (tenant, alias_lc);

ALTER TABLE lifepos_outlets ADD COLUMN legal_entity_guid TEXT;
ALTER TABLE lifepos_outlets ADD COLUMN brand_guid TEXT;
ALTER TABLE lifepos_outlets ADD COLUMN extensions TEXT NOT NULL DEFAULT '{}';

-- Sign-in by a username without its organization's alias looks the username up in the tenant.
CREATE INDEX lifepos_employees_username_tenant ON lifepos_employees (tenant, username);

-- Employees: the e-mail and PIN-code hash of the employee pages.
ALTER TABLE lifepos_employees ADD COLUMN email TEXT;
ALTER TABLE lifepos_employees ADD COLUMN pin_code_hash TEXT;
ALTER TABLE lifepos_employees ADD COLUMN meta TEXT;
-- a JSON object, or NULL
ALTER TABLE lifepos_employees ADD COLUMN meta_data TEXT;
