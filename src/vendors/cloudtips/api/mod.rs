//! The handlers of the CloudTips API by resource (no SQL: each resource's store is in `store/`),
//! the extractors of its credentials (`auth.rs`) and of its requests (`binding.rs`), and what
//! handlers share: the searches' matching (`search.rs`, `place_search.rs`) and JSON Patch's
//! application (`patching.rs`).

pub mod attach;
pub mod auth;
pub mod binding;
pub mod cards;
pub mod create_many;
pub mod me;
pub mod patching;
pub mod payment_pages;
pub mod photos;
pub mod place_search;
pub mod places;
pub mod receivers;
pub mod search;
pub mod timeline;
