//! The LIFE POS handlers, one module per resource, and the extractors and layers they share.

pub mod access;
pub mod activation;
pub mod auth;
pub mod employees;
pub mod fiscal_registrars;
pub mod headers;
pub mod notify;
pub mod orgs;
pub mod outlets;
pub mod patch;
pub mod request;
pub mod sales;
pub mod sign_in;
pub mod terminals;
pub mod till;
pub mod workplaces;
