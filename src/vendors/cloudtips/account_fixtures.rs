//! What a receiver's fixture may carry for its own API (`client_id=MobilePhone`): `password` (its
//! login; none: no login), `accumulation` (`accumulatedAmount` in rubles, `commissionPercent`, 3
//! by default, `nextPayout_at`), `timeline` (items: `transactionId`, a random one when left out;
//! `operationType`, `Transaction` or `Payout`, `Transaction` by default; `payerName`,
//! `paymentAmount` in rubles, `comment`, `created_at`) and `cards` (`token`, `tk_<uuid>` when left
//! out; `firstSix`, `lastFour`, `cardType`, `MIR` by default; `cardExpirationDate` as `MM/YY`,
//! `issuerCode`, `isDefault`, at most one; `commissionHint`, `created_at`). Amounts have at most
//! two decimals. The export gives `accumulation` for every receiver with an account row (one with
//! a password or an accumulation), and every item and card with its time.

use chrono::{DateTime, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::db::Tx;
use crate::fixtures::{clash, FixtureError, SeenOnce};
use crate::platform::clock::to_ms;
use crate::vendors::cloudtips::account::{self, AccountRow, DEFAULT_COMMISSION_BASIS_POINTS};
use crate::vendors::cloudtips::card::{self, CardRow};
use crate::vendors::cloudtips::timeline_item::{self, rubles, TimelineRow, OPERATION_TYPES};

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AccumulationFixture {
    #[serde(default)]
    pub accumulated_amount: f64,
    #[serde(default = "default_percent")]
    pub commission_percent: f64,
    #[serde(default, rename = "nextPayout_at")]
    pub next_payout_date: Option<DateTime<Utc>>,
}

fn default_percent() -> f64 {
    rubles(DEFAULT_COMMISSION_BASIS_POINTS)
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TimelineFixture {
    /// Left out: a random id; always given once prepared.
    #[serde(default)]
    pub transaction_id: Option<i64>,
    #[serde(default = "default_operation")]
    pub operation_type: String,
    #[serde(default)]
    pub payer_name: Option<String>,
    pub payment_amount: f64,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default, rename = "created_at", skip_serializing_if = "Option::is_none")]
    pub created_date: Option<DateTime<Utc>>,
}

fn default_operation() -> String {
    OPERATION_TYPES[0].to_owned()
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CardFixture<Id = Option<String>> {
    #[serde(default)]
    pub token: Id,
    pub first_six: String,
    pub last_four: String,
    #[serde(default = "default_card_type")]
    pub card_type: String,
    pub card_expiration_date: String,
    #[serde(default)]
    pub issuer_code: String,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub commission_hint: String,
    #[serde(default, rename = "created_at", skip_serializing_if = "Option::is_none")]
    pub created_date: Option<DateTime<Utc>>,
}

fn default_card_type() -> String {
    "MIR".to_owned()
}

/// A receiver's own-API data, as a fixture gives it (`Id` for the ids it may leave out).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OwnData<Id = Option<String>> {
    pub password: Option<String>,
    pub accumulation: Option<AccumulationFixture>,
    pub timeline: Vec<TimelineFixture>,
    pub cards: Vec<CardFixture<Id>>,
}

pub type PreparedOwnData = OwnData<String>;

/// What must be unique across the section.
#[derive(Default)]
pub struct SeenOwn {
    transaction_ids: SeenOnce,
    card_tokens: SeenOnce,
}

/// Rubles (or percent) with at most two decimals as hundredths.
fn hundredths(value: f64, path: &str, max: i64) -> Result<i64, FixtureError> {
    let scaled = (value * 100.0).round();
    let exact = (value * 100.0 - scaled).abs() < 1e-6;
    if !value.is_finite() || !exact || scaled < 0.0 || scaled > max as f64 {
        return Err(FixtureError::invalid(
            path,
            "must be a number from 0 with at most two decimals",
        ));
    }
    // In range: checked above.
    Ok(scaled as i64)
}

fn digits(value: &str, count: usize, path: String) -> Result<(), FixtureError> {
    if value.len() == count && value.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(FixtureError::invalid(path, format!("must be {count} digits")))
    }
}

