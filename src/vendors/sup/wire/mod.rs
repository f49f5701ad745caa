//! What СУП operations take and answer, declared once (see `platform::wire`): the spec publishes
//! these types' schemas and requests are checked against them, in the words of
//! [`words::SupWords`].

pub mod words;
