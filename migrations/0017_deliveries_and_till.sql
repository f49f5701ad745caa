-- Notifications a vendor sends to a client's URL (webhooks), one row per notification, so pending
-- ones survive a restart and replicas share them (src/platform/deliveries/). Times: `*_at_ms` on
-- the tenant's clock, `lease_until_ms` in real time (a replica's claim on the row).
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

-- LIFE POS: the v4 status of a sale (Opened, Closed, Canceled, Returned), kept beside the v6
-- state and statuses it follows from, for `?status=`; what was paid and refunded, in kopecks.
ALTER TABLE lifepos_sales ADD COLUMN status TEXT NOT NULL DEFAULT 'Opened';
ALTER TABLE lifepos_sales ADD COLUMN paid_sum BIGINT NOT NULL DEFAULT 0;
ALTER TABLE lifepos_sales ADD COLUMN refunded_sum BIGINT NOT NULL DEFAULT 0;
UPDATE lifepos_sales SET status = CASE
    WHEN state = 'Cancelled' THEN 'Canceled'
    WHEN payment_status = 'Refunded' THEN 'Returned'
    WHEN state = 'Completed' THEN 'Closed'
    ELSE 'Opened' END;
UPDATE lifepos_sales SET paid_sum = total_sum WHERE payment_status IN ('Paid', 'Refunded', 'PartiallyRefunded');
UPDATE lifepos_sales SET refunded_sum = total_sum WHERE payment_status = 'Refunded';
CREATE INDEX lifepos_sales_status ON lifepos_sales (tenant, org_guid, status);

-- The receipt as printed (`sources.print_view`), for documents the till prints.
ALTER TABLE lifepos_fiscal_documents ADD COLUMN print_view TEXT;

-- Payments taken and refunds given at the till (`…/deals/sales/{guid}/docs/money`). A payment's
-- refunded_* grow by one conditional statement, so refunds never exceed it.
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
