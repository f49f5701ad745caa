//! `POST /Api/V1/Certificate/SetAccess` (its page and SetAccess_errors, listed in
//! docs/vendors/edin.md): the owner of a certificate
//! makes it visible to everyone (`access_type` 1) or restricts it (`access_type` 2) and opens
//! (`access_action` 1) or closes (`access_action` 2) it for companies (`isRetailer: false`) or for
//! whole retail networks (`isRetailer: true`).
//!
//! Checks fire in the document's order, the first failing one answers: token, certificate,
//! `access_type`, `access_action`, `amigos_info`, then over all of `amigos_info` an empty `gln`, a
//! malformed `gln`, a malformed `isRetailer`, GLNs missing from the directory, `isRetailer` for
//! GLNs that are not networks. Only then is anything written, in one transaction.

use std::collections::HashSet;

use axum::response::Response;
use serde_json::{Map, Value};

use crate::db::Tx;
use crate::platform::clock::to_ms;
use crate::vendors::edin::auth::authenticate;
use crate::vendors::edin::certificate::{self, AccessType};
use crate::vendors::edin::directory;
use crate::vendors::edin::error::{EdinError, Outcome};
use crate::vendors::edin::request::{boolean, gln, integer, is_blank, quoted, Call};

/// `access_action`: open or close access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AccessAction {
    Open,
    Close,
}

/// One entry of `amigos_info`, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Amigo {
    gln: String,
    is_retailer: bool,
}

/// What a valid request asks for.
#[derive(Debug)]
enum Change {
    Public,
    Restricted { action: AccessAction, amigos: Vec<Amigo> },
}

pub async fn set_access(call: Call) -> Response {
    call.respond(run(&call).await)
}

async fn run(call: &Call) -> Outcome {
    let session = authenticate(call).await?;
    let mut tx = call.app.db.begin().await?;
    let cert_id = certificate::owned_by(&mut tx, call, &session.gln).await?;
    let change = read_change(call)?;
    if let Change::Restricted { amigos, .. } = &change {
        check_directory(&mut tx, call.tenant(), amigos).await?;
    }
    apply(&mut tx, call.tenant(), cert_id, &change).await?;
    let now_ms = to_ms(call.context.now(&mut *tx).await?);
    certificate::mark_reviewed(&mut tx, call.tenant(), cert_id, now_ms).await?;
    tx.commit().await?;
    Ok(Map::new())
}

fn read_change(call: &Call) -> Result<Change, EdinError> {
    let access_type = call
        .param("access_type")
        .and_then(integer)
        .and_then(AccessType::from_code)
        .ok_or(EdinError::MissingField("access_type"))?;
    if access_type == AccessType::Public {
        return Ok(Change::Public);
    }
    let action = match call.param("access_action") {
        value if is_blank(value) => return Err(EdinError::MissingField("access_action")),
        Some(value) => match integer(value) {
            Some(1) => AccessAction::Open,
            Some(2) => AccessAction::Close,
            _ => {
                return Err(EdinError::InvalidField {
                    field: "access_action",
                    value: quoted(value),
                })
            }
        },
        None => return Err(EdinError::MissingField("access_action")),
    };
    let amigos = read_amigos(call.param("amigos_info"))?;
    let max_items = call.app.config.server.max_list_items;
    if amigos.len() > max_items {
        return Err(EdinError::too_many("amigos_info", amigos.len(), max_items));
    }
    Ok(Change::Restricted { action, amigos })
}

