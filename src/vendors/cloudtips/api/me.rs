//! The receiver's own profile and money (`client_id=MobilePhone` tokens only): `GET
//! /api/receivers/me`, `POST /api/receivers/payout-method`, `GET /api/payout/fee/info` and `GET
//! /api/accumulations/summary`.
//!
//! Choices where nothing is documented (the `cloudtips` package's reads are the specification):
//! - `payoutMethod` is the name, `"Instant"` or `"Accumulation"` (the partner API's 0 and 1); the
//!   POST takes either name in any case, or 0/1;
//! - `instantPayoutEnabled` is whether the receiver has a card; `isPremium` is false,
//!   `onboardingPassed` true, `gender` `NotSpecified`, `workPosition` and `birthday` null;
//!   `workPlace` is the place of the receiver's default payment page (else its first Confirmed one);
//! - `availableAmount` is the tip a payer may give, the emulator's bounds of 100 to 15 000 rubles;
//! - the accumulation summary's commission is the account's percentage of the accumulated balance,
//!   rounded half up to the kopeck; `amountToDeposit` is the balance less the commission;
//! - the fee texts are the emulator's own Russian wording, naming the account's percentage.

use axum::extract::State;

use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::platform::wire::Body;
use crate::state::AppState;
use crate::vendors::cloudtips::api::binding::PublicBase;
use crate::vendors::cloudtips::store::account::{self, AccountRow, Me};
use crate::vendors::cloudtips::store::card;
use crate::vendors::cloudtips::store::layout::{self, LayoutStatus};
use crate::vendors::cloudtips::store::receiver::{self, Edit, ReceiverRow};
use crate::vendors::cloudtips::store::timeline_item::rubles;
use crate::vendors::cloudtips::wire::envelope::Null;
use crate::vendors::cloudtips::wire::error::{succeed, succeed_empty, ApiResult, CloudtipsError};
use crate::vendors::cloudtips::wire::own::{
    payout_method_name, AccumulationSummary, AvailableAmount, FeeInfo, OwnPayoutMethod, PayoutChoice, Profile,
};
use crate::vendors::cloudtips::wire::values::Time;
use crate::vendors::cloudtips::wire::words::CloudtipsWords;

/// The bounds of a tip, in rubles.
const TIP_BOUNDS: (f64, f64) = (100.0, 15_000.0);

async fn me_row(app: &AppState, me: &Me) -> Result<ReceiverRow, CloudtipsError> {
    receiver::find(app.db.pool(), &me.tenant, &me.user_id)
        .await?
        .ok_or(CloudtipsError::ReceiverNotFound)
}

async fn account_of(app: &AppState, me: &Me) -> Result<AccountRow, CloudtipsError> {
    Ok(account::find(app.db.pool(), &me.tenant, &me.user_id)
        .await?
        .unwrap_or_else(|| AccountRow::empty(&me.user_id)))
}

/// `GET /api/receivers/me`.
pub async fn get_me(State(app): State<AppState>, me: Me, base: PublicBase) -> ApiResult {
    let found = me_row(&app, &me).await?;
    let cards = card::of_receiver(app.db.pool(), &me.tenant, &me.user_id).await?;
    let pages = layout::of_receiver(app.db.pool(), &me.tenant, &me.user_id).await?;
    let confirmed = |page: &&layout::LayoutRow| LayoutStatus::from_code(page.status) == Some(LayoutStatus::Confirmed);
    let work_place = pages
        .iter()
        .find(|page| page.is_default != 0 && confirmed(page))
        .or_else(|| pages.iter().find(confirmed))
        .and_then(|page| page.place_name.clone());
    let photo_url = found
        .photo_id
        .as_deref()
        .map(|photo_id| base.photo_url(&me.tenant, photo_id));
    Ok(succeed(Profile {
        available_amount: AvailableAmount {
            maximal: TIP_BOUNDS.1,
            minimal: TIP_BOUNDS.0,
        },
        birthday: Null,
        created_date: Time::at(found.created_at_ms),
        email: found.email,
        full_name: found.name,
        gender: "NotSpecified",
        instant_payout_enabled: !cards.is_empty(),
        is_premium: false,
        onboarding_passed: true,
        payout_method: payout_method_name(found.payout_method),
        phone_number: found.phone,
        phone_number_confirmed: found.phone_confirmed != 0,
        photo_url,
        user_id: found.user_id,
        work_place,
        work_position: Null,
    }))
}

/// `POST /api/receivers/payout-method` with `{"payoutMethod": "Instant" | "Accumulation"}`.
pub async fn set_payout_method(
    State(app): State<AppState>,
    context: RequestContext,
    me: Me,
    Body(
        OwnPayoutMethod {
            payout_method: PayoutChoice(method),
        },
        _,
    ): Body<OwnPayoutMethod, CloudtipsWords>,
) -> ApiResult {
    let mut tx = app.db.begin().await?;
    receiver::find(&mut *tx, &me.tenant, &me.user_id)
        .await?
        .ok_or(CloudtipsError::ReceiverNotFound)?;
    let now = context.now(&mut *tx).await?;
    let edit = Edit {
        tenant: &me.tenant,
        user_id: &me.user_id,
        now_ms: to_ms(now),
    };
    receiver::set_payout_method(&mut tx, edit, method).await?;
    tx.commit().await?;
    Ok(succeed_empty())
}

/// A percentage in hundredths of a percent as the API's number (`300` → `3.0`).
fn percent(basis_points: i64) -> f64 {
    rubles(basis_points)
}

/// `GET /api/payout/fee/info`.
pub async fn payout_fee_info(State(app): State<AppState>, me: Me) -> ApiResult {
    let account = account_of(&app, &me).await?;
    let percent = percent(account.commission_basis_points);
    Ok(succeed(FeeInfo {
        down_grade_condition: "Мгновенные выплаты доступны, пока к профилю привязана карта",
        instant_payout_commission_text: "Мгновенная выплата на карту — без комиссии",
        text: format!("Комиссия за вывод накопленных средств — {percent}%"),
        tinkoff_commission_hint: "На карты Т-Банка выплаты без комиссии",
    }))
}

/// `GET /api/accumulations/summary`.
pub async fn accumulations_summary(State(app): State<AppState>, me: Me) -> ApiResult {
    let account = account_of(&app, &me).await?;
    let commission = account.commission_kopecks();
    let percent = percent(account.commission_basis_points);
    Ok(succeed(AccumulationSummary {
        accumulated_amount: rubles(account.accumulated_kopecks),
        amount_to_deposit: rubles(account.accumulated_kopecks.saturating_sub(commission)),
        commission: rubles(commission),
        commission_hint: format!("При выводе удерживается {percent}% от накопленной суммы"),
        commission_percent: percent,
        next_payout_date: account.next_payout_at_ms.map(Time::at),
    }))
}
