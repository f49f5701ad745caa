//! OpenAPI 3.1 of every vendor surface and of the control plane.
//!
//! Routers are built through [`ApiRouter`], which records every method and path it registers; each
//! vendor documents its operations in its `openapi.rs` (examples from its seed document), and the
//! spec is assembled from the recorded routes, so it lists exactly what is served. A route without
//! documentation is a test failure, not a silent gap.
//!
//! What the spec declares, and where it comes from:
//! - request bodies and parameters: the schema an operation gives ([`Operation::request_schema`],
//!   [`Operation::param`]), built with [`schema`]'s helpers from the same constants (lengths,
//!   patterns, enums) the vendor's validation code checks; an operation that gives only an example
//!   gets a schema derived from it (types only);
//! - responses: the schema given, or one derived from the example, where a `null` example member
//!   admits any value (the example shows one case of a member that is often filled); every 4xx/5xx
//!   of a vendor with an error shape ([`ErrorShape`]) is that vendor's error schema;
//! - generic statuses, added by the builder to every operation of a surface so routes added later
//!   get them too: 400 (a malformed `X-Emulator-Tenant`), 408 (request timeout), 413 (body too
//!   large), 429 (rate limit), 500 (a caught panic), 503 (a new tenant past the limit), and 401 on surfaces with credentials for every
//!   operation not marked [`Operation::public`];
//! - `X-Emulator-Tenant` with its pattern ([`crate::platform::tenant::TENANT_PATTERN`]);
//! - state refusals ([`Operation::refusal`]): the answers a request the schema accepts may still get
//!   because of what the tenant holds (a number taken, an archived entity, a clock already past a
//!   time), each a documented response, listed with what identifies its body ([`Mark`]) in the
//!   operation's [`REFUSALS_EXTENSION`], so a contract-testing tool allows exactly those answers
//!   for valid data, told by status and body.

mod docs_page;
mod router;
pub mod schema;

pub use docs_page::docs_page;
pub use router::{ApiRouter, RecordedRoute};

use crate::platform::tenant;

use serde_json::{json, Map, Value};

/// One documented operation, keyed by method and the path as the vendor's router registers it.
#[derive(Clone, Debug)]
pub struct Operation {
    pub method: &'static str,
    pub path: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
    /// Query parameters: name and meaning.
    pub query: &'static [(&'static str, &'static str)],
    /// An example request body (JSON), when the operation takes one.
    pub request: Option<Value>,
    /// Status, meaning, example body.
    pub responses: Vec<(u16, &'static str, Value)>,
    /// Typed parameters (query, path or header); one named like a `query` entry replaces it.
    pub params: Vec<Param>,
    /// The request body's schema; without one it is derived from `request`.
    pub request_schema: Option<Value>,
    /// The request body's media type (`application/json` unless set).
    pub request_media: &'static str,
    /// Schemas and media types given for some statuses, instead of ones derived from the example.
    pub response_docs: Vec<(u16, ResponseDoc)>,
    /// Needs no credential: no generic 401.
    pub public: bool,
    /// Surface headers this operation does not read (e.g. the tenant, on tenant-agnostic calls).
    pub unread_headers: Vec<&'static str>,
    /// The request body may be left out.
    pub body_optional: bool,
    /// What a request the schema accepts may still be refused with, for the state it meets.
    pub refusals: Vec<Refusal>,
}

/// The OpenAPI extension on an operation listing its state refusals: one entry for each body a
/// refusal may answer, `{"status", "member"}` and what the member holds, `"equals"`,
/// `"startsWith"` or `"filled": true`, if anything (see [`Mark`]).
pub const REFUSALS_EXTENSION: &str = "x-emulator-refusals";

/// A refusal of a request the schema accepts, for a reason no schema can state: the tenant's state
/// (a number already taken, an entity archived, a code used) or a rule across the request and
/// that state. A rule a schema could express is a schema's job, never a refusal.
#[derive(Clone, Debug)]
pub struct Refusal {
    pub status: u16,
    /// When it happens ("the username is already taken").
    pub when: &'static str,
    /// The body answered, as an example.
    pub example: Value,
    /// What identifies each body it may answer (one per error the handler may return for it).
    pub marks: Vec<Mark>,
}

/// What tells one refusal's body from any other answer of its status: a member of the body, named
/// by a JSON Pointer (RFC 6901), and what it holds. Each vendor builds it from the error its
/// handler returns (the error's code, its fixed message, the field it names), so the spec and the
/// handler cannot say different things.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// The member holds exactly this value (an error code, a fixed message).
    Is(String, Value),
    /// The member is a text that starts with this (a message that names what the request named).
    StartsWith(String, String),
    /// The body has the member, whatever it holds (the field a validation error names).
    Has(String),
    /// The member holds something: a list, an object or a text that is not empty (problems with
    /// whichever members a patched entity breaks).
    Filled(String),
}

