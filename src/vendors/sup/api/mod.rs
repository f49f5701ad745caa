//! The СУП handlers, by resource, and the extractors that read a call.

pub mod auth;
pub mod cards;
pub mod categories;
pub mod employees;
pub mod limits;
pub mod request;
