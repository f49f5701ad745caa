//! What EDIN's operations take and answer, declared once (see `platform::wire`): each request is a
//! type whose schema the spec publishes and the call is checked against ([`read`]), worded as the
//! vendor words a refusal ([`words`]); each answer is a type rendered as it is documented
//! ([`answer`]).

pub mod access;
pub mod answer;
pub mod binds;
pub mod cards;
pub mod complaints;
pub mod read;
pub mod reads;
pub mod scans;
pub mod sign_in;
pub mod signed;
pub mod values;
pub mod words;

#[cfg(test)]
mod tests;
