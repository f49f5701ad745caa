//! OpenAPI 3.1 of every vendor surface and of the control plane.
//!
//! Routers are built through [`ApiRouter`], which records every method and path it registers; each
//! vendor documents its operations in its `openapi.rs` (examples from its seed document), and the
//! spec is assembled from the recorded routes, so it lists exactly what is served. A route without
//! documentation is a test failure, not a silent gap. Request schemas are derived from the
//! documented examples.

mod docs_page;
mod router;

pub use docs_page::docs_page;
pub use router::{ApiRouter, RecordedRoute};

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
}

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
            entry[route.method] = operation_object(surface, operation, &route.path);
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

fn operation_object(surface: &Surface, operation: &Operation, path: &str) -> Value {
    let mut parameters: Vec<Value> = path_params(path)
        .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
        .collect();
    parameters.extend(operation.query.iter().map(|(name, meaning)| {
        json!({ "name": name, "in": "query", "required": false, "description": meaning, "schema": { "type": "string" } })
    }));
    parameters.extend(surface.headers.iter().map(|(name, required, meaning)| {
        json!({ "name": name, "in": "header", "required": required, "description": meaning, "schema": { "type": "string" } })
    }));
    let responses: Map<String, Value> = operation
        .responses
        .iter()
        .map(|(status, meaning, example)| {
            // 204 No Content carries no body, so it declares none.
            let response = if *status == 204 {
                json!({ "description": meaning })
            } else {
                json!({ "description": meaning, "content": { "application/json": { "schema": schema_of(example), "example": example } } })
            };
            (status.to_string(), response)
        })
        .collect();
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
    if let Some(example) = &operation.request {
        object["requestBody"] = json!({
            "required": true,
            "content": { "application/json": { "schema": schema_of(example), "example": example } },
        });
    }
    object
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
    fn path_parameters_come_from_the_template() {
        let names: Vec<&str> = path_params("/orgs/{org}/workplaces/{guid}").collect();
        assert_eq!(names, ["org", "guid"]);
    }
}
