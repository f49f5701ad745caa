-- EDIN EDO: the company directory (GLNs, retail networks and their members), users, certificates
-- with their access type and grants, and issued varTokens.

CREATE TABLE edin_companies (
    tenant      TEXT NOT NULL,
    gln         TEXT NOT NULL,
    name        TEXT NOT NULL,
    -- 1 for a retail network (a grant with isRetailer: true reaches its members)
    is_network  BIGINT NOT NULL,
    -- the network this company belongs to
    network_gln TEXT,
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
    access_type BIGINT NOT NULL,
    PRIMARY KEY (tenant, cert_id)
);
CREATE INDEX edin_certificates_owner_gln ON edin_certificates (tenant, owner_gln, cert_id);

-- One row per granted company (is_network = 0) or granted network (is_network = 1).
CREATE TABLE edin_certificate_grants (
    tenant     TEXT NOT NULL,
    cert_id    BIGINT NOT NULL,
    is_network BIGINT NOT NULL,
    gln        TEXT NOT NULL,
    PRIMARY KEY (tenant, cert_id, is_network, gln)
);
CREATE INDEX edin_certificate_grants_gln ON edin_certificate_grants (tenant, gln, is_network);

-- varTokens from /Api/V1/Index/Authorize; each call moves last_used_at_ms (idle timeout).
CREATE TABLE edin_tokens (
    token           TEXT PRIMARY KEY,
    tenant          TEXT NOT NULL,
    login           TEXT NOT NULL,
    gln             TEXT NOT NULL,
    created_at_ms   BIGINT NOT NULL,
    last_used_at_ms BIGINT NOT NULL
);
CREATE INDEX edin_tokens_tenant ON edin_tokens (tenant, last_used_at_ms);
