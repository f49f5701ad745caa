//! `GET /_emulator/ui`: the dashboard a tester keeps open while a suite runs — every vendor's
//! state as tables, the SMS outbox with its codes, the journal as a live tail, the clock, fault
//! rules and reset — as one page with its script and styles inline (no CDN: it works offline).
//! The page itself shows nothing until its script calls the control plane with the tenant and
//! (when one is configured) the control token typed into it, so it needs no token to load.
//!
//! The page's parts live beside this file (`dashboard/`) so they can be read and edited as HTML,
//! CSS and JavaScript; they are put together at compile time.

use axum::response::Response;

use crate::platform::page_headers::SecuredPage;

pub async fn dashboard() -> Response {
    static DASHBOARD: SecuredPage = SecuredPage::new(PAGE);
    DASHBOARD.response()
}

const PAGE: &str = concat!(
    include_str!("dashboard/head.html"),
    "<style>\n",
    include_str!("dashboard/dashboard.css"),
    "</style>\n",
    include_str!("dashboard/body.html"),
    "<script>\n",
    include_str!("dashboard/dashboard.js"),
    "</script>\n</body>\n</html>\n",
);
