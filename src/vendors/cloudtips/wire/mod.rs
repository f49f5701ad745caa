//! What CloudTips operations take and answer, declared once (see `platform::wire`): the spec
//! publishes these types' schemas and requests are checked against them, in the words of
//! [`words::CloudtipsWords`], after the vendor's binding (`api/binding.rs`: names in any case,
//! query values trimmed). By area: `receivers`, `places`, `attach`, `payment_pages`, `own` (the
//! receiver's own API), `token`; shared: `json_patch`, `paging`, `values` (single values' rules).
//! Beside them the error table (`error.rs`) and what the spec says beyond the types
//! (`openapi.rs`).

pub mod attach;
pub mod envelope;
pub mod error;
pub mod json_patch;
pub mod openapi;
pub mod own;
pub mod paging;
pub mod payment_pages;
pub mod places;
pub mod receivers;
pub mod token;
pub mod values;
pub mod words;
