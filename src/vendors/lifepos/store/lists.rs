//! LIFE POS lists: 20 items a page, `page_token` / `next_page_token`, `page_number`, `pages_total`,
//! `items_per_page`, `items_total`.
//!
//! Pages are found by keyset (the last item's sort value and guid, compared as one row value so
//! both engines walk the list's index), never by OFFSET, so page 500 costs what page 1 costs. The
//! token carries the list's parameters, that position and the list's size, signed with the
//! database's signing key: a forged, altered or foreign (other tenant, organization or list) token
//! is a 422. When `page_token` is given, the other list parameters are taken from it.
//!
//! The parameters every list takes, and each list's own filters, are declared in `wire::lists`;
//! bounds that exclude each other give an empty list.
//!
//! `items_total` is counted once, on the first page, and carried in the token: a list walked page
//! by page reports one consistent size (as of its first page) and later pages cost no count.
//! `pages_total` is at least 1, even for an empty list.
//!
//! A list may narrow further ([`ListSpec::filters`]): bounds on its own time (`opened_at_from`,
//! `registered_at_to`, …) and enumerations (`fiscal_form`, …); a list of the children of one
//! entity (a terminal's transactions) is scoped to that parent, whose guid its tokens carry too.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::db::{Bind, SqlBuilder};
use crate::state::AppState;
use crate::vendors::lifepos::wire::error::LifeposError;
use crate::vendors::lifepos::wire::lists::{self, Page, Presentation, Selection, LIST_TYPE};
use crate::vendors::lifepos::wire::words::PAGE_TOKEN_INVALID;

pub const PAGE_SIZE: i64 = 20;
/// The most `items_per_page` may ask for.
pub const MAX_PAGE_SIZE: i64 = 100;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum SortValue {
    Int(i64),
    Text(String),
}

impl From<SortValue> for Bind {
    fn from(value: SortValue) -> Bind {
        match value {
            SortValue::Int(value) => Bind::Int(value),
            SortValue::Text(value) => Bind::Text(value),
        }
    }
}

/// The parameters a list was asked with.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ListParams {
    pub selection: Selection,
    pub search: Option<String>,
    pub order_by: String,
    pub presentation: Presentation,
    #[serde(default)]
    pub times: TimeBounds,
    /// The list's own filters ([`ListSpec::filters`]) given, by parameter name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<(String, Vec<SortValue>)>,
    #[serde(default = "default_page_size")]
    pub per_page: i64,
}

fn default_page_size() -> i64 {
    PAGE_SIZE
}

/// Inclusive bounds on `created_at` and `updated_at`, in epoch milliseconds.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct TimeBounds {
    pub created_from: Option<i64>,
    pub created_to: Option<i64>,
    pub updated_from: Option<i64>,
    pub updated_to: Option<i64>,
}

impl TimeBounds {
    /// Appends the bounds given to a list's filter.
    fn push_to(&self, filter: &mut SqlBuilder) {
        let bounds = [
            ("created_at_ms >= ", self.created_from),
            ("created_at_ms <= ", self.created_to),
            ("updated_at_ms >= ", self.updated_from),
            ("updated_at_ms <= ", self.updated_to),
        ];
        for (condition, bound) in bounds {
            if let Some(ms) = bound {
                filter.push(" AND ").push(condition).bind(Bind::Int(ms));
            }
        }
    }
}

/// A list's own filter: a query parameter and the column it narrows.
pub struct FilterSpec {
    pub param: &'static str,
    /// A column name of the list's table.
    pub column: &'static str,
    pub kind: FilterKind,
}

pub enum FilterKind {
    /// `column >= <date-time>`
    From,
    /// `column <= <date-time>`
    To,
    /// `column IN (…)`, each value one of these.
    OneOf(&'static [&'static str]),
    /// `column IN (…)`, each value a guid.
    Guid,
}