impl Mark {
    /// `member` (a JSON Pointer) holds `value`.
    pub fn is(member: &str, value: impl Into<Value>) -> Mark {
        Mark::Is(member.to_owned(), value.into())
    }

    /// The member `name` of the object at `parent` (a JSON Pointer) exists; `name` is escaped.
    pub fn has(parent: &str, name: &str) -> Mark {
        Mark::Has(format!("{parent}/{}", name.replace('~', "~0").replace('/', "~1")))
    }

    /// Whether `body` is marked so.
    pub fn matches(&self, body: &Value) -> bool {
        match self {
            Mark::Is(member, value) => body.pointer(member) == Some(value),
            Mark::StartsWith(member, start) => body
                .pointer(member)
                .and_then(Value::as_str)
                .is_some_and(|text| text.starts_with(start)),
            Mark::Has(member) => body.pointer(member).is_some(),
            Mark::Filled(member) => match body.pointer(member) {
                Some(Value::Array(items)) => !items.is_empty(),
                Some(Value::Object(members)) => !members.is_empty(),
                Some(Value::String(text)) => !text.is_empty(),
                _ => false,
            },
        }
    }

    /// Its entry in [`REFUSALS_EXTENSION`].
    fn published(&self, status: u16) -> Value {
        match self {
            Mark::Is(member, value) => json!({ "status": status, "member": member, "equals": value }),
            Mark::StartsWith(member, start) => json!({ "status": status, "member": member, "startsWith": start }),
            Mark::Has(member) => json!({ "status": status, "member": member }),
            Mark::Filled(member) => json!({ "status": status, "member": member, "filled": true }),
        }
    }
}

/// A refusal's body as a vendor's error builds it: the example the spec shows, and what identifies
/// the bodies the refusal may answer — the example's error and any other the same refusal returns.
#[derive(Clone, Debug)]
pub struct Refused {
    pub example: Value,
    pub marks: Vec<Mark>,
}

impl Refused {
    pub fn new(example: Value, mark: Mark) -> Refused {
        Refused {
            example,
            marks: vec![mark],
        }
    }

    /// The same refusal may also answer a body marked so.
    pub fn or_marked(mut self, mark: Mark) -> Refused {
        if !self.marks.contains(&mark) {
            self.marks.push(mark);
        }
        self
    }

    /// The same refusal may also answer `other`'s body (its example stays this one's).
    pub fn or(mut self, other: Refused) -> Refused {
        for mark in other.marks {
            if !self.marks.contains(&mark) {
                self.marks.push(mark);
            }
        }
        self
    }
}

/// A typed parameter.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: &'static str,
    /// `query`, `path` or `header`.
    pub location: &'static str,
    pub required: bool,
    pub description: &'static str,
    pub schema: Value,
}

impl Param {
    pub fn query(name: &'static str, description: &'static str, schema: Value) -> Param {
        Param {
            name,
            location: "query",
            required: false,
            description,
            schema,
        }
    }

    pub fn path(name: &'static str, schema: Value) -> Param {
        Param {
            name,
            location: "path",
            required: true,
            description: "",
            schema,
        }
    }

    pub fn header(name: &'static str, required: bool, description: &'static str, schema: Value) -> Param {
        Param {
            name,
            location: "header",
            required,
            description,
            schema,
        }
    }

    pub fn required(mut self) -> Param {
        self.required = true;
        self
    }
}

/// What a response declares beyond its example.
#[derive(Clone, Debug, Default)]
pub struct ResponseDoc {
    pub schema: Option<Value>,
    /// `application/json` unless set.
    pub media: Option<&'static str>,
}

