//! `GET /api/timeline`: the receiver's tips (`operationType: Transaction`) and payouts (`Payout`),
//! newest first, in `data.items` (`operationType`, `transactionId`, `payerName`, `paymentAmount` in
//! rubles, `comment`, `createdDate`).
//!
//! Choices where nothing is documented:
//! - `dateFrom` and `dateTo` bound `createdDate`, both inclusive (RFC 3339 with any offset, a
//!   date-time without zone read as UTC, or a date: `dateTo` then includes that whole day); a `+`
//!   of an offset that reached us as a space (an unencoded query) is read as `+`;
//! - the timeline ends at the tenant's clock: an item dated later (a fixture's future tip) appears
//!   once the clock reaches it, whatever `dateTo` says; without `dateFrom` there is no lower bound;
//! - `page` counts from 1, `limit` is 1 to 100 (20 by default). The client's page numbering needs
//!   an offset; it is bounded: a page reaching beyond the newest 10 000 items of the window is a
//!   validation error on `Page` (narrow the dates instead), so no request scans more than that many
//!   index entries of one receiver. The answer gives no total count (no count scan per page): a
//!   page shorter than `limit` is the last.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde_json::{json, Value};

use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::platform::wire::FieldErrors;
use crate::state::AppState;
use crate::vendors::cloudtips::account::Me;
use crate::vendors::cloudtips::error::{succeed, ApiResult, CloudtipsError};
use crate::vendors::cloudtips::request::fold_pairs;
use crate::vendors::cloudtips::search::{parse_instant, DEFAULT_LIMIT, MAX_LIMIT};
use crate::vendors::cloudtips::timeline_item::{self, Window};

/// How deep into a window pages reach.
pub const MAX_DEPTH: i64 = 10_000;

/// A date parameter; an offset's `+` decoded to a space by form decoding is put back.
fn instant(value: &str, end_of_day: bool) -> Option<i64> {
    parse_instant(value, end_of_day).or_else(|| parse_instant(&value.replace(' ', "+"), end_of_day))
}

/// The page a query asks for, with `now_ms` capping the window.
fn parse_window(pairs: Vec<(String, String)>, now_ms: i64) -> Result<Window, CloudtipsError> {
    let (mut from_ms, mut to_ms, mut page, mut limit) = (i64::MIN, now_ms, 1_i64, DEFAULT_LIMIT);
    let mut errors = FieldErrors::default();
    for (key, value) in fold_pairs(pairs) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "datefrom" => match instant(value, false) {
                Some(ms) => from_ms = ms,
                None => errors.add("dateFrom", "Некорректная дата"),
            },
            "dateto" => match instant(value, true) {
                Some(ms) => to_ms = ms.min(now_ms),
                None => errors.add("dateTo", "Некорректная дата"),
            },
            "page" => match value.parse() {
                Ok(number) if number >= 1 => page = number,
                _ => errors.add("page", "Ожидается целое число не меньше 1"),
            },
            "limit" => match value.parse() {
                Ok(number) if (1..=MAX_LIMIT).contains(&number) => limit = number,
                _ => errors.add("limit", format!("Ожидается целое число от 1 до {MAX_LIMIT}")),
            },
            _ => {}
        }
    }
    let skip = (page - 1).saturating_mul(limit);
    if errors.is_empty() && skip.saturating_add(limit) > MAX_DEPTH {
        errors.add(
            "page",
            format!("Страницы дальше {MAX_DEPTH} записей не выдаются: сузьте период dateFrom–dateTo"),
        );
    }
    errors.into_result()?;
    Ok(Window {
        from_ms,
        to_ms,
        skip,
        limit,
    })
}

/// `GET /api/timeline`.
pub async fn timeline(
    State(app): State<AppState>,
    context: RequestContext,
    me: Me,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult {
    let Query(pairs) =
        query.map_err(|err| CloudtipsError::invalid_field("query", format!("Некорректные параметры: {err}")))?;
    let now_ms = to_ms(context.now(app.db.pool()).await?);
    let window = parse_window(pairs, now_ms)?;
    let items = if window.from_ms > window.to_ms {
        Vec::new()
    } else {
        timeline_item::page(app.db.pool(), &me.tenant, &me.user_id, window).await?
    };
    let items: Vec<Value> = items.iter().map(timeline_item::render).collect();
    Ok(succeed(json!({ "items": items })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn offsets_are_read_even_when_their_plus_became_a_space() {
        let window = parse_window(pairs(&[("dateFrom", "2026-01-01T12:00:00.5 03:00")]), i64::MAX)
            .unwrap_or_else(|_| panic!("a window"));
        assert_eq!(
            window.from_ms,
            parse_instant("2026-01-01T09:00:00.5Z", false).unwrap_or_default()
        );
    }

    #[test]
    fn pages_are_bounded_by_depth() {
        assert!(parse_window(pairs(&[("page", "200"), ("limit", "50")]), 0).is_ok());
        assert!(parse_window(pairs(&[("page", "201"), ("limit", "50")]), 0).is_err());
        assert!(parse_window(pairs(&[("page", "0")]), 0).is_err());
        assert!(parse_window(pairs(&[("limit", "101")]), 0).is_err());
    }
}
