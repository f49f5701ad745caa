-- LIFE POS sales, bank and quick-payment terminals with their transactions, fiscal registrars with
-- their documents. Money is in kopecks; positions are a JSON array (TEXT).

CREATE TABLE lifepos_sales (
    tenant                TEXT NOT NULL,
    guid                  TEXT NOT NULL,
    org_guid              TEXT NOT NULL,
    number                TEXT NOT NULL,
    -- the number lowercased, for `query`
    number_lc             TEXT NOT NULL,
    -- the number's value when it is all digits (0 otherwise): the next free number is one more
    number_int            BIGINT NOT NULL,
    state                 TEXT NOT NULL,
    payment_status        TEXT NOT NULL,
    shipping_status       TEXT NOT NULL,
    opened_at_ms          BIGINT NOT NULL,
    closed_at_ms          BIGINT,
    total_sum             BIGINT NOT NULL,
    positions             TEXT NOT NULL,
    outlet_guid           TEXT,
    workplace_guid        TEXT,
    opened_by_guid        TEXT,
    -- the receipt printed for the sale, set when a receipt names the sale
    fiscal_document_guid  TEXT,
    fiscal_registrar_guid TEXT,
    created_at_ms         BIGINT NOT NULL,
    updated_at_ms         BIGINT NOT NULL,
    PRIMARY KEY (tenant, guid)
);
CREATE UNIQUE INDEX lifepos_sales_number ON lifepos_sales (tenant, org_guid, number);
CREATE INDEX lifepos_sales_opened ON lifepos_sales (tenant, org_guid, opened_at_ms, guid);
CREATE INDEX lifepos_sales_created ON lifepos_sales (tenant, org_guid, created_at_ms, guid);
CREATE INDEX lifepos_sales_updated ON lifepos_sales (tenant, org_guid, updated_at_ms, guid);
CREATE INDEX lifepos_sales_number_int ON lifepos_sales (tenant, org_guid, number_int);

CREATE TABLE lifepos_terminals (
    tenant        TEXT NOT NULL,
    guid          TEXT NOT NULL,
    org_guid      TEXT NOT NULL,
    -- Bank or QuickPayments
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    name_lc       TEXT NOT NULL,
    name_key      TEXT NOT NULL,
    serial_number TEXT,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    deleted_at_ms BIGINT,
    PRIMARY KEY (tenant, guid)
);
CREATE INDEX lifepos_terminals_created ON lifepos_terminals (tenant, org_guid, kind, created_at_ms, guid);
CREATE INDEX lifepos_terminals_updated ON lifepos_terminals (tenant, org_guid, kind, updated_at_ms, guid);
CREATE INDEX lifepos_terminals_name ON lifepos_terminals (tenant, org_guid, kind, name_key, guid);

CREATE TABLE lifepos_terminal_transactions (
    tenant           TEXT NOT NULL,
    guid             TEXT NOT NULL,
    org_guid         TEXT NOT NULL,
    terminal_guid    TEXT NOT NULL,
    operation        TEXT NOT NULL,
    status           TEXT NOT NULL,
    payment_type     TEXT NOT NULL,
    amount           BIGINT NOT NULL,
    card_number      TEXT,
    purpose          TEXT,
    -- purpose and card number lowercased, for `query`
    search_lc        TEXT NOT NULL,
    registered_at_ms BIGINT NOT NULL,
    created_at_ms    BIGINT NOT NULL,
    updated_at_ms    BIGINT NOT NULL,
    PRIMARY KEY (tenant, guid)
);
CREATE INDEX lifepos_terminal_transactions_registered
    ON lifepos_terminal_transactions (tenant, org_guid, terminal_guid, registered_at_ms, guid);
CREATE INDEX lifepos_terminal_transactions_created
    ON lifepos_terminal_transactions (tenant, org_guid, terminal_guid, created_at_ms, guid);

CREATE TABLE lifepos_fiscal_registrars (
    tenant        TEXT NOT NULL,
    guid          TEXT NOT NULL,
    org_guid      TEXT NOT NULL,
    name          TEXT NOT NULL,
    name_lc       TEXT NOT NULL,
    name_key      TEXT NOT NULL,
    serial_number TEXT,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    deleted_at_ms BIGINT,
    PRIMARY KEY (tenant, guid)
);
CREATE INDEX lifepos_fiscal_registrars_created ON lifepos_fiscal_registrars (tenant, org_guid, created_at_ms, guid);
CREATE INDEX lifepos_fiscal_registrars_updated ON lifepos_fiscal_registrars (tenant, org_guid, updated_at_ms, guid);
CREATE INDEX lifepos_fiscal_registrars_name ON lifepos_fiscal_registrars (tenant, org_guid, name_key, guid);

CREATE TABLE lifepos_fiscal_documents (
    tenant         TEXT NOT NULL,
    guid           TEXT NOT NULL,
    org_guid       TEXT NOT NULL,
    registrar_guid TEXT NOT NULL,
    fiscal_form    TEXT NOT NULL,
    fiscal_status  TEXT NOT NULL,
    -- the fiscal document number, unique per registrar
    number         BIGINT NOT NULL,
    shift_number   BIGINT,
    cashier        TEXT,
    cashier_lc     TEXT NOT NULL,
    sale_guid      TEXT,
    total_sum      BIGINT,
    ofd_url        TEXT,
    issued_at_ms   BIGINT NOT NULL,
    created_at_ms  BIGINT NOT NULL,
    updated_at_ms  BIGINT NOT NULL,
    PRIMARY KEY (tenant, guid)
);
CREATE UNIQUE INDEX lifepos_fiscal_documents_number ON lifepos_fiscal_documents (tenant, registrar_guid, number);
CREATE INDEX lifepos_fiscal_documents_issued
    ON lifepos_fiscal_documents (tenant, org_guid, registrar_guid, issued_at_ms, guid);
CREATE INDEX lifepos_fiscal_documents_org_issued ON lifepos_fiscal_documents (tenant, org_guid, issued_at_ms, guid);
