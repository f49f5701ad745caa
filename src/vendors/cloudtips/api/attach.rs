//! Attaching a receiver to a place by SMS: `POST /api/places/{placeId}/employees/attach/send-sms`
//! sends a code to the receiver's phone (at most once per `sms_resend_seconds` of the tenant's clock
//! per receiver), `…/attach/confirm` checks it. A confirmed receiver is in the partner's scope, its
//! payment page at the place is Confirmed and its phone number counts as confirmed.
//!
//! A receiver may be attached when it is in the partner's scope or has a page waiting at the place
//! (from `create-many`). Codes have 6 digits and live `CODE_TTL_SECONDS`; a new code replaces the
//! previous one.

use axum::extract::{Path, State};

use crate::db::Tx;
use crate::platform::clock::{from_ms, to_ms};
use crate::platform::context::RequestContext;
use crate::platform::outbox::{self, OutgoingSms};
use crate::platform::secrets::random_digits;
use crate::platform::wire::Body;
use crate::state::AppState;
use crate::vendors::cloudtips::store::attach_code::{self, AttachCode};
use crate::vendors::cloudtips::store::layout::{self, LayoutStatus, Placement};
use crate::vendors::cloudtips::store::partner::Partner;
use crate::vendors::cloudtips::store::place;
use crate::vendors::cloudtips::store::receiver::{self, Edit, ReceiverRow};
use crate::vendors::cloudtips::wire::attach::{Attached, ConfirmAttachCode, SendAttachCode};
use crate::vendors::cloudtips::wire::error::{succeed, succeed_empty, ApiResult, CloudtipsError};
use crate::vendors::cloudtips::wire::words::CloudtipsWords;

/// How long an attach code stays valid.
pub const CODE_TTL_SECONDS: i64 = 600;

/// The partner's own place (its name) and the receiver the partner may attach there.
async fn place_and_receiver(
    tx: &mut Tx,
    partner: &Partner,
    place_id: &str,
    user_id: &str,
) -> Result<(String, ReceiverRow), CloudtipsError> {
    let place_name = place::find_own(&mut **tx, partner, place_id)
        .await?
        .ok_or(CloudtipsError::PlaceNotFound)?;
    let found = receiver::attachable(&mut **tx, partner, place_id, user_id)
        .await?
        .ok_or(CloudtipsError::ReceiverNotFound)?;
    Ok((place_name, found))
}

/// `POST /api/places/{placeId}/employees/attach/send-sms` with `{"UserId"}`.
pub async fn send_sms(
    State(app): State<AppState>,
    context: RequestContext,
    partner: Partner,
    Path(place_id): Path<String>,
    Body(SendAttachCode { user_id }, _): Body<SendAttachCode, CloudtipsWords>,
) -> ApiResult {
    let tenant = partner.tenant.as_str();
    let mut tx = app.db.begin().await?;
    let (place_name, found) = place_and_receiver(&mut tx, &partner, &place_id, &user_id).await?;
    let now = context.now(&mut *tx).await?;
    let now_ms = to_ms(now);
    let resend_ms = app.config.vendors.cloudtips.sms_resend_seconds.saturating_mul(1000);
    let code = random_digits(6);
    let offered = AttachCode {
        user_id: &user_id,
        place_id: &place_id,
        code: &code,
        sent_at_ms: now_ms,
        expires_at_ms: now_ms + CODE_TTL_SECONDS * 1000,
    };
    if !attach_code::offer(&mut tx, &partner, &offered, now_ms - resend_ms).await? {
        let retry_at_ms = attach_code::sent_at(&mut *tx, tenant, &user_id).await? + resend_ms;
        return Err(CloudtipsError::ResendTooSoon {
            // Whole seconds, rounded up.
            seconds: (retry_at_ms - now_ms + 999).div_euclid(1000).max(1),
            retry_at: from_ms(retry_at_ms),
        });
    }
    let text = format!("Код для привязки к заведению «{place_name}» в CloudTips: {code}");
    outbox::send(
        &mut tx,
        tenant,
        OutgoingSms {
            vendor: crate::vendors::cloudtips::NAME,
            phone: &found.phone,
            text: &text,
            code: Some(&code),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(succeed_empty())
}

/// `POST /api/places/{placeId}/employees/attach/confirm` with `{"UserId", "SmsCode"}`.
pub async fn confirm(
    State(app): State<AppState>,
    context: RequestContext,
    partner: Partner,
    Path(place_id): Path<String>,
    Body(ConfirmAttachCode { user_id, sms_code }, _): Body<ConfirmAttachCode, CloudtipsWords>,
) -> ApiResult {
    let mut tx = app.db.begin().await?;
    place_and_receiver(&mut tx, &partner, &place_id, &user_id).await?;
    let now = context.now(&mut *tx).await?;
    let now_ms = to_ms(now);
    match attach_code::pending(&mut *tx, &partner, &place_id, &user_id).await? {
        Some((_, expires_at_ms)) if expires_at_ms <= now_ms => return Err(CloudtipsError::ExpiredCode),
        Some((code, _)) if code == sms_code.trim() => {}
        _ => return Err(CloudtipsError::WrongCode),
    }
    // The code was right: scope, page and phone confirmation follow.
    attach_code::remove(&mut tx, &partner.tenant, &user_id).await?;
    receiver::attach(&mut tx, Edit::by(&partner, &user_id, now), &partner.username).await?;
    let placement = Placement {
        tenant: &partner.tenant,
        partner: &partner.username,
        user_id: &user_id,
        place_id: &place_id,
        status: LayoutStatus::Confirmed,
        external_id: None,
        name: None,
        first_is_default: false,
    };
    let short_id = layout::put_at_place(&mut tx, placement, now_ms).await?;
    tx.commit().await?;
    Ok(succeed(Attached {
        layout_id: short_id,
        layout_status: LayoutStatus::Confirmed.code(),
        user_id,
    }))
}
