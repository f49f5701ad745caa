-- The schema after migrations 0001–0017, statement for statement as SQLite's sqlite_master keeps
-- it (ALTERed tables with their added or renamed columns in place), portable SQL like the
-- migrations. A fresh database gets this in one transaction instead of the 17 migrations (db.rs,
-- BASELINE): their 54 ALTER TABLEs make SQLite parse its whole schema again each time, most of a
-- start, and cost PostgreSQL a catalog rewrite each. tests/it/schema.rs holds it equal to what the
-- migrations build, on both engines, and every migration to come from it. Never edit it by hand: a
-- new migration changes it as the migration changes sqlite_master (run the migrations with
-- sqlite3 and take the changed statements), and moves db.rs's BASELINE_VERSION to its number.
CREATE TABLE tenants (
    name           TEXT PRIMARY KEY,
    clock_offset_ms BIGINT NOT NULL,
    frozen_at_ms   BIGINT,
    created_at_ms  BIGINT NOT NULL
, write_stamp BIGINT NOT NULL DEFAULT 0, faults_stamp BIGINT NOT NULL DEFAULT 0, session_epoch TEXT NOT NULL DEFAULT '', last_used_at_ms BIGINT NOT NULL DEFAULT 0);
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
CREATE TABLE ip_failures (
    tenant          TEXT NOT NULL,
    scope           TEXT NOT NULL,
    ip              TEXT NOT NULL,
    failures        BIGINT NOT NULL,
    banned_until_ms BIGINT,
    PRIMARY KEY (tenant, scope, ip)
);
CREATE TABLE lifepos_organizations (
    tenant        TEXT NOT NULL,
    guid          TEXT NOT NULL,
    name          TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL, alias TEXT NOT NULL DEFAULT '', alias_lc TEXT NOT NULL DEFAULT '', support TEXT, extensions TEXT NOT NULL DEFAULT '{}', name_lc TEXT NOT NULL DEFAULT '', name_key TEXT NOT NULL DEFAULT '', updated_at_ms BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, guid)
);
CREATE TABLE lifepos_outlets (
    tenant        TEXT NOT NULL,
    guid          TEXT NOT NULL,
    org_guid      TEXT NOT NULL,
    name          TEXT NOT NULL,
    address       TEXT,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL, name_lc TEXT NOT NULL DEFAULT '', name_key TEXT NOT NULL DEFAULT '', legal_entity_guid TEXT, brand_guid TEXT, extensions TEXT NOT NULL DEFAULT '{}',
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
    updated_at_ms BIGINT NOT NULL, name_lc TEXT NOT NULL DEFAULT '', name_key TEXT NOT NULL DEFAULT '', email TEXT, pin_code_hash TEXT, meta TEXT, meta_data TEXT,
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
    activation_employee_guid TEXT,
    activation_outlet_guid   TEXT,
    activated_at_ms    BIGINT,
    created_at_ms      BIGINT NOT NULL,
    updated_at_ms      BIGINT NOT NULL,
    deleted_at_ms      BIGINT, name_lc TEXT NOT NULL DEFAULT '', name_key TEXT NOT NULL DEFAULT '',
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
CREATE TABLE platform_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE INDEX lifepos_workplaces_updated ON lifepos_workplaces (tenant, org_guid, updated_at_ms, guid);
CREATE INDEX lifepos_workplaces_name ON lifepos_workplaces (tenant, org_guid, name_key, guid);
CREATE INDEX lifepos_workplaces_type ON lifepos_workplaces (tenant, org_guid, workplace_type, guid);
CREATE INDEX lifepos_employees_name ON lifepos_employees (tenant, org_guid, name_key, guid);
CREATE INDEX lifepos_outlets_name ON lifepos_outlets (tenant, org_guid, name_key, guid);
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
    status        TEXT NOT NULL, id_category TEXT,
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
    status_card    TEXT, card_type TEXT NOT NULL DEFAULT 'PLASTIC', balance_kopecks BIGINT NOT NULL DEFAULT 0, balance_updated_at_ms BIGINT, limits TEXT,
    PRIMARY KEY (tenant, id_card)
);
CREATE UNIQUE INDEX sup_cards_custom_id_card ON sup_cards (tenant, custom_id_card);
CREATE UNIQUE INDEX sup_cards_main ON sup_cards (tenant, id_employee) WHERE status_card = 'MAIN';
CREATE INDEX sup_cards_employee ON sup_cards (tenant, id_employee);
CREATE TABLE sup_nonces (
    tenant     TEXT NOT NULL,
    login      TEXT NOT NULL,
    nonce      TEXT NOT NULL,
    used_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, login, nonce)
);
CREATE TABLE edin_companies (
    tenant      TEXT NOT NULL,
    gln         TEXT NOT NULL,
    name        TEXT NOT NULL,
    -- 1 for a retail network (a grant with isRetailer: true reaches its members)
    is_network  BIGINT NOT NULL,
    -- the network this company belongs to
    network_gln TEXT, edrpou TEXT, inn TEXT,
    PRIMARY KEY (tenant, gln)
);
CREATE INDEX edin_companies_network_gln ON edin_companies (tenant, network_gln);
CREATE TABLE edin_users (
    tenant   TEXT NOT NULL,
    login    TEXT NOT NULL,
    password TEXT NOT NULL,
    gln      TEXT NOT NULL,
    PRIMARY KEY (tenant, login)
);
CREATE TABLE edin_certificates (
    tenant      TEXT NOT NULL,
    cert_id     BIGINT NOT NULL,
    owner_gln   TEXT NOT NULL,
    number      TEXT NOT NULL,
    -- 1 visible to everyone, 2 restricted to the owner and the grants below
    access_type BIGINT NOT NULL, cert_type BIGINT NOT NULL DEFAULT 1, sub_type BIGINT NOT NULL DEFAULT 1, supplier_gln TEXT, issued_on TEXT, starts_on TEXT, ends_on TEXT, part_number TEXT NOT NULL DEFAULT '', lot_number TEXT NOT NULL DEFAULT '', gtd TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '', created_at_ms BIGINT NOT NULL DEFAULT 0, reviewed_at_ms BIGINT,
    PRIMARY KEY (tenant, cert_id)
);
CREATE INDEX edin_certificates_owner_gln ON edin_certificates (tenant, owner_gln, cert_id);
CREATE TABLE edin_certificate_grants (
    tenant     TEXT NOT NULL,
    cert_id    BIGINT NOT NULL,
    is_network BIGINT NOT NULL,
    gln        TEXT NOT NULL,
    PRIMARY KEY (tenant, cert_id, is_network, gln)
);
CREATE INDEX edin_certificate_grants_gln ON edin_certificate_grants (tenant, gln, is_network);
CREATE TABLE edin_tokens (
    token           TEXT PRIMARY KEY,
    tenant          TEXT NOT NULL,
    login           TEXT NOT NULL,
    gln             TEXT NOT NULL,
    created_at_ms   BIGINT NOT NULL,
    last_used_at_ms BIGINT NOT NULL
);
CREATE INDEX edin_tokens_tenant ON edin_tokens (tenant, last_used_at_ms);
CREATE TABLE cloudtips_partners (
    tenant    TEXT NOT NULL,
    username  TEXT NOT NULL,
    password  TEXT NOT NULL,
    client_id TEXT NOT NULL,
    PRIMARY KEY (tenant, username)
);
CREATE TABLE cloudtips_places (
    tenant        TEXT NOT NULL,
    id            TEXT NOT NULL,
    name          TEXT NOT NULL,
    partner       TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL, external_place_id TEXT, place_type BIGINT NOT NULL DEFAULT 0, manager_id TEXT, administrator_ids TEXT NOT NULL DEFAULT '[]', updated_at_ms BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, id)
);
CREATE INDEX cloudtips_places_partner ON cloudtips_places (tenant, partner);
CREATE TABLE cloudtips_receivers (
    tenant             TEXT NOT NULL,
    user_id            TEXT NOT NULL,
    phone              TEXT NOT NULL,
    name               TEXT NOT NULL,
    email              TEXT,
    partner            TEXT,
    receiver_type      BIGINT NOT NULL,
    payout_method      BIGINT NOT NULL,
    phone_confirmed    BIGINT NOT NULL,
    photo_id           TEXT,
    photo_content_type TEXT,
    -- the photo's bytes as base64: BLOBs do not pass the Any driver on both engines alike
    photo_base64       TEXT,
    created_at_ms      BIGINT NOT NULL,
    updated_at_ms      BIGINT NOT NULL,
    PRIMARY KEY (tenant, user_id)
);
CREATE UNIQUE INDEX cloudtips_receivers_phone ON cloudtips_receivers (tenant, phone);
CREATE INDEX cloudtips_receivers_partner ON cloudtips_receivers (tenant, partner);
CREATE UNIQUE INDEX cloudtips_receivers_photo_id ON cloudtips_receivers (tenant, photo_id)
    WHERE photo_id IS NOT NULL;
