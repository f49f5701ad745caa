//! `POST /Api/V1/Certificate/SetAccess` (its page and SetAccess_errors, listed in docs/vendors/edin.md): the owner of a certificate
//! makes it visible to everyone (`access_type` 1) or restricts it (`access_type` 2) and opens
//! (`access_action` 1) or closes (`access_action` 2) it for companies (`isRetailer: false`) or for
//! whole retail networks (`isRetailer: true`).
//!
//! The members are checked by their declaration (`wire::access`); then, the first failing one
//! answers: the certificate (404 unless the caller's company owns it), GLNs missing from the
//! directory, `isRetailer` for GLNs that are not networks. Only then is anything written, in one
//! transaction. With `access_type` 1 the certificate becomes public and the partners are not
//! read (stored grants stay and matter again once the type is back to 2).

use std::collections::HashSet;

use axum::response::Response;

use crate::db::Tx;
use crate::platform::clock::to_ms;
use crate::vendors::edin::api::call::Call;
use crate::vendors::edin::store::certificates::{self, AccessType};
use crate::vendors::edin::store::companies;
use crate::vendors::edin::wire::access::{AccessChange, Amigo};
use crate::vendors::edin::wire::answer::{Done, Outcome};
use crate::vendors::edin::wire::directories::ACCESS_OPEN;
use crate::vendors::edin::wire::error::EdinError;

pub async fn set_access(call: Call<AccessChange>) -> Response {
    call.respond(run(&call).await)
}

async fn run(call: &Call<AccessChange>) -> Outcome<Done> {
    let change = &call.params;
    let mut tx = call.app.db.begin().await?;
    let cert_id = certificates::owned_by(&mut tx, call.tenant(), change.cert_id.0, &call.caller.gln).await?;
    let restricted = AccessType::from_code(change.access_type.0) == Some(AccessType::Restricted);
    let amigos: &[Amigo] = match &change.amigos_info {
        Some(amigos) if restricted => amigos,
        _ => &[],
    };
    check_directory(&mut tx, call.tenant(), amigos).await?;
    let access_type = if restricted {
        AccessType::Restricted
    } else {
        AccessType::Public
    };
    certificates::set_access_type(&mut tx, call.tenant(), cert_id, access_type).await?;
    let open = change
        .access_action
        .as_ref()
        .is_some_and(|action| action.0 == ACCESS_OPEN);
    for amigo in amigos {
        let (gln, is_network) = (&amigo.gln.0, is_retailer(amigo));
        if open {
            certificates::grant(&mut tx, call.tenant(), cert_id, gln, is_network).await?;
        } else {
            certificates::revoke(&mut tx, call.tenant(), cert_id, gln, is_network).await?;
        }
    }
    let now_ms = to_ms(call.context.now(&mut *tx).await?);
    certificates::mark_reviewed(&mut tx, call.tenant(), cert_id, now_ms).await?;
    tx.commit().await?;
    Ok(Done {})
}

fn is_retailer(amigo: &Amigo) -> bool {
    amigo.is_retailer.is_some_and(|flag| flag.0)
}

/// Every GLN must be in the directory, and every `isRetailer: true` one a network.
async fn check_directory(tx: &mut Tx, tenant: &str, amigos: &[Amigo]) -> Result<(), EdinError> {
    let glns = distinct(amigos.iter().map(|amigo| &amigo.gln.0));
    let known = companies::find(tx, tenant, &glns).await?;
    let unknown: Vec<String> = glns.iter().filter(|gln| !known.contains_key(*gln)).cloned().collect();
    if !unknown.is_empty() {
        return Err(EdinError::UnknownGlns(unknown));
    }
    let not_networks = distinct(
        amigos
            .iter()
            .filter(|amigo| is_retailer(amigo) && known.get(&amigo.gln.0).is_some_and(|company| !company.is_network))
            .map(|amigo| &amigo.gln.0),
    );
    if !not_networks.is_empty() {
        return Err(EdinError::NotNetworks(not_networks));
    }
    Ok(())
}

/// Each value once, in the order first seen.
fn distinct<'a>(values: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut seen = HashSet::new();
    values.filter(|value| seen.insert(*value)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_keep_request_order_without_repeats() {
        let glns: Vec<String> = ["b", "a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(distinct(glns.iter()), vec!["b", "a", "c"]);
    }
}
