//! LIFE POS lists: 20 items a page, `page_token` / `next_page_token`, `page_number`, `pages_total`,
//! `items_per_page`, `items_total`.
//!
//! Pages are found by keyset (the last item's sort value and guid, compared as one row value so
//! both engines walk the list's index), never by OFFSET, so page 500 costs what page 1 costs. The
//! token carries the list's parameters, that position and the list's size, signed with the
//! database's signing key: a forged, altered or foreign (other tenant, organization or list) token
//! is a 422. When `page_token` is given, the other list parameters are taken from it.
//!
//! Every list takes `query` (the pages' name; `search` is accepted as its older alias, and `query`
//! wins when both come), non-empty and at most 64 characters, and `created_from`, `created_to`, `updated_from`, `updated_to`:
//! inclusive bounds on the item's times, each an RFC 3339 date-time, a date-time without offset
//! (read as UTC) or a date (its midnight UTC). Bounds that exclude each other give an empty list.
//!
//! `items_total` is counted once, on the first page, and carried in the token: a list walked page
//! by page reports one consistent size (as of its first page) and later pages cost no count.
//! `pages_total` is at least 1, even for an empty list. `include_items_total` (`true` or `false`,
//! as public clients send it) is accepted and changes nothing: `items_total` is always there.
//! `items_per_page` is 1 to 100 (20 when absent).
//!
//! A list may narrow further ([`ListSpec::filters`]): bounds on its own time (`opened_at_from`,
//! `registered_at_to`, …, read like the `created_*` bounds) and enumerations (`fiscal_form`, …,
//! repeated or comma-separated); a list of the children of one entity (a terminal's transactions)
//! is scoped to that parent, whose guid its tokens carry too.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::db::{Bind, SqlBuilder};
use crate::state::AppState;
use crate::vendors::lifepos::error::{FieldErrors, LifeposError};

