//! The directories of the certificate API (`ShowAccessActions`, `ShowAccessTypes`,
//! `ShowBindActions`, `ShowTypes`, `ShowSubTypes`, `ShowErrorTypes`), each exactly the list of its
//! page: the codes requests take (`values::Code`) and the names the certificate answers take from
//! them. `api::directories` serves them.
//!
//! The pages' examples print some keys as `"name "`; their tables, and this emulator, spell it
//! `name`. `\/` in the ShowTypes example is JSON for `/`.

use std::borrow::Cow;
use std::marker::PhantomData;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::vendors::edin::wire::values::Directory;

/// One directory: the member its answer lists it under, and its `(code, name)` entries.
pub struct Dictionary {
    pub key: &'static str,
    pub entries: &'static [(i64, &'static str)],
}

impl Dictionary {
    pub fn name_of(&self, code: i64) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|(entry, _)| *entry == code)
            .map(|(_, name)| *name)
    }

    pub fn has(&self, code: i64) -> bool {
        self.name_of(code).is_some()
    }

    /// The directory's entries as its answer lists them.
    pub fn listed(&self) -> Vec<Entry> {
        self.entries.iter().map(|&(code, name)| Entry { code, name }).collect()
    }
}

/// One entry of a directory's answer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Entry {
    pub code: i64,
    pub name: &'static str,
}

/// What a directory's `Show…` answers: its entries under its key (`{"certificate_types": […]}`).
#[derive(Debug)]
pub struct Listing<D>(PhantomData<D>);

impl<D> Default for Listing<D> {
    fn default() -> Listing<D> {
        Listing(PhantomData)
    }
}

impl<D: Directory> Serialize for Listing<D> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut members = serializer.serialize_map(Some(1))?;
        members.serialize_entry(D::DICTIONARY.key, &D::DICTIONARY.listed())?;
        members.end()
    }
}

impl<D: Directory + 'static> JsonSchema for Listing<D> {
    fn schema_name() -> Cow<'static, str> {
        format!("Listing_{}", D::DICTIONARY.key).into()
    }

    // Two directories share a key (the access and the bind actions): the id tells them apart.
    fn schema_id() -> Cow<'static, str> {
        std::any::type_name::<Listing<D>>().into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let key = D::DICTIONARY.key;
        let entries = D::DICTIONARY.entries.len();
        let entry = generator.subschema_for::<Entry>();
        json_schema!({
            "type": "object",
            "properties": {
                key: { "type": "array", "items": entry, "minItems": entries, "maxItems": entries }
            },
            "required": [key],
        })
    }
}

pub const ACCESS_ACTIONS: Dictionary = Dictionary {
    key: "certificate_access_actions",
    // "доуступ" is the vendor's spelling.
    entries: &[
        (1, "Расшарить доступ к сертификату"),
        (2, "Убрать доуступ к сертификату"),
    ],
};

pub const ACCESS_TYPES: Dictionary = Dictionary {
    key: "certificate_access_types",
    entries: &[(1, "Доступен всем"), (2, "Ограниченный доступ")],
};

/// Listed under the same key as the access actions, as the page has it.
pub const BIND_ACTIONS: Dictionary = Dictionary {
    key: "certificate_access_actions",
    entries: &[(1, "Добавить привязки к товару"), (2, "Удалить привязки к товару")],
};

pub const TYPES: Dictionary = Dictionary {
    key: "certificate_types",
    entries: &[
        (1, "сертифікат відповідності/визнання"),
        (2, "посвідчення якості"),
        (3, "декларація імпортера"),
        (4, "висновок СЄС"),
        (5, "декларація виробника"),
        (6, "карантинний сертифікат"),
        (7, "акт фітосанітарного контролю"),
        (8, "фітосанітарний сертифікат"),
        (9, "висновок фітосанітарної експертизи"),
        (10, "протокол лабораторних досліджень"),
        (11, "Експертний висновок"),
        (12, "Приложение к файлу"),
        (13, "Сертификат типа"),
        (14, "Сертифікат аналізу"),
        (15, "Дозвіл на випуск /реалізацію"),
        (16, "Висновок Держлікслужби"),
    ],
};

pub const SUB_TYPES: Dictionary = Dictionary {
    key: "certificate_sub_types",
    entries: &[(1, "Период действия"), (2, "Номер партии")],
};

pub const ERROR_TYPES: Dictionary = Dictionary {
    key: "certificate_error_types",
    entries: &[
        (1, "Отсутствие файла скан-копии"),
        (2, "Отсутствие привязки к товару"),
        (3, "Некорректные данные карточки"),
        (4, "Некорректный файл скан-копии"),
        (5, "Некорректные привязки к категории товаров"),
    ],
};

/// The directories as the request members whose codes they list name them (`Code<Types>`).
macro_rules! directories {
    ($($marker:ident: $dictionary:ident),* $(,)?) => {
        $(
            #[derive(Debug)]
            pub struct $marker;

            impl Directory for $marker {
                const DICTIONARY: &'static Dictionary = &$dictionary;
            }
        )*
    };
}

directories! {
    AccessActions: ACCESS_ACTIONS,
    AccessTypes: ACCESS_TYPES,
    BindActions: BIND_ACTIONS,
    Types: TYPES,
    SubTypes: SUB_TYPES,
    ErrorTypes: ERROR_TYPES,
}

/// `bind_action` 1: add the binds (2 removes them).
pub const BIND_ADD: i64 = 1;
/// `access_action` 1: open access (2 closes it).
pub const ACCESS_OPEN: i64 = 1;

/// `intSubType` 1: valid for a period (`cert_end_date` required).
pub const SUB_TYPE_PERIOD: i64 = 1;
/// `intSubType` 2: one lot (`cert_part_number` required).
pub const SUB_TYPE_LOT: i64 = 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_directories_are_the_pages_lists() {
        assert_eq!(TYPES.entries.len(), 16);
        assert!((1..=16).all(|code| TYPES.has(code)));
        assert!(!TYPES.has(17));
        assert_eq!(ERROR_TYPES.entries.len(), 5);
        assert_eq!(SUB_TYPES.name_of(2), Some("Номер партии"));
        assert_eq!(ACCESS_TYPES.name_of(3), None);
    }
}
