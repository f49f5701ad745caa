//! The SMS outbox: every text message a vendor "sends" lands here and nowhere else, so a test can
//! read the activation or attach code a real user would have received.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{Any, Executor};

use crate::db::Tx;
use crate::platform::clock::{from_ms, serialize_rfc3339, to_ms};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SmsMessage {
    pub id: String,
    pub vendor: String,
    pub phone: String,
    pub text: String,
    pub code: Option<String>,
    #[serde(serialize_with = "serialize_rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// What a vendor sends: the phone in the vendor's own normalized form.
pub struct OutgoingSms<'a> {
    pub vendor: &'static str,
    pub phone: &'a str,
    pub text: &'a str,
    pub code: Option<&'a str>,
}

#[derive(Debug, Default)]
pub struct OutboxFilter {
    pub vendor: Option<String>,
    pub phone: Option<String>,
}

/// Sends inside the caller's transaction, so an SMS exists exactly when the change it reports does.
pub async fn send(
    tx: &mut Tx,
    tenant: &str,
    sms: OutgoingSms<'_>,
    at: DateTime<Utc>,
) -> Result<SmsMessage, sqlx::Error> {
    // v7 ids sort by creation, which is the order the outbox lists in.
    let message = SmsMessage {
        id: uuid::Uuid::now_v7().to_string(),
        vendor: sms.vendor.to_owned(),
        phone: sms.phone.to_owned(),
        text: sms.text.to_owned(),
        code: sms.code.map(str::to_owned),
        created_at: at,
    };
    sqlx::query(
        "INSERT INTO outbox (tenant, id, vendor, phone, text, code, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant)
    .bind(&message.id)
    .bind(&message.vendor)
    .bind(&message.phone)
    .bind(&message.text)
    .bind(&message.code)
    .bind(to_ms(at))
    .execute(&mut **tx)
    .await?;
    Ok(message)
}

/// Oldest first, at most `rows` messages whose id comes after `after` ("" for the first page):
/// a listing reads the outbox a page at a time, so its length costs no memory.
pub async fn list_page<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    filter: &OutboxFilter,
    after: &str,
    rows: usize,
) -> Result<Vec<SmsMessage>, sqlx::Error> {
    // Empty strings stand for "no filter" so one statement serves every combination.
    let rows: Vec<(String, String, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT id, vendor, phone, text, code, created_at_ms FROM outbox \
         WHERE tenant = $1 AND ($2 = '' OR vendor = $2) AND ($3 = '' OR phone = $3) AND id > $4 \
         ORDER BY id LIMIT $5",
    )
    .bind(tenant)
    .bind(filter.vendor.clone().unwrap_or_default())
    .bind(filter.phone.clone().unwrap_or_default())
    .bind(after)
    .bind(i64::try_from(rows).unwrap_or(i64::MAX))
    .fetch_all(executor)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, vendor, phone, text, code, created_at_ms)| SmsMessage {
            id,
            vendor,
            phone,
            text,
            code,
            created_at: from_ms(created_at_ms),
        })
        .collect())
}

pub async fn clear<'c, E: Executor<'c, Database = Any>>(executor: E, tenant: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM outbox WHERE tenant = $1")
        .bind(tenant)
        .execute(executor)
        .await?;
    Ok(())
}
