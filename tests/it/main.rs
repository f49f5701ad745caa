#![allow(clippy::unwrap_used)] // a test fails loudly on what it did not expect

//! The integration suite as one test binary, so the shared helpers compile once. Each module is
//! one area; every test that touches storage runs on SQLite and on PostgreSQL (`on_both_engines!`).

#[macro_use]
mod common;

mod cli;
mod cloudtips;
mod cloudtips_docs;
mod cloudtips_receiver_api;
mod control;
mod control_web_pages;
mod dashboard;
mod db_writes;
mod doc_links;
mod edin;
mod edin_certificates;
mod ergonomics;
mod faults;
mod journal;
mod json_patch_bounds;
mod lifepos_activation;
mod lifepos_orgs;
mod lifepos_sales;
mod lifepos_till;
mod lifepos_wire;
mod lifepos_workplaces;
mod list_limits;
mod nul_strings;
mod openapi;
mod read_cache;
mod reliability;
mod schema;
mod sup;
mod sup_connections;
mod sup_docs;
mod tenant_in_path;
mod tenants;
