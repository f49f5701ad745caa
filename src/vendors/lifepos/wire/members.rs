//! The members several LIFE POS declarations share, each declared once: a phone, an e-mail, a
//! password, a `version`, a reference to another entity, and a member kept as sent.
//!
//! The phone rule of the v6 pages (sign-in-by-phone, employees, support contacts) is 10 to 18
//! characters matching `((8|\+7)-?)?\(?\d{3,5}\)?-?\d{1}-?\d{1}-?\d{1}-?\d{1}-?\d{1}((-?\d{1})?-?\d{1})?`.
//! The pages print the pattern without `^`/`$`; it is matched against the whole value, as
//! ASP.NET's `[RegularExpression]` validation (which the API's `application/*+json` content types
//! point to) does: `+7(999)000-00-01` passes, `+7 999 000 00 01` (spaces) does not.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use uuid::Uuid;

pub const PHONE_CHARS: std::ops::RangeInclusive<usize> = 10..=18;
/// The pages' phone pattern, anchored (the whole value).
pub const PHONE_PATTERN: &str = r"^((8|\+7)-?)?\(?\d{3,5}\)?-?\d{1}-?\d{1}-?\d{1}-?\d{1}-?\d{1}((-?\d{1})?-?\d{1})?$";

/// A phone as the pages write it.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Phone(
    #[schemars(length(min = *PHONE_CHARS.start(), max = *PHONE_CHARS.end()), regex(pattern = PHONE_PATTERN))]
    #[schemars(extend("x-problem" = "номер телефона от 10 до 18 символов в формате +7XXXXXXXXXX, 8XXXXXXXXXX или XXXXXXXXXX"))]
    pub String,
);

/// The pages' e-mail rule: [`EMAIL_CHARS`] characters matching [`EMAIL_PATTERN`].
pub const EMAIL_PATTERN: &str = "^([a-zA-Z0-9_\\-\\.]+)@([a-zA-Z0-9_\\-\\.]+)\\.([a-zA-Z]{2,5})$";
pub const EMAIL_CHARS: std::ops::RangeInclusive<usize> = 6..=64;

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Email(
    #[schemars(length(min = *EMAIL_CHARS.start(), max = *EMAIL_CHARS.end()), regex(pattern = EMAIL_PATTERN))]
    #[schemars(extend("x-problem" = "адрес электронной почты от 6 до 64 символов, например user@example.com"))]
    pub String,
);

/// The pages' `password`: 6 to 32 characters.
pub const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 6..=32;

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Password(#[schemars(length(min = *PASSWORD_CHARS.start(), max = *PASSWORD_CHARS.end()))] pub String);

/// `version`, as every extension on the pages has it: "non-empty and <= 8 characters".
pub const VERSION_CHARS: std::ops::RangeInclusive<usize> = 1..=8;

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Version(#[schemars(length(min = *VERSION_CHARS.start(), max = *VERSION_CHARS.end()))] pub String);

/// A reference to another entity: `{"guid": …}` (a `type_of` beside it is taken as it is), or the
/// bare guid, as public clients send both.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(extend("x-problem" = "ожидается объект {\"guid\": \"…\"}"))]
pub enum Reference {
    Guid(Uuid),
    Object { guid: Uuid },
}

impl Reference {
    /// The guid, in its stored form.
    pub fn guid(&self) -> String {
        match self {
            Reference::Guid(guid) | Reference::Object { guid } => guid.to_string(),
        }
    }
}

/// A reference in an answer: `{"guid", "type_of"}`, `type_of` naming the entity's kind.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct EntityRef {
    pub guid: String,
    pub type_of: &'static str,
}

impl EntityRef {
    pub fn new(guid: &str, type_of: &'static str) -> EntityRef {
        EntityRef {
            guid: guid.to_owned(),
            type_of,
        }
    }

    /// A reference to an entity that may be absent (null).
    pub fn optional(guid: Option<&str>, type_of: &'static str) -> Option<EntityRef> {
        guid.map(|guid| EntityRef::new(guid, type_of))
    }
}

/// A member checked against `T`'s declaration and kept as sent: extensions and support contacts
/// are stored and echoed as the client gave them (members without a printed rule included), and
/// read as `T` where a handler needs their values.
#[derive(Clone, Debug)]
pub struct AsSent<T> {
    pub value: Value,
    pub declared: T,
}

impl<T: JsonSchema> JsonSchema for AsSent<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for AsSent<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<AsSent<T>, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let declared = T::deserialize(&value).map_err(serde::de::Error::custom)?;
        Ok(AsSent { value, declared })
    }
}