impl Operation {
    pub fn new(method: &'static str, path: &'static str, summary: &'static str) -> Operation {
        Operation {
            method,
            path,
            summary,
            description: "",
            query: &[],
            request: None,
            responses: Vec::new(),
            params: Vec::new(),
            request_schema: None,
            request_media: "application/json",
            response_docs: Vec::new(),
            public: false,
            unread_headers: Vec::new(),
            body_optional: false,
            refusals: Vec::new(),
        }
    }

    pub fn describe(mut self, description: &'static str) -> Operation {
        self.description = description;
        self
    }

    pub fn query(mut self, query: &'static [(&'static str, &'static str)]) -> Operation {
        self.query = query;
        self
    }

    pub fn request(mut self, example: Value) -> Operation {
        self.request = Some(example);
        self
    }

    pub fn response(mut self, status: u16, meaning: &'static str, example: Value) -> Operation {
        self.responses.push((status, meaning, example));
        self
    }

    /// A typed parameter; replaces a `query` entry of the same name.
    pub fn param(mut self, param: Param) -> Operation {
        self.params
            .retain(|p| !(p.name == param.name && p.location == param.location));
        self.params.push(param);
        self
    }

    /// The request body's schema (the example, when given, stays the example).
    pub fn request_schema(mut self, schema: Value) -> Operation {
        self.request_schema = Some(schema);
        self
    }

    /// The request body declared by `T` (see `platform::wire`): its schema is the one requests
    /// are checked against.
    pub fn request_type<T: schemars::JsonSchema + 'static>(mut self) -> Operation {
        self.request_schema = Some(crate::platform::wire::schema_of::<T>().schema.clone());
        self
    }

    /// An answer rendered from `T` (`Serialize` + `JsonSchema`): its schema is `T`'s, its example
    /// the one given.
    pub fn answer_type<T: schemars::JsonSchema + 'static>(
        self,
        status: u16,
        meaning: &'static str,
        example: Value,
    ) -> Operation {
        let schema = crate::platform::wire::answer_schema_of::<T>().schema.clone();
        self.response_schema(status, meaning, schema, example)
    }

    /// A request body of another media type (form, multipart), with its schema.
    pub fn request_media(mut self, media: &'static str, schema: Value) -> Operation {
        self.request_media = media;
        self.request_schema = Some(schema);
        self
    }

    /// A response with its schema as well as its example.
    pub fn response_schema(mut self, status: u16, meaning: &'static str, schema: Value, example: Value) -> Operation {
        self.responses.push((status, meaning, example));
        self.doc(status).schema = Some(schema);
        self
    }

    /// A response of another media type (text, HTML, an image), with its schema.
    pub fn response_media(
        mut self,
        status: u16,
        meaning: &'static str,
        media: &'static str,
        schema: Value,
    ) -> Operation {
        self.responses.push((status, meaning, Value::Null));
        let doc = self.doc(status);
        doc.media = Some(media);
        doc.schema = Some(schema);
        self
    }

    /// The body may be left out (e.g. EDIN's reads, whose body carries only the varToken).
    pub fn optional_body(mut self) -> Operation {
        self.body_optional = true;
        self
    }

    /// Does not read the surface header `name`: the spec does not list it for this operation.
    pub fn unread_header(mut self, name: &'static str) -> Operation {
        self.unread_headers.push(name);
        self
    }

    /// A state refusal: a request the schema accepts is answered `status` with one of `refused`'s
    /// bodies `when` the tenant's state says no. Documented as a response of that status (each
    /// refusal of one status an example of it) and listed in [`REFUSALS_EXTENSION`] with what
    /// identifies its bodies.
    pub fn refusal(mut self, status: u16, when: &'static str, refused: Refused) -> Operation {
        self.refusals.push(Refusal {
            status,
            when,
            example: refused.example,
            marks: refused.marks,
        });
        self
    }

    /// Needs no credential: the builder adds no generic 401.
    pub fn public(mut self) -> Operation {
        self.public = true;
        self
    }

    fn doc(&mut self, status: u16) -> &mut ResponseDoc {
        let index = match self.response_docs.iter().position(|(s, _)| *s == status) {
            Some(index) => index,
            None => {
                self.response_docs.push((status, ResponseDoc::default()));
                self.response_docs.len() - 1
            }
        };
        &mut self.response_docs[index].1
    }

    fn doc_of(&self, status: u16) -> Option<&ResponseDoc> {
        self.response_docs
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, doc)| doc)
    }
}

