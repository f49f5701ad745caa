//! What goes over EDIN's wire, declared once (see `platform::wire`): each request is a type whose
//! schema the spec publishes and the call is checked against ([`read`]), worded as the vendor
//! words a refusal ([`words`]); each answer is a type rendered as it is documented ([`answer`]);
//! every failure's code and text ([`error`]); the directories' codes ([`directories`]), the date
//! forms ([`dates`]) and what the spec says beyond the types ([`openapi`]).

pub mod access;
pub mod answer;
pub mod binds;
pub mod cards;
pub mod complaints;
pub mod dates;
pub mod directories;
pub mod error;
pub mod openapi;
pub mod read;
pub mod reads;
pub mod scans;
pub mod sign_in;
pub mod signed;
pub mod values;
pub mod words;

#[cfg(test)]
mod tests;