/// `amigos_info`, each check run over every entry before the next check starts.
fn read_amigos(value: Option<&Value>) -> Result<Vec<Amigo>, EdinError> {
    let entries = match value {
        None => return Err(EdinError::MissingField("amigos_info")),
        Some(Value::Array(entries)) if entries.is_empty() => return Err(EdinError::MissingField("amigos_info")),
        Some(Value::Array(entries)) => entries,
        Some(other) => {
            return Err(EdinError::InvalidField {
                field: "amigos_info",
                value: quoted(other),
            })
        }
    };
    let member = |entry: &'_ Value, name: &str| entry.get(name).cloned().filter(|value| !value.is_null());
    if entries.iter().any(|entry| is_blank(member(entry, "gln").as_ref())) {
        return Err(EdinError::MissingAmigoField("gln"));
    }
    let mut amigos = Vec::with_capacity(entries.len());
    for entry in entries {
        let raw = member(entry, "gln").unwrap_or_default();
        let gln = gln(&raw).ok_or_else(|| EdinError::InvalidAmigoField {
            field: "gln",
            value: quoted(&raw),
        })?;
        amigos.push(Amigo {
            gln,
            is_retailer: false,
        });
    }
    for (amigo, entry) in amigos.iter_mut().zip(entries) {
        if let Some(raw) = member(entry, "isRetailer") {
            amigo.is_retailer = boolean(&raw).ok_or_else(|| EdinError::InvalidAmigoField {
                field: "isRetailer",
                value: quoted(&raw),
            })?;
        }
    }
    Ok(amigos)
}

/// Every GLN must be in the directory, and every `isRetailer: true` one a network.
async fn check_directory(tx: &mut Tx, tenant: &str, amigos: &[Amigo]) -> Result<(), EdinError> {
    let glns = distinct(amigos.iter().map(|amigo| &amigo.gln));
    let known = directory::find(tx, tenant, &glns).await?;
    let unknown: Vec<String> = glns.iter().filter(|gln| !known.contains_key(*gln)).cloned().collect();
    if !unknown.is_empty() {
        return Err(EdinError::UnknownGlns(unknown));
    }
    let not_networks = distinct(
        amigos
            .iter()
            .filter(|amigo| amigo.is_retailer && known.get(&amigo.gln).is_some_and(|company| !company.is_network))
            .map(|amigo| &amigo.gln),
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

async fn apply(tx: &mut Tx, tenant: &str, cert_id: i64, change: &Change) -> Result<(), sqlx::Error> {
    let access_type = match change {
        Change::Public => AccessType::Public,
        Change::Restricted { .. } => AccessType::Restricted,
    };
    certificate::set_access_type(tx, tenant, cert_id, access_type).await?;
    if let Change::Restricted { action, amigos } = change {
        for amigo in amigos {
            match action {
                AccessAction::Open => certificate::grant(tx, tenant, cert_id, &amigo.gln, amigo.is_retailer).await?,
                AccessAction::Close => certificate::revoke(tx, tenant, cert_id, &amigo.gln, amigo.is_retailer).await?,
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message(value: Value) -> String {
        read_amigos(Some(&value)).unwrap_err().to_string()
    }

    #[test]
    fn amigos_checks_run_over_every_entry_in_turn() {
        // A malformed isRetailer in the first entry loses to an empty gln in the last.
        assert_eq!(
            message(json!([{"gln": "9864066822430", "isRetailer": "fdsa"}, {"gln": ""}])),
            "Не заполнено обязательное поле \"gln\" в блоке \"amigos_info\""
        );
        assert_eq!(
            message(json!([{"gln": "9864066822430", "isRetailer": "x"}, {"gln": "abc"}])),
            "Недопустимый формат поля \"gln\" abc в блоке \"amigos_info\""
        );
        assert_eq!(message(json!([])), "Не заполнено обязательное поле \"amigos_info\"");
        let amigos = read_amigos(Some(
            &json!([{"gln": "9864066822430"}, {"gln": "4829900023799", "isRetailer": "true"}]),
        ))
        .unwrap();
        assert_eq!(
            amigos,
            vec![
                Amigo {
                    gln: "9864066822430".into(),
                    is_retailer: false
                },
                Amigo {
                    gln: "4829900023799".into(),
                    is_retailer: true
                }
            ]
        );
    }

    #[test]
    fn lists_keep_request_order_without_repeats() {
        let glns: Vec<String> = ["b", "a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(distinct(glns.iter()), vec!["b", "a", "c"]);
    }
}