/// A vendor's error body, for the spec: its schema for a status, and whether its successes may be
/// failures in disguise (EDIN's HTTP 200 with an `intCode`).
#[derive(Clone, Copy)]
pub struct ErrorShape {
    /// Whether every string of a request's query and body is refused holding U+0000 (a vendor's
    /// gateway, `platform::layers::storable`); the spec then states it on each.
    pub refuses_nul: bool,
    /// The schema of the error body answered with this status.
    pub schema: fn(u16) -> Value,
    /// Whether the surface takes credentials: operations not marked public get a generic 401.
    pub auth: bool,
    /// A 200 may carry a failure (the schema of status 200 is then `anyOf` success, failure).
    pub errors_in_200: bool,
    /// Statuses of the vendor's own that any of its operations can answer, beyond the generic ones.
    pub extra: &'static [(u16, &'static str)],
}

/// Statuses every operation of a surface with an error shape can answer, whatever it does: a
/// malformed tenant, a timeout, a body too large, the rate limit, a caught panic, a new tenant past
/// the tenant limit.
pub const GENERIC_STATUSES: [(u16, &str); 6] = [
    (
        400,
        "X-Emulator-Tenant does not match its pattern (or the request is malformed)",
    ),
    (
        408,
        "The request took longer than server.request_timeout_ms; rolled back",
    ),
    (413, "The body is larger than server.body_limit_bytes"),
    (429, "Over the vendor's rate limit"),
    (500, "An internal failure (a caught panic)"),
    (503, "The request would create a tenant past tenants.max_tenants"),
];

/// The generic 401 of operations that need a credential.
pub const GENERIC_UNAUTHORIZED: (u16, &str) = (401, "No, or no valid, credential");

/// What a vendor (or the control plane) contributes to the spec.
pub struct Surface {
    /// `lifepos`, …, or `control`.
    pub name: &'static str,
    pub title: &'static str,
    /// Where its routes are mounted (`/lifepos`, `/_emulator`).
    pub prefix: &'static str,
    pub routes: Vec<RecordedRoute>,
    pub operations: Vec<Operation>,
    /// Header parameters every operation takes: name, required, meaning.
    pub headers: &'static [(&'static str, bool, &'static str)],
    /// Typed headers every operation takes; one named like a `headers` entry replaces it.
    pub header_params: Vec<Param>,
    /// The surface's error body and generic statuses.
    pub errors: Option<ErrorShape>,
}

impl Surface {
    /// Recorded routes that have no documented operation, as `METHOD path`.
    pub fn undocumented(&self) -> Vec<String> {
        self.routes
            .iter()
            .filter(|route| self.operation(route).is_none())
            .map(|route| format!("{} {}{}", route.method.to_uppercase(), self.prefix, route.path))
            .collect()
    }

    /// Documented operations that no recorded route serves, as `METHOD key`.
    pub fn stale(&self) -> Vec<String> {
        self.operations
            .iter()
            .filter(|op| {
                !self
                    .routes
                    .iter()
                    .any(|route| route.method == op.method && route.key == op.path)
            })
            .map(|op| format!("{} {}", op.method.to_uppercase(), op.path))
            .collect()
    }

    fn operation(&self, route: &RecordedRoute) -> Option<&Operation> {
        self.operations
            .iter()
            .find(|op| op.method == route.method && op.path == route.key)
    }
}

/// The OpenAPI document of the given surfaces, paths prefixed with each surface's mount point.
pub fn spec(surfaces: &[Surface]) -> Value {
    let mut paths = Map::new();
    for surface in surfaces {
        for route in &surface.routes {
            let Some(operation) = surface.operation(route) else {
                continue;
            };
            let full_path = format!("{}{}", surface.prefix, route.path);
            let entry = paths.entry(full_path).or_insert_with(|| json!({}));
            entry[route.method] = operation_object(surface, operation, route);
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": match surfaces { [only] => only.title, _ => "vendor-emulator" },
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Stateful emulator of the LIFE POS, СУП, EDIN EDO and CloudTips REST APIs, and its control plane.",
        },
        "tags": surfaces.iter().map(|s| json!({ "name": s.name, "description": s.title })).collect::<Vec<_>>(),
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer" },
            }
        },
    })
}

