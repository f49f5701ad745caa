//! `POST /Api/V1/Certificate/SetBind` (SetBind, SetBind_errors): the owner binds a certificate to
//! products (`bind_action` 1) or removes binds (`bind_action` 2). A barcode search
//! (GetCertsByBarcode) then finds the certificate by a bound `gtin`, and GetCertByID lists the
//! binds as `product_binds`.
//!
//! Checks, the first failing one answers: token; `cert_id` (404 `Сертификат не найден` unless the
//! caller's company owns it); `bind_action` missing, then not 1/2; `product_binds` missing, null
//! or `[]` (not an array: `Недопустимый формат поля "product_binds" <value>`); then over every
//! item in turn: an item with no field filled (one that is no object counts as such); `gtin` over
//! 20 characters; `article_buyer`, then `article_supplier`, over 30; `uktved` not 4–10 digits;
//! `dkpp` not `DD.DD.DD-DD.DD` (digits). Each check runs over every item before the next starts,
//! as SetAccess does. Numbers may be JSON numbers. Only then is anything written, in one
//! transaction. Adding a bind twice keeps one; removing matches every bind that agrees with each
//! field the item fills.

use axum::response::Response;
use serde_json::{Map, Value};

use crate::platform::clock::to_ms;
use crate::vendors::edin::auth::authenticate;
use crate::vendors::edin::certificate;
use crate::vendors::edin::error::{EdinError, Outcome};
use crate::vendors::edin::product_bind::{self, ProductBind};
use crate::vendors::edin::request::{integer, is_blank, quoted, Call};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BindAction {
    Add,
    Remove,
}

pub async fn set_bind(call: Call) -> Response {
    call.respond(run(&call).await)
}

async fn run(call: &Call) -> Outcome {
    let session = authenticate(call).await?;
    let mut tx = call.app.db.begin().await?;
    let cert_id = certificate::owned_by(&mut tx, call, &session.gln).await?;
    let action = read_action(call.param("bind_action"))?;
    let binds = read_binds(call.param("product_binds"))?;
    let max_items = call.app.config.server.max_list_items;
    if binds.len() > max_items {
        return Err(EdinError::too_many("product_binds", binds.len(), max_items));
    }
    for bind in &binds {
        match action {
            BindAction::Add => product_bind::add(&mut tx, call.tenant(), cert_id, bind).await?,
            BindAction::Remove => product_bind::remove(&mut tx, call.tenant(), cert_id, bind).await?,
        }
    }
    let now_ms = to_ms(call.context.now(&mut *tx).await?);
    certificate::mark_reviewed(&mut tx, call.tenant(), cert_id, now_ms).await?;
    tx.commit().await?;
    Ok(Map::new())
}

fn read_action(value: Option<&Value>) -> Result<BindAction, EdinError> {
    let Some(value) = value.filter(|value| !is_blank(Some(value))) else {
        return Err(EdinError::MissingField("bind_action"));
    };
    match integer(value) {
        Some(1) => Ok(BindAction::Add),
        Some(2) => Ok(BindAction::Remove),
        _ => Err(EdinError::InvalidField {
            field: "bind_action",
            value: quoted(value),
        }),
    }
}

/// A field of an item as text: a string as sent, a number in decimal; absent or null is `""`.
fn field(item: &Value, name: &str) -> String {
    match item.get(name) {
        None | Some(Value::Null) => String::new(),
        Some(value) => quoted(value),
    }
}

