//! `POST /Api/V1/Certificate/Create` (CreateCertificate, Create_errors): a new certificate card
//! owned by the caller's GLN → `certificate_id`.
//!
//! Checks, the first failing one answers: token; the mandatory fields in the page's order
//! (`cert_number`, `cert_date`, `cert_sub_type`, `cert_type`, `cert_start_date`, `cert_end_date`
//! when `cert_sub_type` is 1, `cert_part_number` when it is 2, `cert_gln_creator`); lengths
//! (`cert_number`, `cert_part_number`, `cert_gtd` ≤ 100, `cert_lot_number` ≤ 50 characters); the
//! GLN's format (13 digits); `cert_sub_type` (1, 2) and `cert_type` (1–16) in their directories;
//! the dates as real `DD.MM.YYYY` days (`cert_date`, `cert_start_date`, then `cert_end_date`); the
//! GLN must be the caller's (404 `Gln … не найден`); the start not after the end; and, in the
//! same statement that writes the card, a number its owner already has (404, as documented).
//!
//! The new card is restricted (`intAccessType` 2, SetAccess opens it), its supplier is its owner,
//! and its `varCreatedDate` and `varReviewDate` are the tenant's clock. Create_errors prints its
//! first two answers as invalid JSON; they are served as valid JSON with the same text (the
//! missing closing quote of `"cert_number` added).

use axum::response::Response;
use serde_json::{json, Map};

use crate::platform::clock::to_ms;
use crate::vendors::edin::auth::authenticate;
use crate::vendors::edin::certificate::{self, AccessType, CertificateCard, OWNER_NUMBER};
use crate::vendors::edin::dates;
use crate::vendors::edin::dictionary::{SUB_TYPES, SUB_TYPE_LOT, SUB_TYPE_PERIOD, TYPES};
use crate::vendors::edin::error::{EdinError, Outcome};
use crate::vendors::edin::request::{filled, integer, is_gln, Call};
use crate::vendors::edin::sequence;

/// The fields a length limit applies to, with their limits (Таблиця 1).
pub const LIMITS: &[(&str, usize)] = &[
    ("cert_number", 100),
    ("cert_part_number", 100),
    ("cert_lot_number", 50),
    ("cert_gtd", 100),
];

pub async fn create(call: Call) -> Response {
    call.respond(run(&call).await)
}

fn required(call: &Call, name: &'static str) -> Result<String, EdinError> {
    filled(call, name).ok_or(EdinError::MissingField(name))
}

fn date(field: &'static str, text: &str) -> Result<String, EdinError> {
    dates::parse_request_date(text)
        .map(dates::stored)
        .ok_or_else(|| EdinError::InvalidFieldRule {
            field,
            value: text.to_owned(),
            rule: "формат даты DD.MM.YYYY".into(),
        })
}

/// A directory code: the field's text must be one of the directory's codes.
fn code(field: &'static str, text: &str, known: impl Fn(i64) -> bool, rule: &'static str) -> Result<i64, EdinError> {
    integer(&json!(text))
        .filter(|code| known(*code))
        .ok_or_else(|| EdinError::InvalidFieldRule {
            field,
            value: text.to_owned(),
            rule: rule.into(),
        })
}

async fn run(call: &Call) -> Outcome {
    let session = authenticate(call).await?;
    let number = required(call, "cert_number")?;
    let issued = required(call, "cert_date")?;
    let sub_type = required(call, "cert_sub_type")?;
    let cert_type = required(call, "cert_type")?;
    let start = required(call, "cert_start_date")?;
    let sub_type_code = integer(&json!(sub_type));
    let end = filled(call, "cert_end_date");
    if sub_type_code == Some(SUB_TYPE_PERIOD) && end.is_none() {
        return Err(EdinError::MissingField("cert_end_date"));
    }
    let part_number = filled(call, "cert_part_number");
    if sub_type_code == Some(SUB_TYPE_LOT) && part_number.is_none() {
        return Err(EdinError::MissingField("cert_part_number"));
    }
    let gln = required(call, "cert_gln_creator")?;
    for (field, max) in LIMITS {
        if let Some(value) = filled(call, field).filter(|value| value.chars().count() > *max) {
            return Err(EdinError::too_long(field, &value, *max));
        }
    }
    if !is_gln(&gln) {
        return Err(EdinError::InvalidField {
            field: "cert_gln_creator",
            value: gln,
        });
    }
    let sub_type = code(
        "cert_sub_type",
        &sub_type,
        |c| SUB_TYPES.has(c),
        "вид сертификата не найден",
    )?;
    let cert_type = code("cert_type", &cert_type, |c| TYPES.has(c), "тип сертификата не найден")?;
    let issued_on = date("cert_date", &issued)?;
    let starts_on = date("cert_start_date", &start)?;
    let ends_on = end.as_deref().map(|end| date("cert_end_date", end)).transpose()?;
    if gln != session.gln {
        return Err(EdinError::GlnNotFound(gln));
    }
    if let (Some(end_text), Some(ends_on)) = (&end, &ends_on) {
        // Stored dates are YYYY-MM-DD, so their text order is their calendar order.
        if starts_on > *ends_on {
            return Err(EdinError::StartAfterEnd {
                start,
                end: end_text.clone(),
            });
        }
    }

    let mut tx = call.app.db.begin().await?;
    let now_ms = to_ms(call.context.now(&mut *tx).await?);
    let cert_id = sequence::next(&mut tx, call.tenant(), sequence::CERTIFICATES).await?;
    let card = CertificateCard {
        cert_id,
        owner_gln: gln.clone(),
        number: number.clone(),
        access_type: AccessType::Restricted.code(),
        cert_type,
        sub_type,
        supplier_gln: gln,
        issued_on: Some(issued_on),
        starts_on: Some(starts_on),
        ends_on,
        part_number: part_number.unwrap_or_default(),
        lot_number: filled(call, "cert_lot_number").unwrap_or_default(),
        gtd: filled(call, "cert_gtd").unwrap_or_default(),
        description: String::new(),
        created_at_ms: now_ms,
        reviewed_at_ms: Some(now_ms),
    };
    if let Err(err) = certificate::insert(&mut tx, call.tenant(), &card).await {
        return Err(if OWNER_NUMBER.violated_by(&err) {
            EdinError::DuplicateNumber(number)
        } else {
            err.into()
        });
    }
    tx.commit().await?;
    let mut members = Map::new();
    // A string, as the page's example shows it.
    members.insert("certificate_id".to_owned(), json!(cert_id.to_string()));
    Ok(members)
}
