//! The `X-Nonce` values each client has used, kept so that none is accepted twice.

use chrono::{DateTime, Utc};

use crate::db::{DbSession, UniqueIndex};
use crate::platform::clock::to_ms;

/// A nonce is used once per client: the table's primary key.
pub const NONCE_INDEX: UniqueIndex = UniqueIndex {
    name: "sup_nonces_pkey",
    table: "sup_nonces",
    columns: &["tenant", "login", "nonce"],
};

/// Records the nonce as used at `now`; `false` when the client had already used it.
pub async fn use_up(
    db: &mut DbSession,
    tenant: &str,
    login: &str,
    nonce: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let insert = sqlx::query("INSERT INTO sup_nonces (tenant, login, nonce, used_at_ms) VALUES ($1, $2, $3, $4)")
        .bind(tenant.to_owned())
        .bind(login.to_owned())
        .bind(nonce.to_owned())
        .bind(to_ms(now));
    let inserted = db.write(move |conn| Box::pin(insert.execute(conn))).await;
    match inserted {
        Ok(_) => Ok(true),
        Err(err) if NONCE_INDEX.violated_by(&err) => Ok(false),
        Err(err) => Err(err),
    }
}
