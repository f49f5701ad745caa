-- Fault rules in the database, so every replica of one database applies the same ones
-- (src/platform/faults/store.rs). `seq` keeps the order they were added in (the first matching
-- rule that fires wins); `times_left` counts a rule's firings down, NULL for a rule without
-- `times`. Each tenant's `faults_stamp` moves with every change to its rules, so a replica can
-- tell with one small read whether the rules it holds are current.
ALTER TABLE tenants ADD COLUMN faults_stamp BIGINT NOT NULL DEFAULT 0;
CREATE TABLE fault_rules (
    tenant     TEXT NOT NULL,
    id         TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    rule       TEXT NOT NULL,
    times_left BIGINT,
    PRIMARY KEY (tenant, id)
);
CREATE UNIQUE INDEX fault_rules_order ON fault_rules (tenant, seq);
