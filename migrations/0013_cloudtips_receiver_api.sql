-- CloudTips: the receiver's own API (client_id=MobilePhone): its login and balance, its timeline
-- (tips and payouts), its cards, and the tokens issued to receivers.

-- One row per receiver that has an account of its own; `password` NULL: no password login.
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

-- The receiver's timeline: `operation_type` is Transaction (a tip) or Payout.
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

-- Cards a receiver has linked; at most one default card per receiver.
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

-- Access and refresh tokens issued to receivers (client_id=MobilePhone).
CREATE TABLE cloudtips_receiver_tokens (
    token         TEXT PRIMARY KEY,
    tenant        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX cloudtips_receiver_tokens_tenant ON cloudtips_receiver_tokens (tenant);
