//! What the platform knows of a vendor: the name it goes by everywhere (config, fixtures, journal,
//! outbox) and how it shapes an error body. The vendors build these in `crate::vendors`; the
//! platform never names one.

use std::fmt;
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::Response;

/// Turns a status and a message into the vendor's own error answer.
pub type ErrorShaper = Arc<dyn Fn(StatusCode, &str) -> Response + Send + Sync>;

/// Turns the request's path, a field's name and what is wrong with it into the vendor's own
/// validation error (the path, for a vendor whose endpoints answer in more than one shape).
pub type FieldErrorShaper = Arc<dyn Fn(&str, &str, &str) -> Response + Send + Sync>;

#[derive(Clone)]
pub struct Vendor {
    name: &'static str,
    shape_error: ErrorShaper,
    shape_invalid_field: FieldErrorShaper,
    pure_reads: bool,
}

impl Vendor {
    pub fn new(name: &'static str, shape_error: ErrorShaper, shape_invalid_field: FieldErrorShaper) -> Vendor {
        Vendor {
            name,
            shape_error,
            shape_invalid_field,
            pure_reads: false,
        }
    }

    /// Says that this vendor's GET and HEAD requests never write, so their answers may be kept
    /// (`read_cache`) until a request that may write comes.
    pub fn with_pure_reads(mut self) -> Vendor {
        self.pure_reads = true;
        self
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn has_pure_reads(&self) -> bool {
        self.pure_reads
    }

    /// The vendor's own error body for a failure found outside its handlers: a bad tenant name,
    /// an oversized body, a timeout, a panic, an unknown path, an injected fault.
    pub fn error(&self, status: StatusCode, message: &str) -> Response {
        (self.shape_error)(status, message)
    }

    /// The vendor's own validation error naming one field of a request (a query parameter, a
    /// body member) that the platform refuses before the vendor's handler sees it.
    pub fn invalid_field(&self, path: &str, field: &str, message: &str) -> Response {
        (self.shape_invalid_field)(path, field, message)
    }
}

impl fmt::Debug for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Vendor").field(&self.name).finish()
    }
}
