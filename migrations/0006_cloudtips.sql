-- CloudTips: partners (API users) with their places, receivers system-wide with their payment pages
-- (layouts), attach codes sent by SMS, and issued tokens.

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
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, id)
);
CREATE INDEX cloudtips_places_partner ON cloudtips_places (tenant, partner);

-- One receiver per phone number in a tenant; `partner` is the agent whose scope holds it (NULL: none).
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

-- Payment pages: one per receiver and place; `partner` is the place's partner.
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

-- The last attach code sent to a receiver: one row per receiver, so the resend interval holds.
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

-- Access and refresh tokens from /connect/token.
CREATE TABLE cloudtips_tokens (
    token         TEXT PRIMARY KEY,
    tenant        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    partner       TEXT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX cloudtips_tokens_tenant ON cloudtips_tokens (tenant);