fn operation_object(surface: &Surface, operation: &Operation, route: &RecordedRoute) -> Value {
    let path = route.path.as_str();
    let exempt = |name: &str| route.exempt_headers.iter().any(|e| e.eq_ignore_ascii_case(name));
    let typed = |name: &str, location: &str| {
        operation
            .params
            .iter()
            .find(|p| p.name == name && p.location == location)
    };
    let mut parameters: Vec<Value> = path_params(path)
        .map(|name| match typed(name, "path") {
            Some(param) => param_object(param),
            None => json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }),
        })
        .collect();
    let unread = |name: &str| operation.unread_headers.iter().any(|u| u.eq_ignore_ascii_case(name));
    parameters.extend(operation.query.iter().filter(|(name, _)| typed(name, "query").is_none()).map(|(name, meaning)| {
        json!({ "name": name, "in": "query", "required": false, "description": meaning, "schema": { "type": "string" } })
    }));
    parameters.extend(
        operation
            .params
            .iter()
            .filter(|p| p.location != "path")
            .map(param_object),
    );
    let header_given = |name: &str| {
        operation
            .params
            .iter()
            .chain(&surface.header_params)
            .any(|p| p.location == "header" && p.name.eq_ignore_ascii_case(name))
    };
    parameters.extend(surface.headers.iter().filter(|(name, _, _)| !header_given(name) && !unread(name)).map(|(name, required, meaning)| {
        if name.eq_ignore_ascii_case(tenant::TENANT_HEADER) {
            param_object(&tenant_param(meaning))
        } else {
            let required = *required && !exempt(name);
            json!({ "name": name, "in": "header", "required": required, "description": meaning, "schema": { "type": "string" } })
        }
    }));
    parameters.extend(
        surface
            .header_params
            .iter()
            .filter(|p| {
                !unread(p.name)
                    && !operation
                        .params
                        .iter()
                        .any(|own| own.location == "header" && own.name.eq_ignore_ascii_case(p.name))
            })
            .map(|p| {
                let mut object = param_object(p);
                if exempt(p.name) {
                    object["required"] = json!(false);
                }
                object
            }),
    );
    let mut responses = Map::new();
    for (status, meaning, example) in &operation.responses {
        responses.insert(
            status.to_string(),
            response_object(surface, operation, *status, meaning, Some(example)),
        );
    }
    if let Some(shape) = &surface.errors {
        let unauthorized = (shape.auth && !operation.public).then_some(GENERIC_UNAUTHORIZED);
        for (status, meaning) in GENERIC_STATUSES
            .into_iter()
            .chain(unauthorized)
            .chain(shape.extra.iter().copied())
        {
            responses
                .entry(status.to_string())
                .or_insert_with(|| response_object(surface, operation, status, meaning, None));
        }
    }
    // After the generic statuses, so a refusal of one of them keeps its generic meaning too.
    for status in refusal_statuses(operation) {
        let response = responses
            .entry(status.to_string())
            .or_insert_with(|| response_object(surface, operation, status, "", None));
        with_refusals(response, operation, status);
    }
    // A vendor's gateway refuses U+0000 in every string of a query or a body; a path or header
    // cannot carry it to a handler. The control plane refuses it only where it keeps the string.
    let refuses_nul = surface.errors.is_some_and(|shape| shape.refuses_nul);
    for parameter in parameters
        .iter_mut()
        .filter(|parameter| refuses_nul && parameter["in"] == "query")
    {
        schema::refuse_nul(&mut parameter["schema"]);
    }
    let mut object = json!({
        "tags": [surface.name],
        "summary": operation.summary,
        "operationId": format!("{}_{}_{}", surface.name, operation.method, operation_slug(path)),
        "parameters": parameters,
        "responses": responses,
    });
    if !operation.description.is_empty() {
        object["description"] = json!(operation.description);
    }
    let refusals = published_refusals(operation);
    if !refusals.is_empty() {
        object[REFUSALS_EXTENSION] = Value::Array(refusals);
    }
    let request_schema = operation
        .request_schema
        .clone()
        .or_else(|| operation.request.as_ref().map(request_schema_of))
        .map(|mut schema| {
            if refuses_nul {
                schema::refuse_nul(&mut schema);
            }
            schema
        });
    if let Some(schema) = request_schema {
        let mut content = json!({ "schema": schema });
        if let Some(example) = &operation.request {
            content["example"] = example.clone();
        }
        object["requestBody"] =
            json!({ "required": !operation.body_optional, "content": { operation.request_media: content } });
    }
    object
}