impl FilterSpec {
    /// The filter's SQL, its values bound.
    fn push_to(&self, values: &[SortValue], filter: &mut SqlBuilder) {
        match self.kind {
            FilterKind::From | FilterKind::To => {
                let cmp = if matches!(self.kind, FilterKind::From) {
                    ">="
                } else {
                    "<="
                };
                for value in values {
                    filter
                        .push(&format!(" AND {} {cmp} ", self.column))
                        .bind(value.clone().into());
                }
            }
            FilterKind::OneOf(_) | FilterKind::Guid => {
                filter.push(&format!(" AND {} IN (", self.column));
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        filter.push(", ");
                    }
                    filter.bind(value.clone().into());
                }
                filter.push(")");
            }
        }
    }
}

/// A column a list can be ordered by (`order_by=<name>_asc|_desc`).
pub struct SortColumn {
    pub name: &'static str,
    /// The SQL expression; never NULL, so both engines order it alike.
    pub sql: &'static str,
}

/// The orders of a list of named entities: by creation, by last change, by name.
pub const TIME_AND_NAME: &[SortColumn] = &[
    SortColumn {
        name: "created_at",
        sql: "created_at_ms",
    },
    SortColumn {
        name: "updated_at",
        sql: "updated_at_ms",
    },
    SortColumn {
        name: "name",
        sql: "name_key",
    },
];

/// Where a named entity stands in each order of [`TIME_AND_NAME`].
pub fn time_or_name(column: &str, created_at_ms: i64, updated_at_ms: i64, name: &str) -> SortValue {
    match column {
        "updated_at" => SortValue::Int(updated_at_ms),
        "name" => SortValue::Text(sort_key(Some(name))),
        _ => SortValue::Int(created_at_ms),
    }
}

/// What a resource's list is made of.
pub struct ListSpec {
    pub kind: &'static str,
    pub table: &'static str,
    /// The column holding the organization's guid (`guid` for the organizations themselves).
    pub scope: &'static str,
    pub columns: &'static str,
    pub orders: &'static [SortColumn],
    pub default_order: &'static str,
    /// Whether items can be archived (`selection` filters on `deleted_at_ms`).
    pub archivable: bool,
    /// Appends ` AND (…)` matching `search` (already lowercased).
    pub search: fn(&str, &mut SqlBuilder),
    /// Appended to every query of the list (` AND kind = 'Bank'`), or empty.
    pub condition: &'static str,
    /// The column naming the parent of a child list (a transaction's terminal), if any.
    pub parent: Option<&'static str>,
    pub filters: &'static [FilterSpec],
}

/// An item of a list: where it stands in each order.
pub trait Listed {
    fn guid(&self) -> &str;
    fn sort_value(&self, column: &str) -> SortValue;
}

pub struct ListPage<R> {
    pub presentation: Presentation,
    pub items: Vec<R>,
    per_page: i64,
    page_number: i64,
    items_total: i64,
    next_page_token: Option<String>,
}

impl<R> ListPage<R> {
    /// The LIFE POS list envelope around the rendered items.
    pub fn page<T>(&self, render: impl Fn(&R) -> T) -> Page<T> {
        let pages_total = ((self.items_total + self.per_page - 1) / self.per_page).max(1);
        Page {
            items: self.items.iter().map(render).collect(),
            items_per_page: self.per_page,
            items_total: self.items_total,
            next_page_token: self.next_page_token.clone(),
            page_number: self.page_number,
            pages_total,
            type_of: LIST_TYPE,
        }
    }
}

/// The page token's signed content.
#[derive(Serialize, Deserialize)]
struct TokenBody {
    tenant: String,
    org: String,
    list: String,
    params: ListParams,
    page: i64,
    after: SortValue,
    guid: String,
    /// `items_total`, as counted on the first page.
    total: i64,
}

pub async fn list<R>(
    app: &AppState,
    tenant: &str,
    org: &str,
    spec: &ListSpec,
    query: &[(String, String)],
) -> Result<ListPage<R>, LifeposError>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Listed + Send + Unpin,
{
    list_under(app, tenant, org, spec, None, query).await
}

