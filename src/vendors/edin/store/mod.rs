//! EDIN's storage: each resource's rows and their SQL, one SQL text for both engines.

pub mod binds;
pub mod certificates;
pub mod companies;
pub mod complaints;
pub mod files;
pub mod sequences;
pub mod sessions;
