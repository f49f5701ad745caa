-- EDIN EDO: the whole certificate card (type, kind, dates, numbers), the companies' EDRPOU and INN
-- codes, product binds, attached files, complaints, and the counters that number new certificates
-- and files.

ALTER TABLE edin_companies ADD COLUMN edrpou TEXT;
ALTER TABLE edin_companies ADD COLUMN inn TEXT;
CREATE INDEX edin_companies_edrpou ON edin_companies (tenant, edrpou);
CREATE INDEX edin_companies_inn ON edin_companies (tenant, inn);

-- intType (ShowTypes code) and intSubType (ShowSubTypes code)
ALTER TABLE edin_certificates ADD COLUMN cert_type BIGINT NOT NULL DEFAULT 1;
ALTER TABLE edin_certificates ADD COLUMN sub_type BIGINT NOT NULL DEFAULT 1;
ALTER TABLE edin_certificates ADD COLUMN supplier_gln TEXT;
-- calendar dates as YYYY-MM-DD: issued (varDate), start and end of validity
ALTER TABLE edin_certificates ADD COLUMN issued_on TEXT;
ALTER TABLE edin_certificates ADD COLUMN starts_on TEXT;
ALTER TABLE edin_certificates ADD COLUMN ends_on TEXT;
ALTER TABLE edin_certificates ADD COLUMN part_number TEXT NOT NULL DEFAULT '';
ALTER TABLE edin_certificates ADD COLUMN lot_number TEXT NOT NULL DEFAULT '';
ALTER TABLE edin_certificates ADD COLUMN gtd TEXT NOT NULL DEFAULT '';
ALTER TABLE edin_certificates ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE edin_certificates ADD COLUMN created_at_ms BIGINT NOT NULL DEFAULT 0;
-- varReviewDate: the last change; NULL until the first one
ALTER TABLE edin_certificates ADD COLUMN reviewed_at_ms BIGINT;
-- One number per owner GLN ("Сертификат с номером … уже создан").
CREATE UNIQUE INDEX edin_certificates_owner_number ON edin_certificates (tenant, owner_gln, number);
CREATE INDEX edin_certificates_number ON edin_certificates (tenant, number);

-- Product binds (SetBind); an absent field is ''. Adding the same bind twice keeps one row.
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

-- Files of a certificate (AttachScan); body is the base64 text as sent.
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

-- Complaints (NotifyError): one per certificate, sender GLN and type.
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

-- The last id handed out per tenant and kind ('certificate', 'file'); one upsert takes the next.
CREATE TABLE edin_sequences (
    tenant     TEXT NOT NULL,
    name       TEXT NOT NULL,
    last_value BIGINT NOT NULL,
    PRIMARY KEY (tenant, name)
);