/// The statuses of an operation's state refusals, each once, in order.
fn refusal_statuses(operation: &Operation) -> Vec<u16> {
    let mut statuses: Vec<u16> = operation.refusals.iter().map(|refusal| refusal.status).collect();
    statuses.sort_unstable();
    statuses.dedup();
    statuses
}

/// The [`REFUSALS_EXTENSION`] entries of an operation: each body a refusal may answer, once, by
/// status.
fn published_refusals(operation: &Operation) -> Vec<Value> {
    let mut entries: Vec<Value> = Vec::new();
    for status in refusal_statuses(operation) {
        for refusal in operation.refusals.iter().filter(|refusal| refusal.status == status) {
            for entry in refusal.marks.iter().map(|mark| mark.published(status)) {
                if !entries.contains(&entry) {
                    entries.push(entry);
                }
            }
        }
    }
    entries
}

/// A response of `status` that also answers the operation's refusals of that status: its
/// description says when each happens, and each is one of its examples (beside the response's
/// own example, when it has one).
fn with_refusals(response: &mut Value, operation: &Operation, status: u16) {
    let refusals: Vec<&Refusal> = operation
        .refusals
        .iter()
        .filter(|refusal| refusal.status == status)
        .collect();
    let whens: Vec<&str> = refusals.iter().map(|refusal| refusal.when).collect();
    let meaning = response["description"].as_str().unwrap_or_default();
    let refused = format!("Refused although the schema admits the request: {}", whens.join("; "));
    response["description"] = json!(if meaning.is_empty() {
        refused
    } else {
        format!("{meaning}. {refused}")
    });
    let Some(content) = response["content"]
        .as_object_mut()
        .and_then(|content| content.values_mut().next())
    else {
        return;
    };
    let mut examples = Map::new();
    if let Some(example) = content.as_object_mut().and_then(|content| content.remove("example")) {
        examples.insert("documented".to_owned(), json!({ "value": example }));
    }
    for (index, refusal) in refusals.iter().enumerate() {
        examples.insert(
            format!("refusal-{}", index + 1),
            json!({ "summary": refusal.when, "value": refusal.example }),
        );
    }
    content["examples"] = Value::Object(examples);
}

/// What the tenant header means on every vendor surface.
pub const VENDOR_TENANT: &str =
    "The emulator tenant (default: default). A client that can set only a base URL names it \
     in the path instead, /_t/{tenant}/<vendor>/…; naming two different tenants both ways is a 400";

/// The tenant header, with the pattern the platform checks.
pub fn tenant_param(meaning: &'static str) -> Param {
    Param::header(
        "X-Emulator-Tenant",
        false,
        meaning,
        json!({ "type": "string", "pattern": tenant::TENANT_PATTERN }),
    )
}

fn param_object(param: &Param) -> Value {
    let mut object =
        json!({ "name": param.name, "in": param.location, "required": param.required, "schema": param.schema });
    if !param.description.is_empty() {
        object["description"] = json!(param.description);
    }
    object
}

fn response_object(
    surface: &Surface,
    operation: &Operation,
    status: u16,
    meaning: &str,
    example: Option<&Value>,
) -> Value {
    // 204 No Content carries no body, so it declares none.
    if status == 204 {
        return json!({ "description": meaning });
    }
    let doc = operation.doc_of(status);
    let media = doc.and_then(|doc| doc.media).unwrap_or("application/json");
    let given = doc.and_then(|doc| doc.schema.clone());
    let shape = surface.errors.as_ref();
    let schema = match (given, shape) {
        (Some(schema), _) => schema,
        (None, Some(shape)) if status >= 400 => (shape.schema)(status),
        (None, _) => example.map(response_schema_of).unwrap_or_else(|| json!({})),
    };
    let schema = match shape {
        Some(shape) if shape.errors_in_200 && status == 200 => json!({ "anyOf": [schema, (shape.schema)(200)] }),
        _ => schema,
    };
    let mut content = json!({ "schema": schema });
    if let Some(example) = example.filter(|example| !example.is_null() || media == "application/json") {
        if media == "application/json" || example.is_string() {
            content["example"] = example.clone();
        }
    }
    json!({ "description": meaning, "content": { media: content } })
}

