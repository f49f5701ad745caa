//! The control plane's operations for the OpenAPI spec, and the spec and docs endpoints.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use crate::config::FaultsConfig;
use crate::control::deliveries::{no_delivery, NO_DELIVERY};
use crate::control::{vendors, ControlError};
use crate::fixtures::{clashing, FixtureError};
use crate::openapi::schema::{
    any_array, any_object, any_string, anything, boolean, closed, integer, nullable, object, one_of, pattern,
};
use crate::openapi::{self, tenant_param, ErrorShape, Mark, Operation, Param, Refused};
use crate::platform::clock::{ClockError, BACKWARDS, MAX_MS};
use crate::platform::faults::glob;
use crate::platform::faults::rule::{MAX_DELAY_MS, MAX_METHOD_BYTES};
use crate::platform::journal::stream_slots::StreamRefused;
use crate::platform::tenant::TENANT_PATTERN;
use crate::platform::HTTP_STATUSES;
use crate::state::{AppState, VendorListing};

/// `{"error"}`, and `path` (the JSON path) for a bad fixture document.
pub const ERRORS: ErrorShape = ErrorShape {
    refuses_nul: false,
    schema: error_schema,
    auth: true,
    extra: &[],
    errors_in_200: false,
};

fn error_schema(_status: u16) -> Value {
    object(&["error"], &[("error", any_string()), ("path", any_string())])
}

/// The headers with a schema of their own.
pub fn header_params() -> Vec<Param> {
    vec![tenant_param(
        "The tenant acted on (default: default); or named in the path, /_t/{tenant}/_emulator/…; \
         naming two different tenants both ways is a 400",
    )]
}

/// The control plane's own OpenAPI document is `control.json`.
pub const CONTROL: &str = "control";

pub const TITLE: &str = "Control plane (/_emulator): reset, fixtures, state, outbox, journal, clock, faults, metrics";

pub const HEADERS: &[(&str, bool, &str)] = &[
    ("X-Emulator-Tenant", false, "The tenant acted on (default: default)"),
    ("Authorization", false, "Bearer <control.token>, when one is configured"),
];

fn error(text: &str) -> Value {
    json!({ "error": text })
}

/// A journal filter's `status`: what `journal::status_param` takes.
fn http_status() -> Value {
    integer(i64::from(*HTTP_STATUSES.start())..=i64::from(*HTTP_STATUSES.end()))
}

/// A count (`limit`, `backlog`): what `journal::count_param` takes, however large.
fn count() -> Value {
    json!({ "type": "integer", "minimum": 0 })
}

/// A fault rule as `platform::faults::rule::FaultRule::problem` takes it, from the same bounds:
/// every member may be absent or `null` (`probability` absent), a `status` or a `delay_ms` (or
/// both), a `body` only with a `status`. `id` is taken and replaced by the one the rule gets.
fn fault_rule_schema(vendors: &[&str], limits: &FaultsConfig) -> Value {
    let mut rule = closed(object(
        &[],
        &[
            ("id", any_string()),
            ("vendor", nullable(one_of(vendors))),
            (
                "method",
                nullable(pattern(&format!("^[A-Za-z]{{1,{MAX_METHOD_BYTES}}}$"))),
            ),
            (
                "path",
                nullable(json!({ "type": "string", "pattern": glob::pattern(), "maxLength": limits.max_path_bytes })),
            ),
            ("status", nullable(http_status())),
            ("body", anything()),
            ("delay_ms", nullable(integer(0..=MAX_DELAY_MS as i64))),
            ("probability", json!({ "type": "number", "minimum": 0, "maximum": 1 })),
            ("times", nullable(integer(1..=i64::MAX))),
            ("deliver_twice", boolean()),
        ],
    ));
    let given = |member: &str| json!({ "required": [member], "properties": { member: { "not": { "type": "null" } } } });
    let twice = json!({ "required": ["deliver_twice"], "properties": { "deliver_twice": { "const": true } } });
    let no_request_members = json!({ "properties": {
        "method": { "type": "null" }, "status": { "type": "null" }, "body": { "type": "null" }, "delay_ms": { "type": "null" } } });
    rule["allOf"] = json!([
        // A notification rule takes none of a request rule's members; a request rule needs a
        // status, a delay, or both.
        { "if": twice, "then": no_request_members, "else": { "anyOf": [given("status"), given("delay_ms")] } },
        // A body with a status only (a null body is no body).
        { "if": given("body"), "then": given("status") },
    ]);
    rule
}

