//! The query parameters of reads and lists, declared once: the spec publishes each list's schema
//! and its query strings are read by the same schema (`platform::wire::read_query_document`).
//!
//! Every read and create that answers an entity takes `presentation` (`compact` or `full`, the
//! default). Every list takes the parameters of [`ListQuery`]: `page_token` (when given, the other
//! parameters are taken from it), `selection`, `query` (the pages' name; `search` is accepted as
//! its older alias, and `query` wins when both come), non-empty and at most 64 characters,
//! `created_from`, `created_to`, `updated_from`, `updated_to` (inclusive bounds, each an RFC 3339
//! date-time, a date-time without offset, read as UTC, or a date, its midnight UTC),
//! `order_by`, `presentation`, `items_per_page` (1 to 100, 20 when absent) and
//! `include_items_total` (`true` or `false`, as public clients send it; it changes nothing:
//! `items_total` is always there). A list's `order_by` values and its own filters come from its
//! `ListSpec`: a filter may be repeated, and a value may hold several, comma-separated (blank
//! parts are no filter); a time filter takes one date-time a value.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::platform::wire::{self, schema_of, Compiled, FieldErrors};
use crate::vendors::lifepos::store::lists::{FilterKind, FilterSpec, ListParams, ListSpec, SortValue, TimeBounds};
use crate::vendors::lifepos::store::lists::{MAX_PAGE_SIZE, PAGE_SIZE};
use crate::vendors::lifepos::wire::error::LifeposError;
use crate::vendors::lifepos::wire::paths;
use crate::vendors::lifepos::wire::words::{allowed, NOT_A_GUID, WORDS};
use crate::vendors::lifepos::wire::WHITE_SPACE;

pub const MAX_SEARCH_LEN: usize = 64;

#[derive(Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Selection {
    AliveOnly,
    All,
    ArchivedOnly,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Presentation {
    Compact,
    Full,
}

/// The envelope's own `type_of`; the pages list the field without a value.
pub const LIST_TYPE: &str = "List";

/// A page of a list, as every LIFE POS list answers it (members in alphabetical order, see
/// `wire::render`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub items_per_page: i64,
    pub items_total: i64,
    /// Null on the last page.
    pub next_page_token: Option<String>,
    pub page_number: i64,
    pub pages_total: i64,
    /// Always `List`.
    pub type_of: &'static str,
}

/// The query of a read or a create that answers an entity.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ReadQuery {
    /// full (default) | compact
    #[serde(default)]
    pub presentation: Option<Presentation>,
}

/// The parameters every list takes.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ListQuery {
    /// next_page_token of the previous page; carries the other parameters
    #[serde(default)]
    pub page_token: Option<String>,
    /// alive_only (default) | all | archived_only
    #[serde(default)]
    pub selection: Option<Selection>,
    /// The search, case-insensitive.
    #[serde(default)]
    #[schemars(length(min = 1, max = MAX_SEARCH_LEN))]
    pub query: Option<String>,
    /// `query`'s older name.
    #[serde(default)]
    #[schemars(length(min = 1, max = MAX_SEARCH_LEN))]
    pub search: Option<String>,
    /// created_at ≥ this time
    #[serde(default)]
    #[schemars(with = "Option<ListTime>")]
    pub created_from: Option<String>,
    /// created_at ≤ this time
    #[serde(default)]
    #[schemars(with = "Option<ListTime>")]
    pub created_to: Option<String>,
    /// updated_at ≥ this time
    #[serde(default)]
    #[schemars(with = "Option<ListTime>")]
    pub updated_from: Option<String>,
    /// updated_at ≤ this time
    #[serde(default)]
    #[schemars(with = "Option<ListTime>")]
    pub updated_to: Option<String>,
    /// The order, `<column>_asc` or `<column>_desc` (each list's own columns).
    #[serde(default)]
    pub order_by: Option<String>,
    /// full (default) | compact
    #[serde(default)]
    pub presentation: Option<Presentation>,
    /// 1–100 (default 20)
    #[serde(default)]
    #[schemars(range(min = 1, max = MAX_PAGE_SIZE))]
    pub items_per_page: Option<i64>,
    /// Accepted; items_total is always counted (on the first page).
    #[serde(default)]
    pub include_items_total: Option<bool>,
}

