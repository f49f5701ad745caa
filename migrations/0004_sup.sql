-- СУП: API clients, employees, loyalty cards and the X-Nonce values each client has used.

CREATE TABLE sup_clients (
    tenant         TEXT NOT NULL,
    login          TEXT NOT NULL,
    password       TEXT NOT NULL,
    -- base64 of a 32-byte AES-256-GCM key; NULL for a client that sends plain JSON
    encryption_key TEXT,
    PRIMARY KEY (tenant, login)
);

CREATE TABLE sup_employees (
    tenant        TEXT NOT NULL,
    id_employee   TEXT NOT NULL,
    custom_id     TEXT,
    surname       TEXT NOT NULL,
    name          TEXT NOT NULL,
    patronymic    TEXT,
    phone         TEXT,
    email         TEXT,
    status        TEXT NOT NULL,
    PRIMARY KEY (tenant, id_employee)
);

CREATE TABLE sup_cards (
    tenant         TEXT NOT NULL,
    id_card        TEXT NOT NULL,
    custom_id_card TEXT NOT NULL,
    available      BIGINT NOT NULL,
    -- YYYY-MM-DD, the last day the card is valid
    valid_until    TEXT NOT NULL,
    -- a card has one employee at most: the column itself
    id_employee    TEXT,
    status_card    TEXT,
    PRIMARY KEY (tenant, id_card)
);
CREATE UNIQUE INDEX sup_cards_custom_id_card ON sup_cards (tenant, custom_id_card);
-- one MAIN card per employee
CREATE UNIQUE INDEX sup_cards_main ON sup_cards (tenant, id_employee) WHERE status_card = 'MAIN';
CREATE INDEX sup_cards_employee ON sup_cards (tenant, id_employee);

CREATE TABLE sup_nonces (
    tenant     TEXT NOT NULL,
    login      TEXT NOT NULL,
    nonce      TEXT NOT NULL,
    used_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, login, nonce)
);