fn expiration(value: &str, path: String) -> Result<(), FixtureError> {
    let valid = value.split_once('/').is_some_and(|(month, year)| {
        month.len() == 2
            && year.len() == 2
            && year.chars().all(|c| c.is_ascii_digit())
            && month.parse::<u8>().is_ok_and(|month| (1..=12).contains(&month))
    });
    if valid {
        Ok(())
    } else {
        Err(FixtureError::invalid(path, "must be MM/YY"))
    }
}

/// Checks a receiver's own-API data and fills its ids.
pub fn prepare(data: OwnData, path: &str, seen: &mut SeenOwn) -> Result<PreparedOwnData, FixtureError> {
    if let Some(accumulation) = &data.accumulation {
        hundredths(
            accumulation.accumulated_amount,
            &format!("{path}.accumulation.accumulatedAmount"),
            i64::MAX / 100,
        )?;
        hundredths(
            accumulation.commission_percent,
            &format!("{path}.accumulation.commissionPercent"),
            10_000,
        )?;
    }
    let mut timeline = Vec::with_capacity(data.timeline.len());
    for (t, item) in data.timeline.into_iter().enumerate() {
        let item_path = format!("{path}.timeline[{t}]");
        let transaction_id = item
            .transaction_id
            .unwrap_or_else(|| rand::thread_rng().gen_range(100_000_000..i64::from(i32::MAX)));
        seen.transaction_ids.check(
            &transaction_id.to_string(),
            &format!("{item_path}.transactionId"),
            "transactionId",
        )?;
        if !OPERATION_TYPES.contains(&item.operation_type.as_str()) {
            return Err(FixtureError::invalid(
                format!("{item_path}.operationType"),
                format!("must be one of {}", OPERATION_TYPES.join(", ")),
            ));
        }
        hundredths(
            item.payment_amount,
            &format!("{item_path}.paymentAmount"),
            i64::MAX / 100,
        )?;
        timeline.push(TimelineFixture {
            transaction_id: Some(transaction_id),
            operation_type: item.operation_type,
            payer_name: item.payer_name,
            payment_amount: item.payment_amount,
            comment: item.comment,
            created_date: item.created_date,
        });
    }
    let mut cards = Vec::with_capacity(data.cards.len());
    for (c, card) in data.cards.into_iter().enumerate() {
        let card_path = format!("{path}.cards[{c}]");
        let token = card
            .token
            .unwrap_or_else(|| format!("tk_{}", uuid::Uuid::new_v4().simple()));
        if token.trim().is_empty() {
            return Err(FixtureError::invalid(format!("{card_path}.token"), "must not be empty"));
        }
        seen.card_tokens
            .check(&token, &format!("{card_path}.token"), "card token")?;
        digits(&card.first_six, 6, format!("{card_path}.firstSix"))?;
        digits(&card.last_four, 4, format!("{card_path}.lastFour"))?;
        expiration(&card.card_expiration_date, format!("{card_path}.cardExpirationDate"))?;
        if card.is_default && cards.iter().any(|earlier: &CardFixture<String>| earlier.is_default) {
            return Err(FixtureError::invalid(
                format!("{card_path}.isDefault"),
                "a receiver has at most one default card",
            ));
        }
        cards.push(CardFixture {
            token,
            first_six: card.first_six,
            last_four: card.last_four,
            card_type: card.card_type,
            card_expiration_date: card.card_expiration_date,
            issuer_code: card.issuer_code,
            is_default: card.is_default,
            commission_hint: card.commission_hint,
            created_date: card.created_date,
        });
    }
    Ok(OwnData {
        password: data.password,
        accumulation: data.accumulation,
        timeline,
        cards,
    })
}