/// A list's time bound: an RFC 3339 date-time, a date-time without offset (read as UTC) or a date
/// (its midnight UTC). The date-time without offset is a pattern exact to the calendar, so what
/// the pattern admits is a time.
pub struct ListTime;

/// `YYYY-MM-DDTHH:MM:SS[.fraction]` of a real day: 31-day months to 31, 30-day ones to 30,
/// February to 28, and to 29 in leap years.
const NO_OFFSET: &str = concat!(
    "^([0-9]{4}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])",
    "|[0-9]{4}-(0[469]|11)-(0[1-9]|[12][0-9]|30)",
    "|[0-9]{4}-02-(0[1-9]|1[0-9]|2[0-8])",
    "|([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[048]|[2468][048]|[13579][26])00)-02-29)",
    "T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?$"
);

impl JsonSchema for ListTime {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ListTime".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        Schema::try_from(list_time()).unwrap_or_default()
    }
}

fn list_time() -> Value {
    json!({ "anyOf": [
        { "type": "string", "format": "date-time" },
        { "type": "string", "format": "date" },
        { "type": "string", "pattern": NO_OFFSET },
    ] })
}

/// A list's time bound in epoch milliseconds, as [`ListTime`] admits it.
pub fn parse_time(raw: &str) -> Option<i64> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
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

/// What a list was asked: a page token, or the parameters of a first page.
pub struct ListRequest {
    pub page_token: Option<String>,
    pub params: ListParams,
}

/// A list's query string (decoded pairs) read by its declaration.
pub fn read(pairs: &[(String, String)], spec: &ListSpec) -> Result<ListRequest, LifeposError> {
    let document = wire::read_query_document(pairs, &list_schema(spec), &WORDS).map_err(FieldErrors::from)?;
    let query: ListQuery = wire::read(document.clone(), &WORDS).map_err(FieldErrors::from)?;
    let filters = spec
        .filters
        .iter()
        .filter_map(|filter| {
            let given = document.get(filter.param)?.as_array()?;
            Some((filter.param.to_owned(), filter_values(filter, given)))
        })
        .collect();
    let time = |raw: &Option<String>| raw.as_deref().and_then(parse_time);
    let params = ListParams {
        selection: query.selection.unwrap_or(Selection::AliveOnly),
        search: query.query.or(query.search),
        order_by: query.order_by.unwrap_or_else(|| spec.default_order.to_owned()),
        presentation: query.presentation.unwrap_or(Presentation::Full),
        times: TimeBounds {
            created_from: time(&query.created_from),
            created_to: time(&query.created_to),
            updated_from: time(&query.updated_from),
            updated_to: time(&query.updated_to),
        },
        filters,
        per_page: query.items_per_page.unwrap_or(PAGE_SIZE),
    };
    Ok(ListRequest {
        page_token: query.page_token,
        params,
    })
}

/// A filter's values, as its schema admitted them: every comma-separated part of every value
/// given, blank parts left out.
fn filter_values(filter: &FilterSpec, given: &[Value]) -> Vec<SortValue> {
    given
        .iter()
        .filter_map(Value::as_str)
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .filter_map(|part| match filter.kind {
            FilterKind::From | FilterKind::To => parse_time(part).map(SortValue::Int),
            FilterKind::OneOf(_) => Some(SortValue::Text(part.to_owned())),
            FilterKind::Guid => uuid::Uuid::parse_str(part)
                .ok()
                .map(|guid| SortValue::Text(guid.to_string())),
        })
        .collect()
}

