//! What CloudTips operations take and answer, declared once (see `platform::wire`): the spec
//! publishes these types' schemas and requests are checked against them, in the words of
//! [`words::CloudtipsWords`].

pub mod values;
pub mod words;
