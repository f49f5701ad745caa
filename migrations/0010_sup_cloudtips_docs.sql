-- CloudTips places: the fields of the vendor's list example, one name per partner, and the
-- registration links of POST /api/places/registration-url.
ALTER TABLE cloudtips_places ADD COLUMN external_place_id TEXT;
ALTER TABLE cloudtips_places ADD COLUMN place_type BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cloudtips_places ADD COLUMN manager_id TEXT;
-- the place's administrators: a JSON array of strings
ALTER TABLE cloudtips_places ADD COLUMN administrator_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE cloudtips_places ADD COLUMN updated_at_ms BIGINT NOT NULL DEFAULT 0;
UPDATE cloudtips_places SET updated_at_ms = created_at_ms;
-- "Заведение с названием … уже существует": a partner's place names are unique
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

-- СУП: employee categories, an employee's category, and a card's type, balance and limits.
CREATE TABLE sup_categories (
    tenant        TEXT NOT NULL,
    id_category   TEXT NOT NULL,
    name_category TEXT NOT NULL,
    PRIMARY KEY (tenant, id_category)
);
ALTER TABLE sup_employees ADD COLUMN id_category TEXT;
ALTER TABLE sup_cards ADD COLUMN card_type TEXT NOT NULL DEFAULT 'PLASTIC';
-- the balance in kopecks, and when it last changed (epoch ms; NULL: never)
ALTER TABLE sup_cards ADD COLUMN balance_kopecks BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sup_cards ADD COLUMN balance_updated_at_ms BIGINT;
-- the card's limits as the last POST /v1/setlimitscards set them: a JSON object, NULL for none
ALTER TABLE sup_cards ADD COLUMN limits TEXT;
