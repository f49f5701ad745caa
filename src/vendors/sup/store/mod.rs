//! СУП rows in storage and their statements, by table; the invariants a write can break are the
//! tables' unique indexes, named next to their statements.

pub mod cards;
pub mod categories;
pub mod clients;
pub mod employees;
pub mod nonces;