/// The schema of a list's query: [`ListQuery`]'s, with the list's `order_by` values and filters.
pub fn list_schema(spec: &ListSpec) -> Arc<Compiled> {
    static CACHE: OnceLock<RwLock<HashMap<&'static str, Arc<Compiled>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(spec.kind)
    {
        return Arc::clone(found);
    }
    let mut schema = schema_of::<ListQuery>().schema.clone();
    let orders: Vec<String> = spec
        .orders
        .iter()
        .flat_map(|column| [format!("{}_asc", column.name), format!("{}_desc", column.name)])
        .collect();
    schema["properties"]["order_by"] = json!({
        "type": "string", "enum": orders,
        "description": format!("The order (default {})", spec.default_order),
    });
    if !spec.archivable {
        schema["properties"]["selection"]["description"] =
            json!("alive_only (default) | all | archived_only (empty: this list's items are never archived)");
    }
    for filter in spec.filters {
        schema["properties"][filter.param] = json!({
            "type": "array", "items": filter_item(&filter.kind), "description": filter_meaning(filter),
        });
    }
    let compiled = Arc::new(Compiled::new(schema));
    cache
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .entry(spec.kind)
        .or_insert(compiled)
        .clone()
}

/// What a filter narrows the list to.
fn filter_meaning(filter: &FilterSpec) -> String {
    let field = filter.column.trim_end_matches("_ms");
    match filter.kind {
        FilterKind::From => format!("{field} ≥ this time"),
        FilterKind::To => format!("{field} ≤ this time"),
        FilterKind::OneOf(_) | FilterKind::Guid => format!("{field} is one of these (repeated or comma-separated)"),
    }
}

/// One value of a filter.
fn filter_item(kind: &FilterKind) -> Value {
    match kind {
        // Blank is no bound, as with the enumerations.
        FilterKind::From | FilterKind::To => {
            let mut alternatives = list_time();
            if let Some(Value::Array(alternatives)) = alternatives.get_mut("anyOf") {
                alternatives
                    .push(json!({ "type": "string", "pattern": format!("^[{},]*$", super::white_space_chars()) }));
            }
            alternatives
        }
        // A pattern is the rule, its words the values it lists.
        FilterKind::OneOf(values) => json!({
            "type": "string", "pattern": listed(&values.join("|")), "x-problem": allowed(values),
        }),
        FilterKind::Guid => json!({ "type": "string", "pattern": listed(&paths::any_guid()), "x-problem": NOT_A_GUID }),
    }
}

/// Comma-separated parts, each trimmed, blank parts skipped, every other part `one`. A pattern
/// rather than an array of an enum: one value may hold several, and a blank one is no filter.
fn listed(one: &str) -> String {
    let part = format!("{WHITE_SPACE}*({one})?{WHITE_SPACE}*");
    format!("^{part}(,{part})*$")
}

/// Each member of a query declaration's schema as a query parameter: its name, and its schema as
/// a parameter's. A parameter is never null (an optional member's declaration admits null, as
/// JSON does), and its default is its absence.
pub fn parameters(schema: &Value) -> Vec<(&'static str, Value)> {
    let Some(members) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    members
        .iter()
        .map(|(name, member)| (interned(name), without_null(member)))
        .collect()
}

/// A declared member's name for the spec's lifetime: the names come from declarations, so there
/// are as many as the declarations have, each kept once.
fn interned(name: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    match names.get(name) {
        Some(kept) => kept,
        None => {
            let kept: &'static str = Box::leak(name.to_owned().into_boxed_str());
            names.insert(kept);
            kept
        }
    }
}