CREATE TABLE cloudtips_layouts (
    tenant        TEXT NOT NULL,
    id            TEXT NOT NULL,
    short_id      TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    place_id      TEXT NOT NULL,
    partner       TEXT NOT NULL,
    status        BIGINT NOT NULL,
    name          TEXT,
    title         TEXT,
    description   TEXT,
    text          TEXT,
    channel_url   TEXT,
    background_id TEXT,
    external_id   TEXT,
    is_default    BIGINT NOT NULL,
    disabled      BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, id)
);
CREATE UNIQUE INDEX cloudtips_layouts_short_id ON cloudtips_layouts (tenant, short_id);
CREATE UNIQUE INDEX cloudtips_layouts_place ON cloudtips_layouts (tenant, user_id, place_id);
CREATE UNIQUE INDEX cloudtips_layouts_external_id ON cloudtips_layouts (tenant, partner, external_id)
    WHERE external_id IS NOT NULL;
CREATE TABLE cloudtips_attach_codes (
    tenant        TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    place_id      TEXT NOT NULL,
    partner       TEXT NOT NULL,
    code          TEXT NOT NULL,
    sent_at_ms    BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, user_id)
);
CREATE TABLE cloudtips_tokens (
    token         TEXT PRIMARY KEY,
    tenant        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    partner       TEXT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX cloudtips_tokens_tenant ON cloudtips_tokens (tenant);
CREATE INDEX lifepos_workplaces_activated_order ON lifepos_workplaces (tenant, org_guid, (COALESCE(activated_at_ms, -1)), guid);
CREATE INDEX lifepos_workplaces_alive ON lifepos_workplaces (tenant, org_guid, deleted_at_ms);
CREATE INDEX edin_companies_edrpou ON edin_companies (tenant, edrpou);
CREATE INDEX edin_companies_inn ON edin_companies (tenant, inn);
CREATE UNIQUE INDEX edin_certificates_owner_number ON edin_certificates (tenant, owner_gln, number);
CREATE INDEX edin_certificates_number ON edin_certificates (tenant, number);
CREATE TABLE edin_product_binds (
    tenant           TEXT NOT NULL,
    cert_id          BIGINT NOT NULL,
    gtin             TEXT NOT NULL,
    article_supplier TEXT NOT NULL,
    article_buyer    TEXT NOT NULL,
    uktved           TEXT NOT NULL,
    dkpp             TEXT NOT NULL,
    PRIMARY KEY (tenant, cert_id, gtin, article_supplier, article_buyer, uktved, dkpp)
);
CREATE INDEX edin_product_binds_gtin ON edin_product_binds (tenant, gtin);
CREATE TABLE edin_certificate_files (
    tenant        TEXT NOT NULL,
    file_id       BIGINT NOT NULL,
    cert_id       BIGINT NOT NULL,
    file_type     BIGINT NOT NULL,
    file_name     TEXT NOT NULL,
    body          TEXT NOT NULL,
    sign_status   BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, file_id)
);
CREATE INDEX edin_certificate_files_cert ON edin_certificate_files (tenant, cert_id, file_id);
CREATE TABLE edin_complaints (
    tenant        TEXT NOT NULL,
    cert_id       BIGINT NOT NULL,
    gln           TEXT NOT NULL,
    type_error    BIGINT NOT NULL,
    login         TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, cert_id, gln, type_error)
);
CREATE TABLE edin_sequences (
    tenant     TEXT NOT NULL,
    name       TEXT NOT NULL,
    last_value BIGINT NOT NULL,
    PRIMARY KEY (tenant, name)
);
CREATE UNIQUE INDEX lifepos_organizations_alias ON lifepos_organizations (tenant, alias_lc);
CREATE INDEX lifepos_employees_username_tenant ON lifepos_employees (tenant, username);
CREATE UNIQUE INDEX cloudtips_places_name ON cloudtips_places (tenant, partner, name);
CREATE TABLE cloudtips_registration_links (
    tenant             TEXT NOT NULL,
    id                 TEXT NOT NULL,
    place_id           TEXT NOT NULL,
    partner            TEXT NOT NULL,
    max_registrations  BIGINT NOT NULL,
    lifetime_seconds   BIGINT NOT NULL,
    created_at_ms      BIGINT NOT NULL,
    PRIMARY KEY (tenant, id)
);
CREATE TABLE sup_categories (
    tenant        TEXT NOT NULL,
    id_category   TEXT NOT NULL,
    name_category TEXT NOT NULL,
    PRIMARY KEY (tenant, id_category)
);
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
    updated_at_ms         BIGINT NOT NULL, status TEXT NOT NULL DEFAULT 'Opened', paid_sum BIGINT NOT NULL DEFAULT 0, refunded_sum BIGINT NOT NULL DEFAULT 0,
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
    updated_at_ms  BIGINT NOT NULL, print_view TEXT,
    PRIMARY KEY (tenant, guid)
);
CREATE UNIQUE INDEX lifepos_fiscal_documents_number ON lifepos_fiscal_documents (tenant, registrar_guid, number);
CREATE INDEX lifepos_fiscal_documents_issued
    ON lifepos_fiscal_documents (tenant, org_guid, registrar_guid, issued_at_ms, guid);
