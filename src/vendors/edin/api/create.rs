//! `POST /Api/V1/Certificate/Create` (CreateCertificate, Create_errors): a new certificate card
//! owned by the caller's GLN → `certificate_id`.
//!
//! The members are checked by their declaration (`wire::cards::NewCertificate`): the mandatory
//! ones, lengths, the GLN's format, the directory codes and the dates as real `DD.MM.YYYY` days.
//! Then, what no schema states, the first failing one answers: the GLN must be the caller's (404
//! `Gln … не найден`); the start not after the end (400); and, in the same statement that writes
//! the card, a number its owner already has (404, as documented).
//!
//! The new card is restricted (`intAccessType` 2, SetAccess opens it), its supplier is its owner,
//! and its `varCreatedDate` and `varReviewDate` are the tenant's clock. Create_errors prints its
//! first two answers as invalid JSON; they are served as valid JSON with the same text (the
//! missing closing quote of `"cert_number` added).

use axum::response::Response;

use crate::platform::clock::to_ms;
use crate::vendors::edin::api::call::Call;
use crate::vendors::edin::store::certificates::{self, AccessType, CertificateCard, OWNER_NUMBER};
use crate::vendors::edin::store::sequences;
use crate::vendors::edin::wire::answer::Outcome;
use crate::vendors::edin::wire::cards::{Created, NewCertificate};
use crate::vendors::edin::wire::dates;
use crate::vendors::edin::wire::error::EdinError;
use crate::vendors::edin::wire::values::Text;

pub async fn create(call: Call<NewCertificate>) -> Response {
    call.respond(run(&call).await)
}

async fn run(call: &Call<NewCertificate>) -> Outcome<Created> {
    let new = &call.params;
    let gln = &new.cert_gln_creator.0;
    if *gln != call.caller.gln {
        return Err(EdinError::GlnNotFound(gln.clone()));
    }
    if let Some(end) = new.cert_end_date {
        if new.cert_start_date.0 > end.0 {
            return Err(EdinError::StartAfterEnd {
                start: dates::request_date(new.cert_start_date.0),
                end: dates::request_date(end.0),
            });
        }
    }

    let mut tx = call.app.db.begin().await?;
    let now_ms = to_ms(call.context.now(&mut *tx).await?);
    let cert_id = sequences::next(&mut tx, call.tenant(), sequences::CERTIFICATES).await?;
    let card = CertificateCard {
        cert_id,
        owner_gln: gln.clone(),
        number: new.cert_number.0.clone(),
        access_type: AccessType::Restricted.code(),
        cert_type: new.cert_type.0,
        sub_type: new.cert_sub_type.0,
        supplier_gln: gln.clone(),
        issued_on: Some(dates::stored(new.cert_date.0)),
        starts_on: Some(dates::stored(new.cert_start_date.0)),
        ends_on: new.cert_end_date.map(|end| dates::stored(end.0)),
        part_number: Text::or_empty(&new.cert_part_number),
        lot_number: Text::or_empty(&new.cert_lot_number),
        gtd: Text::or_empty(&new.cert_gtd),
        description: String::new(),
        created_at_ms: now_ms,
        reviewed_at_ms: Some(now_ms),
    };
    if let Err(err) = certificates::insert(&mut tx, call.tenant(), &card).await {
        return Err(if OWNER_NUMBER.violated_by(&err) {
            EdinError::DuplicateNumber(card.number)
        } else {
            err.into()
        });
    }
    tx.commit().await?;
    Ok(Created {
        certificate_id: cert_id.to_string(),
    })
}
