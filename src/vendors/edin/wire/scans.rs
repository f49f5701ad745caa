//! `POST /Api/V1/Certificate/AttachScan`: `cert_id`, `file_body` (base64) and `file_name`
//! (≤ 255), → `file_id`. The page's error list is not published: the wording is the other
//! methods'.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::vendors::edin::wire::values::{members, Base64Text, Number, Text};
use crate::vendors::edin::wire::words;

#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = members)]
pub struct Scan {
    pub cert_id: Number,
    #[schemars(extend("x-invalid" = words::unquoted("file_body", words::BASE64_RULE)))]
    pub file_body: Base64Text,
    pub file_name: Text<255>,
}

/// AttachScan's answer: the new file's id, a string as the page's example shows it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Attached {
    pub file_id: String,
}
