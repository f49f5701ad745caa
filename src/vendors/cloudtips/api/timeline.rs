//! `GET /api/timeline`: the receiver's tips (`operationType: Transaction`) and payouts (`Payout`),
//! newest first, in `data.items` (`operationType`, `transactionId`, `payerName`, `paymentAmount` in
//! rubles, `comment`, `createdDate`).
//!
//! Choices where nothing is documented:
//! - `dateFrom` and `dateTo` bound `createdDate`, both inclusive (RFC 3339 with any offset, or a
//!   date: `dateTo` then includes that whole day); a `+` of an offset that reached us as a space
//!   (an unencoded query) is read as `+` (see `binding.rs`);
//! - the timeline ends at the tenant's clock: an item dated later (a fixture's future tip) appears
//!   once the clock reaches it, whatever `dateTo` says; without `dateFrom` there is no lower bound;
//! - `page` counts from 1, `limit` is 1 to 100 (20 by default). The client's page numbering needs
//!   an offset; it is bounded: a page reaching beyond the newest 10 000 items of the window is a
//!   validation error on `Page` (narrow the dates instead), so no request scans more than that many
//!   index entries of one receiver. The answer gives no total count (no count scan per page): a
//!   page shorter than `limit` is the last.

use axum::extract::State;

use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::state::AppState;
use crate::vendors::cloudtips::api::binding::Query;
use crate::vendors::cloudtips::store::account::Me;
use crate::vendors::cloudtips::store::timeline_item::{self, Window};
use crate::vendors::cloudtips::wire::error::{succeed, ApiResult, CloudtipsError};
use crate::vendors::cloudtips::wire::own::{Timeline, TimelineItem, TimelineQuery, MAX_DEPTH};
use crate::vendors::cloudtips::wire::paging::DEFAULT_LIMIT;

/// A page reaching past the newest [`MAX_DEPTH`] items of the window.
pub fn too_deep() -> CloudtipsError {
    CloudtipsError::invalid_field(
        "page",
        format!("Страницы дальше {MAX_DEPTH} записей не выдаются: сузьте период dateFrom–dateTo"),
    )
}

/// The page a query asks for, with `now_ms` capping the window. How deep a page reaches is a rule
/// across `page` and `limit`, which no schema states.
fn window(query: &TimelineQuery, now_ms: i64) -> Result<Window, CloudtipsError> {
    let (page, limit) = (query.page.unwrap_or(1), query.limit.unwrap_or(DEFAULT_LIMIT));
    let skip = (page - 1).saturating_mul(limit);
    if skip.saturating_add(limit) > MAX_DEPTH {
        return Err(too_deep());
    }
    Ok(Window {
        from_ms: query.created.date_from.map_or(i64::MIN, |from| from.from_ms()),
        to_ms: query.created.date_to.map_or(now_ms, |to| to.to_ms().min(now_ms)),
        skip,
        limit,
    })
}

/// `GET /api/timeline`.
pub async fn timeline(
    State(app): State<AppState>,
    context: RequestContext,
    me: Me,
    Query(query): Query<TimelineQuery>,
) -> ApiResult {
    let now_ms = to_ms(context.now(app.db.pool()).await?);
    let window = window(&query, now_ms)?;
    let items = if window.from_ms > window.to_ms {
        Vec::new()
    } else {
        timeline_item::page(app.db.pool(), &me.tenant, &me.user_id, window).await?
    };
    Ok(succeed(Timeline {
        items: items.iter().map(TimelineItem::from).collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(page: i64, limit: i64) -> TimelineQuery {
        TimelineQuery {
            page: Some(page),
            limit: Some(limit),
            ..TimelineQuery::default()
        }
    }

    #[test]
    fn pages_are_bounded_by_depth() {
        assert!(window(&query(200, 50), 0).is_ok());
        assert!(window(&query(201, 50), 0).is_err());
        assert_eq!(window(&query(3, 10), 0).map(|window| window.skip).ok(), Some(20));
    }
}
