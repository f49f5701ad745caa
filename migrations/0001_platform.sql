-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Times are epoch milliseconds (BIGINT),
-- ids are TEXT, booleans are BIGINT 0/1.

-- One row per tenant: its virtual clock. A tenant row exists once the tenant has been seeded.
CREATE TABLE tenants (
    name           TEXT PRIMARY KEY,
    clock_offset_ms BIGINT NOT NULL,
    frozen_at_ms   BIGINT,
    created_at_ms  BIGINT NOT NULL
);

-- Every SMS a vendor "sends".
CREATE TABLE outbox (
    tenant        TEXT NOT NULL,
    id            TEXT NOT NULL,
    vendor        TEXT NOT NULL,
    phone         TEXT NOT NULL,
    text          TEXT NOT NULL,
    code          TEXT,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, id)
);

-- Consecutive failures and bans per client IP, kept in the database so replicas agree.
CREATE TABLE ip_failures (
    tenant          TEXT NOT NULL,
    scope           TEXT NOT NULL,
    ip              TEXT NOT NULL,
    failures        BIGINT NOT NULL,
    banned_until_ms BIGINT,
    PRIMARY KEY (tenant, scope, ip)
);
