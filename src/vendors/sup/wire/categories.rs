//! `POST /v1/category` with `{"nameCategory"}` → **201** `{"nameCategory", "idCategory"}`
//! (unwrapped, as the page answers). The page is cut before the name's limits: the emulator takes
//! a non-blank name of up to 255 characters, kept as sent; names need not be unique.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::platform::wire::NOT_BLANK;
use crate::vendors::sup::store::categories::CategoryRow;

pub const NAME_CHARS: usize = 255;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewCategory {
    #[schemars(length(max = NAME_CHARS), regex(pattern = NOT_BLANK))]
    #[schemars(extend("x-problem" = format!("Наименование: не длиннее {NAME_CHARS} символов")))]
    pub name_category: String,
}

/// As the vendor's 201 answers it.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub name_category: String,
    pub id_category: String,
}

impl From<CategoryRow> for Category {
    fn from(row: CategoryRow) -> Category {
        Category {
            name_category: row.name_category,
            id_category: row.id_category,
        }
    }
}