/// Writes a prepared receiver's own-API data; returns how many items and cards it wrote.
pub async fn load(
    tx: &mut Tx,
    tenant: &str,
    user_id: &str,
    data: &PreparedOwnData,
    now: DateTime<Utc>,
    path: &str,
) -> Result<(u64, u64), FixtureError> {
    let ms = |at: Option<DateTime<Utc>>| to_ms(at.unwrap_or(now));
    if data.password.is_some() || data.accumulation.is_some() {
        let accumulation = data.accumulation.as_ref();
        let row = AccountRow {
            user_id: user_id.to_owned(),
            password: data.password.clone(),
            accumulated_kopecks: match accumulation {
                Some(accumulation) => hundredths(accumulation.accumulated_amount, path, i64::MAX / 100)?,
                None => 0,
            },
            commission_basis_points: match accumulation {
                Some(accumulation) => hundredths(accumulation.commission_percent, path, 10_000)?,
                None => DEFAULT_COMMISSION_BASIS_POINTS,
            },
            next_payout_at_ms: accumulation.and_then(|accumulation| accumulation.next_payout_date.map(to_ms)),
        };
        account::insert(tx, tenant, &row)
            .await
            .map_err(|err| clash(err, path, "an account of this receiver"))?;
    }
    for (t, item) in data.timeline.iter().enumerate() {
        let item_path = format!("{path}.timeline[{t}]");
        let transaction_id = item
            .transaction_id
            .ok_or_else(|| FixtureError::invalid(format!("{item_path}.transactionId"), "missing"))?;
        let row = TimelineRow {
            transaction_id,
            user_id: user_id.to_owned(),
            operation_type: item.operation_type.clone(),
            payer_name: item.payer_name.clone(),
            amount_kopecks: hundredths(item.payment_amount, &item_path, i64::MAX / 100)?,
            comment: item.comment.clone(),
            created_at_ms: ms(item.created_date),
        };
        timeline_item::insert(tx, tenant, &row)
            .await
            .map_err(|err| clash(err, &item_path, "a timeline item with this transactionId"))?;
    }
    for (c, fixture) in data.cards.iter().enumerate() {
        let card_path = format!("{path}.cards[{c}]");
        let row = CardRow {
            token: fixture.token.clone(),
            user_id: user_id.to_owned(),
            first_six: fixture.first_six.clone(),
            last_four: fixture.last_four.clone(),
            card_type: fixture.card_type.clone(),
            expiration_date: fixture.card_expiration_date.clone(),
            issuer_code: fixture.issuer_code.clone(),
            is_default: i64::from(fixture.is_default),
            commission_hint: fixture.commission_hint.clone(),
            created_at_ms: ms(fixture.created_date),
        };
        card::insert(tx, tenant, &row)
            .await
            .map_err(|err| clash(err, &card_path, "a card with this token"))?;
    }
    let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    Ok((count(data.timeline.len()), count(data.cards.len())))
}

/// A stored account, timeline item or card time as the section gives it.
fn stored_time(ms: i64, what: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| sqlx::Error::Decode(format!("{what} is {ms}, not a time").into()))
}

/// A receiver's stored own-API data, as the section gives it.
pub fn export(
    account: Option<AccountRow>,
    items: Vec<TimelineRow>,
    cards: Vec<CardRow>,
) -> Result<PreparedOwnData, sqlx::Error> {
    let (password, accumulation) = match account {
        Some(row) => (
            row.password,
            Some(AccumulationFixture {
                accumulated_amount: rubles(row.accumulated_kopecks),
                commission_percent: rubles(row.commission_basis_points),
                next_payout_date: row
                    .next_payout_at_ms
                    .map(|ms| stored_time(ms, &format!("next payout of {}", row.user_id)))
                    .transpose()?,
            }),
        ),
        None => (None, None),
    };
    Ok(OwnData {
        password,
        accumulation,
        timeline: items
            .into_iter()
            .map(|row| {
                Ok(TimelineFixture {
                    created_date: Some(stored_time(
                        row.created_at_ms,
                        &format!("cloudtips_timeline.created_at_ms of {}", row.transaction_id),
                    )?),
                    transaction_id: Some(row.transaction_id),
                    operation_type: row.operation_type,
                    payer_name: row.payer_name,
                    payment_amount: rubles(row.amount_kopecks),
                    comment: row.comment,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?,
        cards: cards
            .into_iter()
            .map(|row| {
                Ok(CardFixture {
                    created_date: Some(stored_time(
                        row.created_at_ms,
                        &format!("cloudtips_cards.created_at_ms of {}", row.token),
                    )?),
                    token: row.token,
                    first_six: row.first_six,
                    last_four: row.last_four,
                    card_type: row.card_type,
                    card_expiration_date: row.expiration_date,
                    issuer_code: row.issuer_code,
                    is_default: row.is_default != 0,
                    commission_hint: row.commission_hint,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?,
    })
}
