//! Attaching a receiver to a place by SMS: `POST /api/places/{placeId}/employees/attach/send-sms`
//! sends a code to the receiver's phone (at most once per `sms_resend_seconds` of the tenant's clock
//! per receiver), `…/attach/confirm` checks it. A confirmed receiver is in the partner's scope, its
//! payment page at the place is Confirmed and its phone number counts as confirmed.
//!
//! A receiver may be attached when it is in the partner's scope or has a page waiting at the place
//! (from `create-many`). Codes have 6 digits and live `CODE_TTL_SECONDS`; a new code replaces the
//! previous one.

use axum::body::Bytes;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::db::Tx;
use crate::platform::clock::{self, from_ms, rfc3339, to_ms};
use crate::platform::outbox::{self, OutgoingSms};
use crate::platform::secrets::random_digits;
use crate::state::AppState;
use crate::vendors::cloudtips::auth::Partner;
use crate::vendors::cloudtips::error::{
    succeed, succeed_empty, ApiResult, CloudtipsError, FieldErrors, PLACE_NOT_FOUND, RECEIVER_NOT_FOUND,
};
use crate::vendors::cloudtips::places::find_own_place;
use crate::vendors::cloudtips::receiver::{insert_layout, new_short_id, LayoutRow, LayoutStatus};
use crate::vendors::cloudtips::request::{json_object, required_string};

/// How long an attach code stays valid.
pub const CODE_TTL_SECONDS: i64 = 600;
pub const WRONG_CODE: &str = "Неверный код подтверждения";
pub const EXPIRED_CODE: &str = "Срок действия кода истёк, запросите новый";

/// The receiver the partner may attach at the place: its phone and name.
async fn attachable(
    tx: &mut Tx,
    partner: &Partner,
    place_id: &str,
    user_id: &str,
) -> Result<(String, String), CloudtipsError> {
    let found: Option<(String, String)> = sqlx::query_as(
        "SELECT r.phone, r.name FROM cloudtips_receivers r WHERE r.tenant = $1 AND r.user_id = $2 \
         AND (r.partner = $3 OR EXISTS (SELECT 1 FROM cloudtips_layouts l \
              WHERE l.tenant = r.tenant AND l.user_id = r.user_id AND l.place_id = $4))",
    )
    .bind(&partner.tenant)
    .bind(user_id)
    .bind(&partner.username)
    .bind(place_id)
    .fetch_optional(&mut **tx)
    .await?;
    found.ok_or(CloudtipsError::NotFound(RECEIVER_NOT_FOUND))
}

