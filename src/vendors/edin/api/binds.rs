//! `POST /Api/V1/Certificate/SetBind` (SetBind, SetBind_errors): the owner binds a certificate to
//! products (`bind_action` 1) or removes binds (`bind_action` 2). A barcode search
//! (GetCertsByBarcode) then finds the certificate by a bound `gtin`, and GetCertByID lists the
//! binds as `product_binds`.
//!
//! The members are checked by their declaration (`wire::binds`); then the certificate (404
//! `Сертификат не найден` unless the caller's company owns it); only then is anything written, in
//! one transaction. Adding a bind twice keeps one; removing matches every bind that agrees with
//! each field the item fills.

use axum::response::Response;

use crate::platform::clock::to_ms;
use crate::vendors::edin::api::call::Call;
use crate::vendors::edin::store::binds::{self, ProductBind};
use crate::vendors::edin::store::certificates;
use crate::vendors::edin::wire::answer::{Done, Outcome};
use crate::vendors::edin::wire::binds::BindChange;
use crate::vendors::edin::wire::directories::BIND_ADD;

pub async fn set_bind(call: Call<BindChange>) -> Response {
    call.respond(run(&call).await)
}

async fn run(call: &Call<BindChange>) -> Outcome<Done> {
    let change = &call.params;
    let mut tx = call.app.db.begin().await?;
    let cert_id = certificates::owned_by(&mut tx, call.tenant(), change.cert_id.0, &call.caller.gln).await?;
    for entry in &change.product_binds {
        let bind = ProductBind::from(entry);
        if change.bind_action.0 == BIND_ADD {
            binds::add(&mut tx, call.tenant(), cert_id, &bind).await?;
        } else {
            binds::remove(&mut tx, call.tenant(), cert_id, &bind).await?;
        }
    }
    let now_ms = to_ms(call.context.now(&mut *tx).await?);
    certificates::mark_reviewed(&mut tx, call.tenant(), cert_id, now_ms).await?;
    tx.commit().await?;
    Ok(Done {})
}
