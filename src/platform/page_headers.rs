//! The headers of an HTML page the emulator serves (the dashboard, the API docs). Such a page
//! shows tenant state and drives the control plane, so another site may not frame it (clickjacking)
//! and it runs nothing but its own inline script and style, allowed by their SHA-256: text that
//! reached the page from a request body (the journal shows bodies) can never run as script.

use std::sync::OnceLock;

use axum::http::header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use axum::http::{HeaderName, HeaderValue};
use axum::response::{Html, IntoResponse, Response};

/// A page with its inline `<script>` and `<style>` elements allowed by hash, and nothing else.
pub struct SecuredPage {
    page: &'static str,
    headers: OnceLock<Vec<(HeaderName, HeaderValue)>>,
}

impl SecuredPage {
    pub const fn new(page: &'static str) -> SecuredPage {
        SecuredPage {
            page,
            headers: OnceLock::new(),
        }
    }

    pub fn response(&self) -> Response {
        let headers = self.headers.get_or_init(|| headers_for(self.page));
        let mut response = Html(self.page).into_response();
        response.headers_mut().extend(headers.iter().cloned());
        response
    }
}

fn headers_for(page: &str) -> Vec<(HeaderName, HeaderValue)> {
    let sources = |element: &str| {
        inline_texts(page, element)
            .into_iter()
            .map(|text| format!("'{}'", sha256_source(text)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let policy = format!(
        "default-src 'none'; script-src {}; style-src {}; connect-src 'self'; img-src 'self' data:; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        sources("script"),
        sources("style"),
    );
    [
        (CONTENT_SECURITY_POLICY, policy.as_str()),
        (X_FRAME_OPTIONS, "DENY"),
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (REFERRER_POLICY, "no-referrer"),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some((name, HeaderValue::from_str(value).ok()?)))
    .collect()
}

/// The text inside each `<element>…</element>` of the page (elements written without attributes,
/// as these pages write them).
fn inline_texts<'a>(page: &'a str, element: &str) -> Vec<&'a str> {
    let open = format!("<{element}>");
    let close = format!("</{element}>");
    page.split(open.as_str())
        .skip(1)
        .filter_map(|rest| rest.split_once(close.as_str()).map(|(text, _)| text))
        .collect()
}

/// A CSP source allowing exactly this inline text.
fn sha256_source(text: &str) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_inline_script_and_style_is_allowed_by_its_hash() {
        let page = SecuredPage::new("<style>b{}</style><p>x</p><script>1</script><script>2</script>");
        let response = page.response();
        let policy = response.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
        for text in ["b{}", "1", "2"] {
            assert!(policy.contains(&sha256_source(text)), "{text}: {policy}");
        }
        assert!(policy.contains("frame-ancestors 'none'"));
        assert_eq!(response.headers()[X_FRAME_OPTIONS], "DENY");
        assert_eq!(response.headers()[X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}
