//! The page of a search: `page` from 1, `limit` 1 to [`MAX_LIMIT`] ([`DEFAULT_LIMIT`] when not
//! given). Shared by the receivers' and the places' searches; the timeline bounds its pages
//! itself.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::vendors::cloudtips::wire::values::Instant;

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

#[derive(Clone, Copy, Debug, Default, Deserialize, JsonSchema)]
pub struct Paging {
    /// The page, from 1.
    #[schemars(range(min = 1, max = i64::MAX))]
    pub page: Option<i64>,
    /// Items a page, 1–100 (20 when not given).
    #[schemars(range(min = 1, max = MAX_LIMIT))]
    pub limit: Option<i64>,
}

impl Paging {
    /// The items of the page asked for.
    pub fn page_of<T>(self, found: &[T]) -> impl Iterator<Item = &T> {
        page_of(found, self.page.unwrap_or(1), self.limit.unwrap_or(DEFAULT_LIMIT))
    }
}

/// Page `page` (from 1) of `limit` items each.
pub fn page_of<T>(found: &[T], page: i64, limit: i64) -> impl Iterator<Item = &T> {
    let skip = usize::try_from((page - 1).saturating_mul(limit)).unwrap_or(usize::MAX);
    let take = usize::try_from(limit).unwrap_or(usize::MAX);
    found.iter().skip(skip).take(take)
}

/// The bounds of `createdDate` a search takes, both inclusive.
#[derive(Clone, Copy, Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedWithin {
    /// createdDate from (RFC 3339, or a date).
    #[serde(default)]
    #[schemars(with = "Instant")]
    pub date_from: Option<Instant>,
    /// createdDate to (RFC 3339, or a date: its whole day).
    #[serde(default)]
    #[schemars(with = "Instant")]
    pub date_to: Option<Instant>,
}

impl CreatedWithin {
    pub fn holds(&self, created_at_ms: i64) -> bool {
        within(created_at_ms, self.date_from, self.date_to)
    }
}

/// Whether `ms` is within `from` and `to` (a date as `to`: its whole day), both inclusive.
pub fn within(ms: i64, from: Option<Instant>, to: Option<Instant>) -> bool {
    from.is_none_or(|from| ms >= from.from_ms()) && to.is_none_or(|to| ms <= to.to_ms())
}

/// A page of a search: its items, and how many match in all.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total_count: usize,
}
