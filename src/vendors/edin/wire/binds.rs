//! `POST /Api/V1/Certificate/SetBind` (SetBind, SetBind_errors): `cert_id`, `bind_action` (1 add,
//! 2 remove) and `product_binds`, each entry filling one of `gtin` (≤ 20), `article_supplier`,
//! `article_buyer` (≤ 30), `uktved` (4–10 digits), `dkpp` (`DD.DD.DD-DD.DD`) at least.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::vendors::edin::store::binds::ProductBind;
use crate::vendors::edin::wire::directories::BindActions;
use crate::vendors::edin::wire::values::{members, members_one_given, Code, Dkpp, Number, Text, Uktved};
use crate::vendors::edin::wire::words;

#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = members)]
pub struct BindChange {
    pub cert_id: Number,
    pub bind_action: Code<BindActions>,
    #[schemars(length(min = 1))]
    pub product_binds: Vec<BindEntry>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = members_one_given, extend("x-problem" = words::EMPTY_BINDS))]
pub struct BindEntry {
    #[serde(default)]
    pub gtin: Option<Text<20>>,
    #[serde(default)]
    pub article_supplier: Option<Text<30>>,
    #[serde(default)]
    pub article_buyer: Option<Text<30>>,
    #[serde(default)]
    pub uktved: Option<Uktved>,
    #[serde(default)]
    pub dkpp: Option<Dkpp>,
}

impl From<&BindEntry> for ProductBind {
    /// A field the entry leaves out is stored as `""`, which matches any value when removing.
    fn from(entry: &BindEntry) -> ProductBind {
        ProductBind {
            gtin: Text::or_empty(&entry.gtin),
            article_supplier: Text::or_empty(&entry.article_supplier),
            article_buyer: Text::or_empty(&entry.article_buyer),
            uktved: entry.uktved.as_ref().map(|code| code.0.clone()).unwrap_or_default(),
            dkpp: entry.dkpp.as_ref().map(|code| code.0.clone()).unwrap_or_default(),
        }
    }
}
