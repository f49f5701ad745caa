//! CloudTips' rows and their SQL, one file a resource (`layout.rs`: payment pages; `account.rs`: a
//! receiver's own login and balance), shared by the handlers and the fixture section. Every
//! invariant is a unique index a write may violate (`db::UniqueIndex`).

pub mod account;
pub mod attach_code;
pub mod card;
pub mod layout;
pub mod partner;
pub mod photo;
pub mod place;
pub mod receiver;
pub mod registration_link;
pub mod timeline_item;
pub mod token;