fn path_params(path: &str) -> impl Iterator<Item = &str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.split('}').next())
}

fn operation_slug(path: &str) -> String {
    path.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .trim_matches('_')
        .to_owned()
}

/// The schema of a request body that only has an example: its kind (an object of the example's
/// members, an array), the members themselves unconstrained, so the example claims no rule the
/// validator may not check.
pub fn request_schema_of(example: &Value) -> Value {
    match example {
        Value::Object(members) => {
            let properties: Map<String, Value> = members.keys().map(|k| (k.clone(), json!({}))).collect();
            json!({ "type": "object", "properties": properties })
        }
        Value::Array(_) => json!({ "type": "array" }),
        other => schema_of(other),
    }
}

/// A JSON Schema describing answers shaped like `example`: as [`schema_of`], but a member the
/// example shows as `null` admits any value, and a scalar or object member may also be `null`
/// (the example shows a filled one, an answer may have none).
pub fn response_schema_of(example: &Value) -> Value {
    match example {
        Value::Null => json!({}),
        Value::String(_) => json!({ "type": ["string", "null"] }),
        Value::Array(items) => match items.first() {
            Some(first) => json!({ "type": "array", "items": response_schema_of(first) }),
            None => json!({ "type": "array" }),
        },
        Value::Object(members) => {
            let properties: Map<String, Value> =
                members.iter().map(|(k, v)| (k.clone(), member_schema_of(v))).collect();
            json!({ "type": "object", "properties": properties })
        }
        Value::Number(_) => json!({ "type": ["number", "null"] }),
        Value::Bool(_) => json!({ "type": ["boolean", "null"] }),
    }
}

/// A member of an answer: as [`response_schema_of`], and a member object may be `null` too (the
/// example shows a sale's receipt; a sale may have none).
fn member_schema_of(example: &Value) -> Value {
    let mut schema = response_schema_of(example);
    if example.is_object() {
        schema["type"] = json!(["object", "null"]);
    }
    schema
}

