-- LIFE POS: organizations with their outlets, employees, workplaces, API keys and issued tokens.

CREATE TABLE lifepos_organizations (
    tenant        TEXT NOT NULL,
    guid          TEXT NOT NULL,
    name          TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, guid)
);

CREATE TABLE lifepos_outlets (
    tenant        TEXT NOT NULL,
    guid          TEXT NOT NULL,
    org_guid      TEXT NOT NULL,
    name          TEXT NOT NULL,
    address       TEXT,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, guid)
);
CREATE INDEX lifepos_outlets_org ON lifepos_outlets (tenant, org_guid, created_at_ms, guid);

CREATE TABLE lifepos_employees (
    tenant        TEXT NOT NULL,
    guid          TEXT NOT NULL,
    org_guid      TEXT NOT NULL,
    name          TEXT NOT NULL,
    username      TEXT,
    phone         TEXT,
    -- the phone in +7XXXXXXXXXX form, so any notation a client sends finds the employee
    phone_key     TEXT,
    password      TEXT,
    role          TEXT NOT NULL,
    inn           TEXT,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, guid)
);
CREATE INDEX lifepos_employees_org ON lifepos_employees (tenant, org_guid, created_at_ms, guid);
CREATE UNIQUE INDEX lifepos_employees_username ON lifepos_employees (tenant, org_guid, username)
    WHERE username IS NOT NULL;
CREATE UNIQUE INDEX lifepos_employees_phone ON lifepos_employees (tenant, phone_key)
    WHERE phone_key IS NOT NULL;

CREATE TABLE lifepos_workplaces (
    tenant             TEXT NOT NULL,
    guid               TEXT NOT NULL,
    org_guid           TEXT NOT NULL,
    number             BIGINT NOT NULL,
    name               TEXT,
    workplace_type     TEXT NOT NULL,
    extensions         TEXT NOT NULL,
    activation_code    TEXT,
    code_employee_guid TEXT,
    code_outlet_guid   TEXT,
    activated_at_ms    BIGINT,
    created_at_ms      BIGINT NOT NULL,
    updated_at_ms      BIGINT NOT NULL,
    deleted_at_ms      BIGINT,
    PRIMARY KEY (tenant, guid)
);
CREATE UNIQUE INDEX lifepos_workplaces_number ON lifepos_workplaces (tenant, org_guid, number);
CREATE UNIQUE INDEX lifepos_workplaces_code ON lifepos_workplaces (tenant, activation_code)
    WHERE activation_code IS NOT NULL;
CREATE INDEX lifepos_workplaces_org ON lifepos_workplaces (tenant, org_guid, created_at_ms, guid);

CREATE TABLE lifepos_api_keys (
    tenant   TEXT NOT NULL,
    api_key  TEXT NOT NULL,
    org_guid TEXT NOT NULL,
    PRIMARY KEY (tenant, api_key)
);

-- Tokens from sign-in (employee) and from activation (workplace, with the employee of the code).
CREATE TABLE lifepos_tokens (
    token          TEXT PRIMARY KEY,
    tenant         TEXT NOT NULL,
    org_guid       TEXT NOT NULL,
    employee_guid  TEXT,
    workplace_guid TEXT,
    created_at_ms  BIGINT NOT NULL
);
CREATE INDEX lifepos_tokens_workplace ON lifepos_tokens (tenant, workplace_guid);
CREATE INDEX lifepos_tokens_tenant ON lifepos_tokens (tenant);
