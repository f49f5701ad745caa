//! EDIN's handlers, one module an operation or a family of them, and the extractor every one reads
//! its call with ([`call::Call`]).

pub mod access;
pub mod binds;
pub mod call;
pub mod complaints;
pub mod create;
pub mod directories;
pub mod reads;
pub mod scans;
pub mod sign_in;
pub mod unmatched;