/// A JSON Schema describing values shaped like `example`.
pub fn schema_of(example: &Value) -> Value {
    match example {
        Value::Null => json!({ "type": "null" }),
        Value::Bool(_) => json!({ "type": "boolean" }),
        Value::Number(n) if n.is_i64() || n.is_u64() => json!({ "type": "integer" }),
        Value::Number(_) => json!({ "type": "number" }),
        Value::String(_) => json!({ "type": "string" }),
        Value::Array(items) => match items.first() {
            Some(first) => json!({ "type": "array", "items": schema_of(first) }),
            None => json!({ "type": "array" }),
        },
        Value::Object(members) => {
            let properties: Map<String, Value> = members.iter().map(|(k, v)| (k.clone(), schema_of(v))).collect();
            json!({ "type": "object", "properties": properties })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_follow_examples() {
        let schema = schema_of(&json!({ "code": "X", "n": 1, "ok": true, "items": [{ "guid": "g" }], "none": null }));
        assert_eq!(schema["properties"]["code"]["type"], "string");
        assert_eq!(schema["properties"]["n"]["type"], "integer");
        assert_eq!(
            schema["properties"]["items"]["items"]["properties"]["guid"]["type"],
            "string"
        );
        assert_eq!(schema["properties"]["none"]["type"], "null");
    }

    #[test]
    fn refusals_are_documented_answers_listed_in_the_extension() {
        let surface = Surface {
            name: "acme",
            title: "Acme",
            prefix: "/acme",
            routes: Vec::new(),
            operations: Vec::new(),
            headers: &[],
            header_params: Vec::new(),
            errors: None,
        };
        let error = |text: &str| json!({ "error": text });
        let taken = |name: &str| {
            Refused::new(
                error(&format!("taken: {name}")),
                Mark::StartsWith("/error".to_owned(), "taken: ".to_owned()),
            )
        };
        let operation = Operation::new("post", "/things", "Add a thing")
            .response(200, "Added", json!({ "id": 1 }))
            .response(422, "Invalid", error("name: too long"))
            .refusal(422, "the name is taken", taken("bolt"))
            .refusal(
                409,
                "the tenant holds 100 things",
                Refused::new(error("full"), Mark::is("/error", "full")),
            )
            .refusal(
                422,
                "the thing is archived, or its maker is",
                Refused::new(error("archived"), Mark::is("/error", "archived")).or(Refused::new(
                    json!({ "error": "x", "maker": 1 }),
                    Mark::has("", "maker"),
                )),
            )
            .refusal(422, "another name is taken", taken("nut"));
        let object = operation_object(&surface, &operation, &route("/things", &[]));
        assert_eq!(
            object[REFUSALS_EXTENSION],
            json!([
                { "status": 409, "member": "/error", "equals": "full" },
                { "status": 422, "member": "/error", "startsWith": "taken: " },
                { "status": 422, "member": "/error", "equals": "archived" },
                { "status": 422, "member": "/maker" },
            ]),
            "each body once, by status"
        );
        let unprocessable = &object["responses"]["422"];
        assert_eq!(
            unprocessable["description"],
            "Invalid. Refused although the schema admits the request: the name is taken; the thing is archived, or its maker is; another name is taken"
        );
        let examples = &unprocessable["content"]["application/json"]["examples"];
        assert_eq!(examples["documented"]["value"]["error"], "name: too long");
        assert_eq!(examples["refusal-2"]["value"]["error"], "archived");
        assert!(unprocessable["content"]["application/json"].get("example").is_none());
        let conflict = &object["responses"]["409"];
        assert_eq!(
            conflict["content"]["application/json"]["examples"]["refusal-1"]["summary"],
            "the tenant holds 100 things"
        );
        let plain = operation_object(
            &surface,
            &Operation::new("get", "/things", "List"),
            &route("/things", &[]),
        );
        assert!(plain.get(REFUSALS_EXTENSION).is_none());
    }

    fn route(path: &str, exempt_headers: &'static [&'static str]) -> RecordedRoute {
        RecordedRoute {
            method: "get",
            path: path.to_owned(),
            key: path.to_owned(),
            exempt_headers,
        }
    }

    #[test]
    fn a_route_exempt_from_a_required_header_declares_it_optional() {
        let surface = Surface {
            name: "acme",
            title: "Acme",
            prefix: "/acme",
            routes: Vec::new(),
            operations: Vec::new(),
            headers: &[("X-Client", true, "who calls")],
            header_params: vec![Param::header("X-Kind", true, "what calls", json!({ "type": "string" }))],
            errors: None,
        };
        let operation = Operation::new("get", "/things", "List");
        let required = |object: &Value, name: &str| {
            object["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["name"] == name)
                .unwrap()["required"]
                .clone()
        };
        let strict = operation_object(&surface, &operation, &route("/things", &[]));
        let lenient = operation_object(&surface, &operation, &route("/old/things", &["x-client", "X-Kind"]));
        for name in ["X-Client", "X-Kind"] {
            assert_eq!(required(&strict, name), true, "{name}");
            assert_eq!(required(&lenient, name), false, "{name}");
        }
    }

    #[test]
    fn a_mark_tells_its_body_from_others() {
        let body = json!({ "code": "NotUnique", "message": "no sale 42", "errors": { "a/b": ["taken"] } });
        assert!(Mark::is("/code", "NotUnique").matches(&body));
        assert!(!Mark::is("/code", "NotFound").matches(&body));
        assert!(!Mark::is("/nothing", "NotUnique").matches(&body));
        assert!(Mark::StartsWith("/message".to_owned(), "no sale ".to_owned()).matches(&body));
        assert!(!Mark::StartsWith("/message".to_owned(), "no payment ".to_owned()).matches(&body));
        assert!(!Mark::StartsWith("/code".to_owned(), "NotUnique!".to_owned()).matches(&body));
        assert!(Mark::has("/errors", "a/b").matches(&body), "a member name is escaped");
        assert!(!Mark::has("/errors", "a").matches(&body));
        assert!(Mark::Filled("/errors".to_owned()).matches(&body));
        assert!(!Mark::Filled("/errors".to_owned()).matches(&json!({ "errors": {} })));
        assert!(!Mark::Filled("/errors".to_owned()).matches(&json!({ "errors": [] })));
    }

    #[test]
    fn path_parameters_come_from_the_template() {
        let names: Vec<&str> = path_params("/orgs/{org}/workplaces/{guid}").collect();
        assert_eq!(names, ["org", "guid"]);
    }
}