/// `POST /api/places/{placeId}/employees/attach/send-sms` with `{"UserId"}`.
pub async fn send_sms(
    State(app): State<AppState>,
    partner: Partner,
    Path(place_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = json_object(&body)?;
    let user_id =
        required_string(&body, "userid").map_err(|message| CloudtipsError::invalid_field("UserId", message))?;
    let tenant = partner.tenant.as_str();
    let mut tx = app.db.begin().await?;
    let place_name = find_own_place(&mut *tx, &partner, &place_id)
        .await?
        .ok_or(CloudtipsError::NotFound(PLACE_NOT_FOUND))?;
    let (phone, _) = attachable(&mut tx, &partner, &place_id, &user_id).await?;
    let now = clock::now(&mut *tx, tenant).await?;
    let now_ms = to_ms(now);
    let resend_ms = app.config.vendors.cloudtips.sms_resend_seconds.saturating_mul(1000);
    let code = random_digits(6);
    // The resend interval is kept by the row itself: the update happens only when the previous code
    // is old enough, so two racing calls cannot both send.
    let stored = sqlx::query(
        "INSERT INTO cloudtips_attach_codes (tenant, user_id, place_id, partner, code, sent_at_ms, expires_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (tenant, user_id) DO UPDATE SET place_id = EXCLUDED.place_id, partner = EXCLUDED.partner, \
         code = EXCLUDED.code, sent_at_ms = EXCLUDED.sent_at_ms, expires_at_ms = EXCLUDED.expires_at_ms \
         WHERE cloudtips_attach_codes.sent_at_ms <= $8",
    )
    .bind(tenant)
    .bind(&user_id)
    .bind(&place_id)
    .bind(&partner.username)
    .bind(&code)
    .bind(now_ms)
    .bind(now_ms + CODE_TTL_SECONDS * 1000)
    .bind(now_ms - resend_ms)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if stored == 0 {
        let (sent_at_ms,): (i64,) =
            sqlx::query_as("SELECT sent_at_ms FROM cloudtips_attach_codes WHERE tenant = $1 AND user_id = $2")
                .bind(tenant)
                .bind(&user_id)
                .fetch_one(&mut *tx)
                .await?;
        return Err(CloudtipsError::Failed(retry_message(sent_at_ms + resend_ms, now)));
    }
    let text = format!("Код для привязки к заведению «{place_name}» в CloudTips: {code}");
    outbox::send(
        &mut tx,
        tenant,
        OutgoingSms {
            vendor: crate::vendors::cloudtips::NAME,
            phone: &phone,
            text: &text,
            code: Some(&code),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(succeed_empty())
}

/// When the next SMS may go: in whole seconds, rounded up, and as an instant.
fn retry_message(retry_at_ms: i64, now: DateTime<Utc>) -> String {
    let seconds = (retry_at_ms - to_ms(now) + 999).div_euclid(1000).max(1);
    format!(
        "Повторная отправка СМС возможна через {seconds} сек. (после {})",
        rfc3339(from_ms(retry_at_ms))
    )
}

/// `POST /api/places/{placeId}/employees/attach/confirm` with `{"UserId", "SmsCode"}`.
pub async fn confirm(
    State(app): State<AppState>,
    partner: Partner,
    Path(place_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = json_object(&body)?;
    let mut errors = FieldErrors::default();
    let user_id = required_string(&body, "userid")
        .map_err(|message| errors.add("UserId", message))
        .unwrap_or_default();
    let sms_code = required_string(&body, "smscode")
        .map_err(|message| errors.add("SmsCode", message))
        .unwrap_or_default();
    errors.into_result()?;
    let tenant = partner.tenant.as_str();
    let mut tx = app.db.begin().await?;
    find_own_place(&mut *tx, &partner, &place_id)
        .await?
        .ok_or(CloudtipsError::NotFound(PLACE_NOT_FOUND))?;
    attachable(&mut tx, &partner, &place_id, &user_id).await?;
    let now = clock::now(&mut *tx, tenant).await?;
    let pending: Option<(String, i64)> = sqlx::query_as(
        "SELECT code, expires_at_ms FROM cloudtips_attach_codes \
         WHERE tenant = $1 AND user_id = $2 AND place_id = $3 AND partner = $4",
    )
    .bind(tenant)
    .bind(&user_id)
    .bind(&place_id)
    .bind(&partner.username)
    .fetch_optional(&mut *tx)
    .await?;
    match pending {
        Some((_, expires_at_ms)) if expires_at_ms <= to_ms(now) => {
            return Err(CloudtipsError::Failed(EXPIRED_CODE.to_owned()))
        }
        Some((code, _)) if code == sms_code.trim() => {}
        _ => return Err(CloudtipsError::Failed(WRONG_CODE.to_owned())),
    }
    let short_id = attach(&mut tx, &partner, &place_id, &user_id, now).await?;
    tx.commit().await?;
    Ok(succeed(json!({
        "userId": user_id,
        "layoutId": short_id,
        "layoutStatus": LayoutStatus::Confirmed.code(),
    })))
}

/// The code was right: scope, page and phone confirmation follow.
async fn attach(
    tx: &mut Tx,
    partner: &Partner,
    place_id: &str,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<String, sqlx::Error> {
    let tenant = partner.tenant.as_str();
    let now_ms = to_ms(now);
    sqlx::query("DELETE FROM cloudtips_attach_codes WHERE tenant = $1 AND user_id = $2")
        .bind(tenant)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE cloudtips_receivers SET partner = $1, phone_confirmed = 1, updated_at_ms = $2 \
         WHERE tenant = $3 AND user_id = $4",
    )
    .bind(&partner.username)
    .bind(now_ms)
    .bind(tenant)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    let page: Option<(String,)> =
        sqlx::query_as("SELECT short_id FROM cloudtips_layouts WHERE tenant = $1 AND user_id = $2 AND place_id = $3")
            .bind(tenant)
            .bind(user_id)
            .bind(place_id)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some((short_id,)) = page {
        sqlx::query("UPDATE cloudtips_layouts SET status = $1, updated_at_ms = $2 WHERE tenant = $3 AND short_id = $4")
            .bind(LayoutStatus::Confirmed.code())
            .bind(now_ms)
            .bind(tenant)
            .bind(&short_id)
            .execute(&mut **tx)
            .await?;
        return Ok(short_id);
    }
    let layout = LayoutRow {
        id: uuid::Uuid::new_v4().to_string(),
        short_id: new_short_id(),
        user_id: user_id.to_owned(),
        place_id: place_id.to_owned(),
        place_name: None,
        partner: partner.username.clone(),
        status: LayoutStatus::Confirmed.code(),
        name: None,
        title: None,
        description: None,
        text: None,
        channel_url: None,
        background_id: None,
        external_id: None,
        is_default: 0,
        disabled: 0,
        created_at_ms: now_ms,
        updated_at_ms: now_ms,
    };
    insert_layout(tx, tenant, &layout).await?;
    Ok(layout.short_id)
}
