-- The activated_at order sorts never-activated workplaces first (as -1): index that expression, so
-- its pages walk an index like every other order.
CREATE INDEX lifepos_workplaces_activated_order ON lifepos_workplaces (tenant, org_guid, (COALESCE(activated_at_ms, -1)), guid);
DROP INDEX lifepos_workplaces_activated;
-- A list's first page counts its items (archived or alive): from this index alone.
CREATE INDEX lifepos_workplaces_alive ON lifepos_workplaces (tenant, org_guid, deleted_at_ms);
