//! A router that remembers what it serves, so the spec can be checked against it.

use std::collections::HashSet;
use std::sync::Arc;

use axum::handler::Handler;
use axum::routing::{delete, get, patch, post, put, MethodRouter};
use axum::Router;

use crate::state::AppState;

/// A registered route: the method, the full path within the surface, and the path as its own
/// (possibly nested) router registered it, which is what documentation is keyed by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRoute {
    pub method: &'static str,
    pub path: String,
    pub key: String,
    /// Headers the surface requires elsewhere that this route does not (`nest_exempt`).
    pub exempt_headers: &'static [&'static str],
}

/// Adds a vendor's own answer for a method a path does not serve.
type MethodFallback = Arc<dyn Fn(MethodRouter<AppState>) -> MethodRouter<AppState> + Send + Sync>;

#[derive(Clone, Default)]
pub struct ApiRouter {
    router: Router<AppState>,
    routes: Vec<RecordedRoute>,
    method_fallback: Option<MethodFallback>,
    /// Paths that already carry the method fallback (axum allows one per path).
    fallback_paths: HashSet<String>,
}

impl ApiRouter {
    pub fn new() -> ApiRouter {
        ApiRouter::default()
    }

    /// Answers methods a path does not serve with `handler` instead of axum's bare 405.
    pub fn method_fallback<H: Handler<T, AppState>, T: 'static>(mut self, handler: H) -> ApiRouter {
        self.method_fallback = Some(Arc::new(move |route| route.fallback(handler.clone())));
        self
    }

    fn add(mut self, method: &'static str, path: &str, mut route: MethodRouter<AppState>) -> ApiRouter {
        if let Some(fallback) = &self.method_fallback {
            if self.fallback_paths.insert(path.to_owned()) {
                route = fallback(route);
            }
        }
        self.router = self.router.route(path, route);
        self.routes.push(RecordedRoute {
            method,
            path: path.to_owned(),
            key: path.to_owned(),
            exempt_headers: &[],
        });
        self
    }

    pub fn get<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> ApiRouter {
        self.add("get", path, get(handler))
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> ApiRouter {
        self.add("post", path, post(handler))
    }

    pub fn patch<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> ApiRouter {
        self.add("patch", path, patch(handler))
    }

    pub fn put<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> ApiRouter {
        self.add("put", path, put(handler))
    }

    pub fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> ApiRouter {
        self.add("delete", path, delete(handler))
    }

    /// Serves `other` under `prefix` too (`""`: alongside); its routes keep their documentation keys.
    pub fn nest(self, prefix: &str, other: ApiRouter) -> ApiRouter {
        self.nest_exempt(prefix, other, &[])
    }

    /// Like `nest`, for routes that do not require `exempt`, headers the surface requires
    /// elsewhere: the spec then declares them optional on these routes.
    pub fn nest_exempt(mut self, prefix: &str, other: ApiRouter, exempt: &'static [&'static str]) -> ApiRouter {
        self.routes.extend(other.routes.into_iter().map(|route| RecordedRoute {
            path: format!("{prefix}{}", route.path),
            exempt_headers: if exempt.is_empty() {
                route.exempt_headers
            } else {
                exempt
            },
            ..route
        }));
        self.router = if prefix.is_empty() {
            self.router.merge(other.router)
        } else {
            self.router.nest(prefix, other.router)
        };
        self
    }

    /// Applies `f` to the underlying router (layers, fallbacks) without changing its routes.
    pub fn map(mut self, f: impl FnOnce(Router<AppState>) -> Router<AppState>) -> ApiRouter {
        self.router = f(self.router);
        self
    }

    pub fn routes(&self) -> &[RecordedRoute] {
        &self.routes
    }

    pub fn into_parts(self) -> (Router<AppState>, Vec<RecordedRoute>) {
        (self.router, self.routes)
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