/// `POST /clock`: exactly one change; a time to set is RFC 3339 (so at most the year 9999, which
/// the clock holds), an advance at most the whole of what it holds.
fn clock_change_schema() -> Value {
    json!({ "oneOf": [
        closed(object(&["advance_seconds"], &[("advance_seconds", integer(0..=MAX_MS / 1000))])),
        closed(object(&["set"], &[("set", json!({ "type": "string", "format": "date-time" }))])),
        closed(object(&["freeze"], &[("freeze", json!({ "type": "boolean" }))])),
    ] })
}

pub fn operations(vendors: &[VendorListing], faults: &FaultsConfig) -> Vec<Operation> {
    // A document has one section per vendor, each that vendor's own document (`null`: none).
    let sections: Vec<(&str, Value)> = vendors
        .iter()
        .map(|vendor| (vendor.name, nullable(any_object())))
        .collect();
    let documents: Vec<String> = vendors
        .iter()
        .map(|vendor| vendor.name)
        .chain([CONTROL])
        .map(|name| format!("{name}.json"))
        .collect();
    let documents: Vec<&str> = documents.iter().map(String::as_str).collect();
    let names: Vec<&str> = vendors.iter().map(|vendor| vendor.name).collect();
    let fixture = json!({ "lifepos": { "organizations": [{ "name": "Пекарня", "workplaces": [{ "workplace_type": "Mobile", "activation_code": "55550000" }] }] } });
    vec![
        Operation::new("get", "/health", "Liveness and storage").unread_header("X-Emulator-Tenant").public()
            .response(200, "Up", json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION"), "storage": "sqlite" }))
            .response(503, "The database does not answer", json!({ "status": "unavailable", "version": env!("CARGO_PKG_VERSION"), "storage": "postgres" })),
        Operation::new("post", "/reset", "Back to the startup fixtures (?all=true: every tenant)")
            .param(Param::query("all", "true: reset every tenant", one_of(&["true", "false"])))
            .response(200, "Reset", json!({ "reset": ["default"] })),
        Operation::new("post", "/fixtures", "Load a fixture document, all or nothing")
            .param(Param::query("mode", "add (default) | replace: the document becomes the tenant's whole state", one_of(&["add", "replace"])))
            .request(fixture)
            .request_schema(closed(object(&[], &sections)))
            .response(200, "Loaded", json!({ "added": { "lifepos": { "organizations": 1, "outlets": 0, "employees": 0, "workplaces": 1, "api_keys": 0 } } }))
            .response(422, "A bad document", json!({ "error": "must be 1 to 8 digits", "path": "$.lifepos.organizations[0].workplaces[0].activation_code" }))
            .refusal(422, "an entity clashes with one the tenant holds (an id, a unique number, code or name), or a reference names one it does not hold",
                // The text names the entity; `path`, its place in the document, is in every such refusal.
                Refused::new(ControlError::from(clashing("$.lifepos.organizations[0].workplaces[0].activation_code", "a workplace with this activation code")).body(),
                    Mark::has("", "path")))
            .refusal(422, "the tenant would hold more pending notifications than deliveries.max_pending_per_tenant",
                // The document as a whole is refused: its path is the root.
                Refused::new(ControlError::from(FixtureError::invalid("$", crate::platform::deliveries::past_bound_message(1001, 1000))).body(),
                    Mark::is("/path", "$"))),
        Operation::new("get", "/state", "The tenant's whole state as a fixture document")
            .response(200, "The state", json!({ "lifepos": { "organizations": [] } })),
        Operation::new("get", "/outbox", "SMS the vendors sent, oldest first")
            .query(&[("vendor", "only this vendor's"), ("phone", "only to this phone")])
            .response(200, "The messages", json!({ "messages": [{ "id": "0193…", "vendor": "lifepos", "phone": "+79990000001",
                "text": "Код активации рабочего места LIFE POS: 48213307", "code": "48213307", "created_at": "2026-01-01T09:00:00.000Z" }] })),
        Operation::new("delete", "/outbox", "Empty the outbox").response(200, "Emptied", json!({ "messages": [] })),
        Operation::new("get", "/deliveries", "Notifications the vendors sent to clients' URLs, oldest first, each with every try")
            .query(&[("vendor", "only this vendor's"), ("state", "pending | delivered | failed | dropped"), ("type", "only this type_of"),
                ("limit", "at most this many (1–1000, default 100)"), ("after", "only those after this id (the next page)")])
            .param(Param::query("vendor", "only this vendor's", one_of(&names)))
            .param(Param::query("state", "only in this state", one_of(&crate::platform::deliveries::STATES)))
            .param(Param::query("limit", "at most this many", integer(1..=1000)))
            .response(200, "The notifications; `dropped`: pending ones this process dropped from a full queue", json!({ "deliveries": [{
                "id": "0193…", "vendor": "lifepos", "type": "SalePayment", "subject": "9d3e5f7a-1b2c-4d6e-8f0a-2b4c6d8e0f21",
                "url": "http://127.0.0.1:9000/hooks", "secondary_url": null, "body": { "type_of": "SalePayment", "guid": "…" },
                "state": "delivered", "rounds": 1, "copies": 1, "created_at": "2026-01-01T09:00:00.000Z", "next_attempt_at": null,
                "finished_at": "2026-01-01T09:00:00.000Z",
                "attempts": [{ "at": "2026-01-01T09:00:00.010Z", "url": "http://127.0.0.1:9000/hooks", "status": 200, "ms": 3, "error": null }] }],
                "dropped": 0 }))
            .response(400, "A bad filter", ControlError::bad_field("state", "sent is no state: pending, delivered, failed, dropped").body()),
        Operation::new("post", "/deliveries/{id}/redeliver", "Send a notification again: pending now, its rounds counted afresh")
            .param(Param::path("id", any_string()))
            .response(200, "The notification", json!({ "id": "0193…", "state": "pending", "rounds": 0 }))
            .refusal(404, "The tenant has no such notification", Refused::new(no_delivery("0193…").body(), Mark::StartsWith("/error".to_owned(), NO_DELIVERY.to_owned()))),
        Operation::new("get", "/journal", "Vendor requests, newest last")
            .query(&[("vendor", "only this vendor's"), ("method", "only this method"), ("status", "only this status"), ("limit", "the newest N")])
            .param(Param::query("status", "only this status", http_status()))
            .param(Param::query("limit", "the newest N", count()))
            .response(200, "The entries", json!({ "entries": [{ "id": 1, "at": "2026-01-01T09:00:00.000Z", "vendor": "lifepos", "method": "POST",
                "path": "/v5/auth/activate-workplace", "query": null, "status": 401, "duration_ms": 1.234,
                "request_body": "{\"activation_code\":\"00000000\"}", "response_body": "{\"code\":\"WrongActivationCode\",\"message\":\"неверный код активации\"}" }] }))
            .response(400, "A bad filter", ControlError::bad_field("status", crate::platform::NOT_AN_HTTP_STATUS).body()),
        Operation::new("get", "/journal/stream", "The journal as server-sent events: the newest `backlog` entries, then each new one (`curl -N`)")
            .query(&[("vendor", "only this vendor's"), ("method", "only this method"), ("status", "only this status"),
                ("path", "only paths containing this"), ("backlog", "how many kept entries first (default 50, 0: none)")])
            .param(Param::query("status", "only this status", http_status()))
            .param(Param::query("backlog", "how many kept entries first", count()))
            .response_media(200, "text/event-stream: `event: entry`, `id: <entry id>`, `data: <entry>`; `event: lagged`, `data: {\"missed\": N}`: N of the tenant's entries left the journal before they were sent",
                "text/event-stream", json!({ "type": "string" }))
            .response(400, "A bad filter or Last-Event-ID", error("Last-Event-ID must be a journal entry id"))
            .response(429, "The tenant has journal.max_streams_per_tenant tails open", error(&StreamRefused::TenantFull(16).to_string()))
            .response(503, "The emulator has journal.max_streams tails open", error(&StreamRefused::ProcessFull(64).to_string())),
        Operation::new("delete", "/journal", "Empty the journal").response(200, "Emptied", json!({ "entries": [] })),
        Operation::new("get", "/clock", "The tenant's clock")
            .response(200, "The clock", json!({ "now": "2026-01-01T09:00:00.000Z", "offset_seconds": 0, "frozen": false })),
        Operation::new("post", "/clock", "Advance, set or freeze the tenant's clock (exactly one member)")
            .request(json!({ "advance_seconds": 86400 }))
            .request_schema(clock_change_schema())
            .response(200, "The new clock", json!({ "now": "2026-01-02T09:00:00.000Z", "offset_seconds": 86400, "frozen": false }))
            .response(400, "Not exactly one change", error("expected exactly one of {\"advance_seconds\": N}, {\"set\": \"<RFC 3339>\"}, {\"freeze\": true|false}"))
            .refusal(400, "`set` is before the tenant's now: time never moves backwards", Refused::new(error(&ClockError::Backwards {
                requested: "2000-01-01T00:00:00+00:00".to_owned(), now: "2026-01-01T09:00:00+00:00".to_owned() }.to_string()),
                Mark::StartsWith("/error".to_owned(), BACKWARDS.to_owned())))
            .refusal(400, "`advance_seconds` would take the tenant's now past the year 9999", Refused::new(error(&ClockError::Overflow.to_string()),
                Mark::is("/error", ClockError::Overflow.to_string()))),
        Operation::new("post", "/faults", "Add a fault rule")
            .request(json!({ "vendor": "lifepos", "method": "POST", "path": "/v5/auth/*", "status": 503, "delay_ms": 0, "probability": 1, "times": 2 }))
            .request_schema(fault_rule_schema(&names, faults))
            .response(200, "Added", json!({ "id": "5f0c…" }))
            .response(400, "A bad rule; `path` names the field", json!({ "error": "path must be at most 512 bytes (faults.max_path_bytes)", "path": "path" }))
            .response(409, "The tenant holds faults.max_rules_per_tenant rules already", error("the tenant holds 100 fault rules already (faults.max_rules_per_tenant); remove some first")),
        Operation::new("get", "/faults", "The tenant's fault rules")
            .response(200, "The rules", json!({ "faults": [{ "id": "5f0c…", "vendor": "lifepos", "status": 503, "probability": 1.0, "times": 2 }] })),
        Operation::new("delete", "/faults", "Remove every fault rule").response(200, "Removed", json!({ "faults": [] })),
        Operation::new("delete", "/faults/{id}", "Remove one fault rule")
            .response(200, "Removed", json!({ "removed": "5f0c…" }))
            .response(404, "No such rule", error("no fault rule 5f0c… in this tenant")),
        Operation::new("get", "/tenants", "Every tenant used so far, by name").unread_header("X-Emulator-Tenant")
            .response(200, "The tenants", json!({ "tenants": ["default", "run-42"] })),
        Operation::new("delete", "/tenants", "Delete every tenant with everything it holds, one at a time; each comes back fresh on its next use").unread_header("X-Emulator-Tenant")
            .response(200, "Deleted", json!({ "deleted": ["default", "run-42"] })),
        Operation::new("delete", "/tenants/{tenant}", "Delete one tenant with everything it holds; it comes back fresh on its next use").unread_header("X-Emulator-Tenant")
            .response(200, "Deleted", json!({ "deleted": "run-42" }))
            .param(Param::path("tenant", pattern(TENANT_PATTERN)))
            .response(400, "A malformed name", error("X-Emulator-Tenant must match ^[a-z0-9][a-z0-9_-]{0,63}$"))
            .response(404, "No such tenant", error("no tenant named run-42")),
        Operation::new("get", "/metrics", "Prometheus metrics (text/plain)").unread_header("X-Emulator-Tenant")
            .response_media(200, "The exposition", "text/plain", json!({ "type": "string" })),
        Operation::new("get", "/openapi.json", "This document").unread_header("X-Emulator-Tenant").public().response(200, "OpenAPI 3.1", json!({ "openapi": "3.1.0" })),
        Operation::new("get", "/openapi/{vendor}", "One vendor's OpenAPI document (`<vendor>.json`), or the control plane's (`control.json`)").unread_header("X-Emulator-Tenant").public()
            .param(Param::path("vendor", one_of(&documents)))
            .response(200, "OpenAPI 3.1", json!({ "openapi": "3.1.0" }))
            .response(404, "No such vendor", error("no vendor acme")),
        Operation::new("get", "/vendors", "Every vendor: its name, title, base path, OpenAPI document, extra listener (`vendors.<name>.listen`) and host names (`server.vendor_hosts`)")
            .unread_header("X-Emulator-Tenant").public()
            .response_schema(200, "The vendors, in the registry's order", closed(object(&["vendors"], &[("vendors", any_array(closed(object(
                &["name", "title", "base_path", "spec", "listen", "hosts"],
                &[("name", one_of(&names)), ("title", any_string()), ("base_path", any_string()), ("spec", any_string()),
                    ("listen", nullable(any_string())), ("hosts", any_array(any_string()))],
            ))))])), json!({ "vendors": vendors.iter().take(1).map(vendors::listed).collect::<Vec<_>>() })),
        Operation::new("get", "/docs", "A browsable page of this document").unread_header("X-Emulator-Tenant").public().response_media(200, "HTML", "text/html", json!({ "type": "string" })),
        Operation::new("get", "/ui", "The dashboard: a tenant's vendor state as tables, outbox, live journal, clock, fault rules, reset").unread_header("X-Emulator-Tenant").public()
            .response_media(200, "HTML", "text/html", json!({ "type": "string" })),
    ]
}

pub async fn full_spec(State(app): State<AppState>) -> Json<Value> {
    Json(openapi::spec(&app.surfaces))
}

pub async fn one_spec(State(app): State<AppState>, Path(file): Path<String>) -> Result<Json<Value>, ControlError> {
    let name = file.strip_suffix(".json").unwrap_or(&file);
    let surface = app
        .surfaces
        .iter()
        .find(|surface| surface.name == name)
        .ok_or_else(|| ControlError::new(axum::http::StatusCode::NOT_FOUND, format!("no vendor {name}")))?;
    Ok(Json(openapi::spec(std::slice::from_ref(surface))))
}
