//! The page of a search: `page` from 1, `limit` 1 to [`MAX_LIMIT`] ([`DEFAULT_LIMIT`] when not
//! given). Shared by the receivers' and the places' searches; the timeline bounds its pages
//! itself.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

#[derive(Clone, Copy, Debug, Default, Deserialize, JsonSchema)]
pub struct Paging {
    /// The page, from 1.
    #[serde(default)]
    #[schemars(range(min = 1, max = i64::MAX))]
    pub page: Option<i64>,
    /// Items a page, 1–100 (20 when not given).
    #[serde(default)]
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

/// A page of a search: its items, and how many match in all.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total_count: usize,
}