/// [`list`] of the children of one parent (`spec.parent` = `parent`); `None` lists the children
/// of every parent (the `*` of `/fiscal-registrars/*/docs/receipts`).
pub async fn list_under<R>(
    app: &AppState,
    tenant: &str,
    org: &str,
    spec: &ListSpec,
    parent: Option<&str>,
    query: &[(String, String)],
) -> Result<ListPage<R>, LifeposError>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Listed + Send + Unpin,
{
    let list_name = match parent {
        Some(parent) => format!("{}/{parent}", spec.kind),
        None => spec.kind.to_owned(),
    };
    let request = lists::read(query, spec)?;
    let (params, page_number, after, counted) = match &request.page_token {
        Some(token) => {
            let body = verify(&app.signing_key, token)
                .filter(|body| body.tenant == tenant && body.org == org && body.list == list_name)
                .ok_or_else(invalid_token)?;
            (body.params, body.page, Some((body.after, body.guid)), Some(body.total))
        }
        None => (request.params, 1, None, None),
    };
    // The declaration lists only the list's own orders; a token's were checked when it was made.
    let (column, descending) = order(spec, &params.order_by).ok_or_else(invalid_token)?;

    let mut filter = SqlBuilder::new("");
    filter.push(" FROM ").push(spec.table).push(" WHERE tenant = ");
    filter
        .bind(Bind::Text(tenant.to_owned()))
        .push(" AND ")
        .push(spec.scope)
        .push(" = ")
        .bind(Bind::Text(org.to_owned()));
    if let (Some(column), Some(parent)) = (spec.parent, parent) {
        filter
            .push(&format!(" AND {column} = "))
            .bind(Bind::Text(parent.to_owned()));
    }
    filter.push(spec.condition);
    filter.push(match (spec.archivable, params.selection) {
        (true, Selection::AliveOnly) => " AND deleted_at_ms IS NULL",
        (true, Selection::ArchivedOnly) => " AND deleted_at_ms IS NOT NULL",
        // What cannot be archived has no archived items.
        (false, Selection::ArchivedOnly) => " AND 1 = 0",
        (_, Selection::All) | (false, Selection::AliveOnly) => "",
    });
    params.times.push_to(&mut filter);
    for (param, values) in &params.filters {
        let known = spec.filters.iter().find(|known| known.param == param);
        let known = known.ok_or_else(invalid_token)?;
        known.push_to(values, &mut filter);
    }
    if let Some(search) = &params.search {
        (spec.search)(&search.to_lowercase(), &mut filter);
    }

    let mut count = SqlBuilder::new("SELECT COUNT(*)");
    count.push(&filter.sql);
    let mut page = SqlBuilder::new("SELECT ");
    page.push(spec.columns).push(&filter.sql);
    // Both statements share the filter's placeholders: bind its values to each.
    for bind in filter.binds() {
        count.keep(bind.clone());
        page.keep(bind.clone());
    }
    if let Some((value, guid)) = after {
        let (cmp, sql) = (if descending { "<" } else { ">" }, column.sql);
        page.push(&format!(" AND ({sql}, guid) {cmp} (")).bind(value.into());
        page.push(", ").bind(Bind::Text(guid)).push(")");
    }
    let direction = if descending { "DESC" } else { "ASC" };
    let per_page = params.per_page.clamp(1, MAX_PAGE_SIZE);
    page.push(&format!(
        " ORDER BY {} {direction}, guid {direction} LIMIT {}",
        column.sql,
        per_page + 1
    ));

    let items_total = match counted {
        Some(total) => total,
        None => count.query_as::<(i64,)>().fetch_one(app.db.pool()).await?.0,
    };
    let mut items: Vec<R> = page.query_as().fetch_all(app.db.pool()).await?;
    let next_page_token = if items.len() as i64 > per_page {
        items.truncate(usize::try_from(per_page).unwrap_or(usize::MAX));
        items.last().map(|last| {
            sign(
                &app.signing_key,
                &TokenBody {
                    tenant: tenant.to_owned(),
                    org: org.to_owned(),
                    list: list_name.clone(),
                    params: params.clone(),
                    page: page_number + 1,
                    after: last.sort_value(column.name),
                    guid: last.guid().to_owned(),
                    total: items_total,
                },
            )
        })
    } else {
        None
    };
    Ok(ListPage {
        presentation: params.presentation,
        items,
        per_page,
        page_number,
        items_total,
        next_page_token,
    })
}