CREATE INDEX lifepos_fiscal_documents_org_issued ON lifepos_fiscal_documents (tenant, org_guid, issued_at_ms, guid);
CREATE TABLE cloudtips_receiver_accounts (
    tenant                    TEXT NOT NULL,
    user_id                   TEXT NOT NULL,
    password                  TEXT,
    -- the balance to be paid out, in kopecks, and the commission on it in hundredths of a percent
    accumulated_kopecks       BIGINT NOT NULL,
    commission_basis_points   BIGINT NOT NULL,
    -- the next scheduled payout (epoch ms; NULL: none)
    next_payout_at_ms         BIGINT,
    PRIMARY KEY (tenant, user_id)
);
CREATE TABLE cloudtips_timeline (
    tenant          TEXT NOT NULL,
    transaction_id  BIGINT NOT NULL,
    user_id         TEXT NOT NULL,
    operation_type  TEXT NOT NULL,
    payer_name      TEXT,
    amount_kopecks  BIGINT NOT NULL,
    comment         TEXT,
    created_at_ms   BIGINT NOT NULL,
    PRIMARY KEY (tenant, transaction_id)
);
CREATE INDEX cloudtips_timeline_receiver ON cloudtips_timeline (tenant, user_id, created_at_ms, transaction_id);
CREATE TABLE cloudtips_cards (
    tenant           TEXT NOT NULL,
    token            TEXT NOT NULL,
    user_id          TEXT NOT NULL,
    first_six        TEXT NOT NULL,
    last_four        TEXT NOT NULL,
    card_type        TEXT NOT NULL,
    expiration_date  TEXT NOT NULL,
    issuer_code      TEXT NOT NULL,
    is_default       BIGINT NOT NULL,
    commission_hint  TEXT NOT NULL,
    created_at_ms    BIGINT NOT NULL,
    PRIMARY KEY (tenant, token)
);
CREATE INDEX cloudtips_cards_receiver ON cloudtips_cards (tenant, user_id, created_at_ms);
CREATE UNIQUE INDEX cloudtips_cards_default ON cloudtips_cards (tenant, user_id) WHERE is_default = 1;
CREATE TABLE cloudtips_receiver_tokens (
    token         TEXT PRIMARY KEY,
    tenant        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX cloudtips_receiver_tokens_tenant ON cloudtips_receiver_tokens (tenant);
CREATE TABLE fault_rules (
    tenant     TEXT NOT NULL,
    id         TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    rule       TEXT NOT NULL,
    times_left BIGINT,
    PRIMARY KEY (tenant, id)
);
CREATE UNIQUE INDEX fault_rules_order ON fault_rules (tenant, seq);
CREATE TABLE deliveries (
    tenant             TEXT NOT NULL,
    -- a v7 uuid: sorts by creation, which is the order of delivery
    id                 TEXT NOT NULL,
    vendor             TEXT NOT NULL,
    type_of            TEXT NOT NULL,
    -- what the notification is about (a sale's guid): one subject's notifications go in order
    subject            TEXT NOT NULL,
    url                TEXT NOT NULL,
    secondary_url      TEXT,
    body               TEXT NOT NULL,
    -- pending, delivered, failed (out of attempts), dropped (the tenant's queue was full)
    state              TEXT NOT NULL,
    -- rounds made (each tries the URL, then the secondary one when the first fails)
    attempts           BIGINT NOT NULL,
    -- a JSON array of every try: at, url, status, ms, error
    attempt_log        TEXT NOT NULL,
    -- 2 when a fault rule asked for the notification to be sent twice
    copies             BIGINT NOT NULL,
    next_attempt_at_ms BIGINT NOT NULL,
    lease_until_ms     BIGINT NOT NULL,
    lease_owner        TEXT,
    created_at_ms      BIGINT NOT NULL,
    finished_at_ms     BIGINT,
    PRIMARY KEY (tenant, id)
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at_ms);
CREATE INDEX deliveries_subject ON deliveries (tenant, subject, state, id);
CREATE INDEX deliveries_state ON deliveries (tenant, state, id);
CREATE INDEX lifepos_sales_status ON lifepos_sales (tenant, org_guid, status);
CREATE TABLE lifepos_money_docs (
    tenant               TEXT NOT NULL,
    guid                 TEXT NOT NULL,
    org_guid             TEXT NOT NULL,
    sale_guid            TEXT NOT NULL,
    -- SalePayment or SaleRefund
    type_of              TEXT NOT NULL,
    sum_by_card          BIGINT NOT NULL,
    sum_by_cash          BIGINT NOT NULL,
    fiscal_document_guid TEXT,
    fiscal_registrar_guid TEXT,
    -- a refund's payment
    for_payment_guid     TEXT,
    refunded_by_card     BIGINT NOT NULL,
    refunded_by_cash     BIGINT NOT NULL,
    created_at_ms        BIGINT NOT NULL,
    updated_at_ms        BIGINT NOT NULL,
    PRIMARY KEY (tenant, guid),
    CHECK (refunded_by_card <= sum_by_card AND refunded_by_cash <= sum_by_cash)
);
CREATE INDEX lifepos_money_docs_sale ON lifepos_money_docs (tenant, sale_guid, created_at_ms, guid);