fn without_null(member: &Value) -> Value {
    let mut schema = member.clone();
    let Some(fields) = schema.as_object_mut() else {
        return schema;
    };
    fields.remove("default");
    if let Some(Value::Array(types)) = fields.get_mut("type") {
        types.retain(|kind| kind != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            fields.insert("type".to_owned(), only);
        }
    }
    if let Some(Value::Array(values)) = fields.get_mut("enum") {
        values.retain(|value| !value.is_null());
    }
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Array(mut alternatives)) = fields.remove(keyword) else {
            continue;
        };
        alternatives.retain(|alternative| alternative != &json!({ "type": "null" }));
        match alternatives.pop() {
            Some(Value::Object(only)) if alternatives.is_empty() => fields.extend(only),
            Some(last) => {
                alternatives.push(last);
                fields.insert(keyword.to_owned(), Value::Array(alternatives));
            }
            None => {}
        }
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_bounds_take_the_three_notations() {
        assert_eq!(parse_time("2024-10-23T06:47:41.212Z"), Some(1_729_666_061_212));
        assert_eq!(parse_time("2024-10-23T09:47:41.212+03:00"), Some(1_729_666_061_212));
        assert_eq!(parse_time("2024-10-23T06:47:41.212"), Some(1_729_666_061_212));
        assert_eq!(parse_time("2024-10-23"), Some(1_729_641_600_000));
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn what_the_time_pattern_admits_is_a_time() {
        let pattern = regex::Regex::new(NO_OFFSET).expect("compiles");
        for day in ["2024-02-29", "2000-02-29", "2023-04-30", "2023-12-31", "0000-02-29"] {
            let at = format!("{day}T23:59:59.123456789");
            assert!(pattern.is_match(&at), "{at}");
            assert!(parse_time(&at).is_some(), "{at}");
        }
        for day in ["2023-02-29", "1900-02-29", "2023-04-31", "2023-13-01", "2023-00-10"] {
            assert!(!pattern.is_match(&format!("{day}T00:00:00")), "{day}");
        }
        assert!(!pattern.is_match("2023-01-01T24:00:00"));
    }

    const FORM: FilterSpec = FilterSpec {
        param: "fiscal_form",
        column: "fiscal_form",
        kind: FilterKind::OneOf(&["Receipt", "ShiftOpeningReport", "ShiftClosingReport"]),
    };

    const DOCUMENTS: ListSpec = ListSpec {
        kind: "documents under test",
        table: "documents",
        scope: "org_guid",
        columns: "guid",
        orders: crate::vendors::lifepos::store::lists::TIME_AND_NAME,
        default_order: "created_at_asc",
        archivable: false,
        search: |_, _| {},
        condition: "",
        parent: None,
        filters: &[FORM],
    };

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn refused(query: &[(&str, &str)]) -> Vec<String> {
        match read(&pairs(query), &DOCUMENTS) {
            Err(LifeposError::RequestIsNotValid(errors)) => errors.fields(),
            Err(other) => panic!("{other:?}"),
            Ok(_) => Vec::new(),
        }
    }

    #[test]
    fn repeated_and_comma_separated_filter_values_are_one_list() {
        let request = read(
            &pairs(&[
                ("fiscal_form", "ShiftOpeningReport"),
                ("selection", "all"),
                ("fiscal_form", " ShiftClosingReport,Receipt, "),
                ("items_per_page", "5"),
            ]),
            &DOCUMENTS,
        )
        .expect("a filter may repeat");
        let texts: Vec<SortValue> = ["ShiftOpeningReport", "ShiftClosingReport", "Receipt"]
            .map(|v| SortValue::Text(v.to_owned()))
            .into();
        assert_eq!(request.params.filters, [("fiscal_form".to_owned(), texts)]);
        assert_eq!(request.params.selection, Selection::All);
        assert_eq!(request.params.per_page, 5);
        assert_eq!(request.params.order_by, "created_at_asc", "the list's default");
        let absent = read(&[], &DOCUMENTS).expect("no filter");
        assert!(absent.params.filters.is_empty());
    }

    #[test]
    fn a_common_parameter_given_twice_or_a_bad_value_is_refused() {
        assert_eq!(
            refused(&[("order_by", "name_asc"), ("order_by", "name_desc")]),
            ["order_by"]
        );
        assert_eq!(refused(&[("fiscal_form", "Invoice")]), ["fiscal_form"]);
        assert_eq!(
            refused(&[("order_by", "number_asc"), ("items_per_page", "101"), ("query", "")]),
            ["items_per_page", "order_by", "query"],
            "every parameter's problem at once"
        );
    }
}