pub const PAGE_SIZE: i64 = 20;
/// The most `items_per_page` may ask for.
pub const MAX_PAGE_SIZE: i64 = 100;
/// What `selection` may be (the validator's list and the spec's enum).
pub const SELECTIONS: [&str; 3] = ["alive_only", "all", "archived_only"];
/// What `presentation` may be, on lists and reads.
pub const PRESENTATIONS: [&str; 2] = ["compact", "full"];
/// The envelope's own `type_of`; the pages list the field without a value.
pub const LIST_TYPE: &str = "List";
pub const MAX_SEARCH_LEN: usize = 64;
/// The values `include_items_total` takes.
pub const FLAGS: [&str; 2] = ["true", "false"];

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

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Selection {
    AliveOnly,
    All,
    ArchivedOnly,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Presentation {
    Compact,
    Full,
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

/// The query string as the client sent it: the parameters every list takes, and the others (a
/// list's own filters among them) as they came, repeated ones repeated.
#[derive(Debug, Default)]
pub struct RawListParams {
    selection: Option<String>,
    query: Option<String>,
    search: Option<String>,
    created_from: Option<String>,
    created_to: Option<String>,
    updated_from: Option<String>,
    updated_to: Option<String>,
    order_by: Option<String>,
    presentation: Option<String>,
    page_token: Option<String>,
    items_per_page: Option<String>,
    include_items_total: Option<String>,
    rest: Vec<(String, String)>,
}

impl RawListParams {
    /// The parameters from the query string's pairs; a parameter every list takes, given twice,
    /// is a 422 naming it.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Result<RawListParams, LifeposError> {
        let mut raw = RawListParams::default();
        let mut errors = FieldErrors::default();
        for (name, value) in pairs {
            let slot = match name.as_str() {
                "selection" => &mut raw.selection,
                "query" => &mut raw.query,
                "search" => &mut raw.search,
                "created_from" => &mut raw.created_from,
                "created_to" => &mut raw.created_to,
                "updated_from" => &mut raw.updated_from,
                "updated_to" => &mut raw.updated_to,
                "order_by" => &mut raw.order_by,
                "presentation" => &mut raw.presentation,
                "page_token" => &mut raw.page_token,
                "items_per_page" => &mut raw.items_per_page,
                "include_items_total" => &mut raw.include_items_total,
                _ => {
                    raw.rest.push((name, value));
                    continue;
                }
            };
            if slot.replace(value).is_some() {
                errors.add(&name, "параметр указан более одного раза");
            }
        }
        errors.into_result()?;
        Ok(raw)
    }

    /// Every value of a parameter outside the common set, comma-separated ones split.
    fn values_of(&self, name: &str) -> Vec<String> {
        self.rest
            .iter()
            .filter(|(param, _)| param == name)
            .flat_map(|(_, value)| value.split(','))
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
            .collect()
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

    /// The values given for this filter, checked; `None` when the parameter is absent.
    fn read(&self, raw: &RawListParams, errors: &mut FieldErrors) -> Option<Vec<SortValue>> {
        let values = raw.values_of(self.param);
        if values.is_empty() {
            return None;
        }
        let mut read = Vec::new();
        for value in values {
            match &self.kind {
                FilterKind::From | FilterKind::To => match parse_time(&value) {
                    Some(ms) => read.push(SortValue::Int(ms)),
                    None => errors.add(self.param, TIME_PROBLEM),
                },
                FilterKind::OneOf(allowed) if allowed.contains(&value.as_str()) => read.push(SortValue::Text(value)),
                FilterKind::OneOf(allowed) => {
                    errors.add(self.param, format!("допустимые значения: {}", allowed.join(", ")));
                }
                FilterKind::Guid => match uuid::Uuid::parse_str(&value) {
                    Ok(guid) => read.push(SortValue::Text(guid.to_string())),
                    Err(_) => errors.add(self.param, "ожидается guid"),
                },
            }
        }
        Some(read)
    }
}

const TIME_PROBLEM: &str = "ожидается дата и время (RFC 3339), например 2024-10-23T06:47:41.212Z";

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
    pub fn envelope(&self, render: impl Fn(&R) -> Value) -> Value {
        let pages_total = ((self.items_total + self.per_page - 1) / self.per_page).max(1);
        json!({
            "items": self.items.iter().map(render).collect::<Vec<_>>(),
            "next_page_token": self.next_page_token,
            "page_number": self.page_number,
            "pages_total": pages_total,
            "items_per_page": self.per_page,
            "items_total": self.items_total,
            "type_of": LIST_TYPE,
        })
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

/// A `page_token` this emulator did not sign for this list of this tenant and organization: the
/// tokens are opaque, so only the state that signed one can tell.
pub fn bad_page_token() -> LifeposError {
    LifeposError::invalid_field("page_token", "недействительный токен страницы")
}

pub async fn list<R>(
    app: &AppState,
    tenant: &str,
    org: &str,
    spec: &ListSpec,
    raw: RawListParams,
) -> Result<ListPage<R>, LifeposError>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Listed + Send + Unpin,
{
    list_under(app, tenant, org, spec, None, raw).await
}

/// [`list`] of the children of one parent (`spec.parent` = `parent`); `None` lists the children
/// of every parent (the `*` of `/fiscal-registrars/*/docs/receipts`).
pub async fn list_under<R>(
    app: &AppState,
    tenant: &str,
    org: &str,
    spec: &ListSpec,
    parent: Option<&str>,
    raw: RawListParams,
) -> Result<ListPage<R>, LifeposError>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Listed + Send + Unpin,
{
    let list_name = match parent {
        Some(parent) => format!("{}/{parent}", spec.kind),
        None => spec.kind.to_owned(),
    };
    let (params, page_number, after, counted) = match &raw.page_token {
        Some(token) => {
            let body = verify(&app.signing_key, token)
                .filter(|body| body.tenant == tenant && body.org == org && body.list == list_name)
                .ok_or_else(bad_page_token)?;
            (body.params, body.page, Some((body.after, body.guid)), Some(body.total))
        }
        None => (validate(spec, raw)?, 1, None, None),
    };
    let (column, descending) = order(spec, &params.order_by).ok_or_else(bad_page_token)?;

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
        let known = known.ok_or_else(bad_page_token)?;
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

fn validate(spec: &ListSpec, raw: RawListParams) -> Result<ListParams, LifeposError> {
    let mut errors = FieldErrors::default();
    let filters = spec
        .filters
        .iter()
        .filter_map(|filter| Some((filter.param.to_owned(), filter.read(&raw, &mut errors)?)))
        .collect();
    let mut parse = |field: &str, value: Option<String>, default: &str, allowed: &[&str]| {
        let value = value.unwrap_or_else(|| default.to_owned());
        if !allowed.contains(&value.as_str()) {
            errors.add(field, format!("допустимые значения: {}", allowed.join(", ")));
        }
        value
    };
    let selection = parse("selection", raw.selection, "alive_only", &SELECTIONS);
    let presentation = parse("presentation", raw.presentation, "full", &PRESENTATIONS);
    let order_by = raw.order_by.unwrap_or_else(|| spec.default_order.to_owned());
    if order(spec, &order_by).is_none() {
        let names: Vec<String> = spec
            .orders
            .iter()
            .map(|c| format!("{}_asc|{}_desc", c.name, c.name))
            .collect();
        errors.add("order_by", format!("допустимые значения: {}", names.join(", ")));
    }
    let (search_field, search) = match (raw.query, raw.search) {
        (Some(query), _) => ("query", Some(query)),
        (None, search) => ("search", search),
    };
    if search
        .as_ref()
        .is_some_and(|search| search.is_empty() || search.chars().count() > MAX_SEARCH_LEN)
    {
        errors.add(search_field, format!("от 1 до {MAX_SEARCH_LEN} символов"));
    }
    let mut bound = |field: &str, raw: Option<String>| {
        let raw = raw?;
        let parsed = parse_time(&raw);
        if parsed.is_none() {
            errors.add(field, TIME_PROBLEM);
        }
        parsed
    };
    let times = TimeBounds {
        created_from: bound("created_from", raw.created_from),
        created_to: bound("created_to", raw.created_to),
        updated_from: bound("updated_from", raw.updated_from),
        updated_to: bound("updated_to", raw.updated_to),
    };
    let per_page = match raw.items_per_page.as_deref().map(str::parse::<i64>) {
        None => PAGE_SIZE,
        Some(Ok(size)) if (1..=MAX_PAGE_SIZE).contains(&size) => size,
        Some(_) => {
            errors.add("items_per_page", format!("целое число от 1 до {MAX_PAGE_SIZE}"));
            PAGE_SIZE
        }
    };
    if raw
        .include_items_total
        .as_deref()
        .is_some_and(|flag| !FLAGS.contains(&flag))
    {
        errors.add("include_items_total", "допустимые значения: true, false");
    }
    errors.into_result()?;
    Ok(ListParams {
        selection: serde_json::from_value(Value::String(selection)).unwrap_or(Selection::AliveOnly),
        search,
        order_by,
        presentation: serde_json::from_value(Value::String(presentation)).unwrap_or(Presentation::Full),
        times,
        filters,
        per_page,
    })
}

/// A list's time bound in epoch milliseconds: RFC 3339, a date-time without offset (UTC) or a
/// date (its midnight UTC).
fn parse_time(raw: &str) -> Option<i64> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let raw = raw.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Some(at.timestamp_millis());
    }
    if let Ok(at) = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(at.and_utc().timestamp_millis());
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|at| at.and_utc().timestamp_millis())
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
    fn time_bounds_take_the_three_notations() {
        assert_eq!(parse_time("2024-10-23T06:47:41.212Z"), Some(1_729_666_061_212));
        assert_eq!(parse_time("2024-10-23T09:47:41.212+03:00"), Some(1_729_666_061_212));
        assert_eq!(parse_time("2024-10-23T06:47:41.212"), Some(1_729_666_061_212));
        assert_eq!(parse_time("2024-10-23"), Some(1_729_641_600_000));
        assert_eq!(parse_time("yesterday"), None);
    }

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    const FORM: FilterSpec = FilterSpec {
        param: "fiscal_form",
        column: "fiscal_form",
        kind: FilterKind::OneOf(&["Receipt", "ShiftOpeningReport", "ShiftClosingReport"]),
    };

    #[test]
    fn repeated_and_comma_separated_filter_values_are_one_list() {
        let raw = RawListParams::from_pairs(pairs(&[
            ("fiscal_form", "ShiftOpeningReport"),
            ("selection", "all"),
            ("fiscal_form", "ShiftClosingReport,Receipt"),
        ]))
        .expect("a filter may repeat");
        let mut errors = FieldErrors::default();
        let values = FORM.read(&raw, &mut errors).expect("given");
        assert!(errors.into_result().is_ok());
        let texts: Vec<SortValue> = ["ShiftOpeningReport", "ShiftClosingReport", "Receipt"]
            .map(|v| SortValue::Text(v.to_owned()))
            .into();
        assert_eq!(values, texts);
        let mut sql = SqlBuilder::new("");
        FORM.push_to(&values, &mut sql);
        assert_eq!(sql.binds().len(), 3);
        assert!(sql.sql.contains("fiscal_form IN ("), "{}", sql.sql);
    }

    #[test]
    fn a_common_parameter_given_twice_or_a_bad_filter_value_is_refused() {
        let err = RawListParams::from_pairs(pairs(&[("order_by", "a"), ("order_by", "b")])).expect_err("twice");
        let LifeposError::RequestIsNotValid(errors) = err else {
            panic!("a 422");
        };
        assert_eq!(errors.fields(), ["order_by"]);
        let raw = RawListParams::from_pairs(pairs(&[("fiscal_form", "Invoice")])).expect("read");
        let mut errors = FieldErrors::default();
        FORM.read(&raw, &mut errors);
        assert_eq!(errors.fields(), ["fiscal_form"]);
        let absent = RawListParams::from_pairs(Vec::new()).expect("empty");
        assert!(FORM.read(&absent, &mut FieldErrors::default()).is_none());
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("50%_x"), "%50\\%\\_x%");
    }
}
