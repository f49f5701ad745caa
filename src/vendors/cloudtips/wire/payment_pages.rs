//! A payment page's texts as a JSON Patch leaves them: every member the patch may touch, no
//! other.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::vendors::cloudtips::wire::values::http_url_or_empty;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PageContent {
    pub name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub text: Option<String>,
    pub work_info: Option<WorkInfo>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WorkInfo {
    /// An `http(s)` URL; an empty one is none.
    #[schemars(regex(pattern = http_url_or_empty()), extend("x-problem" = "Некорректная ссылка"))]
    pub channel_url: Option<String>,
}