fn read_binds(value: Option<&Value>) -> Result<Vec<ProductBind>, EdinError> {
    let items = match value {
        None => return Err(EdinError::MissingField("product_binds")),
        Some(Value::Array(items)) if items.is_empty() => return Err(EdinError::MissingField("product_binds")),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(EdinError::InvalidField {
                field: "product_binds",
                value: quoted(other),
            })
        }
    };
    let binds: Vec<ProductBind> = items
        .iter()
        .map(|item| ProductBind {
            gtin: field(item, "gtin"),
            article_supplier: field(item, "article_supplier"),
            article_buyer: field(item, "article_buyer"),
            uktved: field(item, "uktved"),
            dkpp: field(item, "dkpp"),
        })
        .collect();
    if binds.iter().any(ProductBind::is_empty) {
        return Err(EdinError::EmptyBinds);
    }
    let too_long = |name: &'static str, pick: fn(&ProductBind) -> &String, max: usize| match binds
        .iter()
        .map(pick)
        .find(|value| value.chars().count() > max)
    {
        Some(value) => Err(EdinError::too_long(name, value, max)),
        None => Ok(()),
    };
    too_long("gtin", |bind| &bind.gtin, GTIN_MAX)?;
    too_long("article_buyer", |bind| &bind.article_buyer, ARTICLE_MAX)?;
    too_long("article_supplier", |bind| &bind.article_supplier, ARTICLE_MAX)?;
    if let Some(bad) = binds.iter().map(|bind| &bind.uktved).find(|uktved| !is_uktved(uktved)) {
        return Err(EdinError::InvalidFieldRule {
            field: "uktved",
            value: bad.clone(),
            rule: "должно быть число от 4 до 10 символов".into(),
        });
    }
    if let Some(bad) = binds.iter().map(|bind| &bind.dkpp).find(|dkpp| !is_dkpp(dkpp)) {
        return Err(EdinError::InvalidFieldRule {
            field: "dkpp",
            value: bad.clone(),
            // The mask as the vendor prints it: Cyrillic Х in the first two groups, Latin X after.
            rule: "должно быть число в виде ХХ.ХХ.XX-XX.XX".into(),
        });
    }
    Ok(binds)
}

/// The longest `gtin`, and the longest `article_supplier` and `article_buyer`, in characters.
pub const GTIN_MAX: usize = 20;
pub const ARTICLE_MAX: usize = 30;
/// How many digits an `uktved` has.
pub const UKTVED_DIGITS: std::ops::RangeInclusive<usize> = 4..=10;
/// `dkpp`'s shape, a digit at each `0`.
pub const DKPP_MASK: &str = "00.00.00-00.00";

/// Empty (not given), or 4 to 10 digits.
fn is_uktved(text: &str) -> bool {
    text.is_empty() || (UKTVED_DIGITS.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
}

/// Empty (not given), or `DD.DD.DD-DD.DD` with digits D.
fn is_dkpp(text: &str) -> bool {
    text.is_empty()
        || (text.len() == DKPP_MASK.len()
            && text.bytes().zip(DKPP_MASK.bytes()).all(|(b, m)| match m {
                b'0' => b.is_ascii_digit(),
                other => b == other,
            }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message(value: Value) -> String {
        read_binds(Some(&value)).unwrap_err().to_string()
    }

    #[test]
    fn codes_follow_their_masks() {
        assert!(is_dkpp("99.67.46-57.46"));
        assert!(!is_dkpp("1q2w3e4r"));
        assert!(!is_dkpp("99.67.46.57.46"));
        assert!(is_uktved("3456") && is_uktved("1234567890"));
        assert!(!is_uktved("123") && !is_uktved("12345678901") && !is_uktved("12a4"));
    }

    #[test]
    fn each_check_runs_over_every_item_in_turn() {
        assert_eq!(
            message(json!([{ "dkpp": "1" }, { "gtin": "" }])),
            "Не заполнены поля в блоке \"product_binds\""
        );
        assert_eq!(
            message(json!([{ "uktved": "1" }, { "gtin": "123456789012345678901" }])),
            "Недопустимый формат поля \"gtin\" 123456789012345678901, максимальное количество символов 20"
        );
        assert_eq!(message(json!([])), "Не заполнено обязательное поле \"product_binds\"");
        let binds = read_binds(Some(&json!([{ "gtin": 4563456345u64, "uktved": "65756" }]))).unwrap();
        assert_eq!(binds[0].gtin, "4563456345");
        assert_eq!(binds[0].uktved, "65756");
    }
}