fn order<'a>(spec: &'a ListSpec, order_by: &str) -> Option<(&'a SortColumn, bool)> {
    let (name, descending) = match order_by.rsplit_once('_') {
        Some((name, "asc")) => (name, false),
        Some((name, "desc")) => (name, true),
        _ => return None,
    };
    spec.orders
        .iter()
        .find(|column| column.name == name)
        .map(|column| (column, descending))
}

fn invalid_token() -> LifeposError {
    LifeposError::invalid_field("page_token", PAGE_TOKEN_INVALID)
}

fn mac(key: &str, payload: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(payload);
    mac
}

fn sign(key: &str, body: &TokenBody) -> String {
    let payload = serde_json::to_vec(body).unwrap_or_default();
    let signature = mac(key, &payload).finalize().into_bytes();
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(&payload),
        URL_SAFE_NO_PAD.encode(signature)
    )
}

fn verify(key: &str, token: &str) -> Option<TokenBody> {
    let (payload, signature) = token.split_once('.')?;
    let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    mac(key, &payload).verify_slice(&signature).ok()?;
    serde_json::from_slice(&payload).ok()
}

/// Lowercased for case-insensitive search (Unicode-aware, unlike SQLite's `lower`).
pub fn search_text(name: Option<&str>) -> String {
    name.unwrap_or_default().to_lowercase()
}

/// Sorts in code-point order of the lowercased name under any database collation.
pub fn sort_key(name: Option<&str>) -> String {
    search_text(name).bytes().map(|b| format!("{b:02x}")).collect()
}

/// `%text%` for LIKE, with LIKE's own wildcards taken literally.
pub fn like_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(page: i64) -> TokenBody {
        TokenBody {
            tenant: "t".into(),
            org: "o".into(),
            list: "workplaces".into(),
            params: ListParams {
                selection: Selection::All,
                search: None,
                order_by: "number_asc".into(),
                presentation: Presentation::Full,
                times: TimeBounds::default(),
                filters: Vec::new(),
                per_page: PAGE_SIZE,
            },
            page,
            after: SortValue::Int(20),
            guid: "g".into(),
            total: 27,
        }
    }

    #[test]
    fn tokens_round_trip_and_refuse_tampering() {
        let token = sign("key", &body(2));
        assert_eq!(verify("key", &token).unwrap().page, 2);
        assert!(verify("other-key", &token).is_none());
        let (_, signature) = token.split_once('.').unwrap();
        let forged = format!(
            "{}.{signature}",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&body(3)).unwrap())
        );
        assert!(verify("key", &forged).is_none());
        assert!(verify("key", "garbage").is_none());
    }

    #[test]
    fn sort_keys_follow_code_points_case_insensitively() {
        assert!(sort_key(Some("Б")) > sort_key(Some("а")));
        assert_eq!(sort_key(Some("Касса")), sort_key(Some("касса")));
        assert!(sort_key(Some("a")) < sort_key(Some("ab")));
        assert_eq!(sort_key(None), "");
    }

    #[test]
    fn a_filter_binds_each_of_its_values() {
        let filter = FilterSpec {
            param: "fiscal_form",
            column: "fiscal_form",
            kind: FilterKind::OneOf(&["Receipt", "ShiftOpeningReport"]),
        };
        let values = [
            SortValue::Text("Receipt".into()),
            SortValue::Text("ShiftOpeningReport".into()),
        ];
        let mut sql = SqlBuilder::new("");
        filter.push_to(&values, &mut sql);
        assert_eq!(sql.binds().len(), 2);
        assert!(sql.sql.contains("fiscal_form IN ("), "{}", sql.sql);
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("50%_x"), "%50\\%\\_x%");
    }
}
