//! The extensions of an organization. Public clients switch on webhooks with
//! `{"op":"add","path":"/extensions/notification_service","value":{"turned_on":true,
//! "primary_url_for_notifications":"https://…","secondary_url_for_notifications":"https://…",
//! "version":"1.0"}}`; no vendor page describes the extension, so its rules are the emulator's:
//! `turned_on` a boolean (required); the two URLs absolute `http`/`https` URLs of at most
//! [`MAX_URL_CHARS`] characters or null, `primary_url_for_notifications` required while
//! `turned_on` is true; `version` non-empty and at most 8 characters or absent, as the `version`
//! of every extension the pages show (`extension_rules::VERSION_CHARS`); no other member. The
//! extension is stored as given.

use serde_json::{Map, Value};

use crate::vendors::lifepos::error::FieldErrors;
use crate::vendors::lifepos::extension_rules::{length_rule, unknown_extension, NOT_AN_OBJECT, VERSION_CHARS};
use crate::vendors::lifepos::request::required_string;

pub const NOTIFICATION_SERVICE: &str = "notification_service";

/// The extensions an organization can have.
pub const KNOWN: [&str; 1] = [NOTIFICATION_SERVICE];

pub const MAX_URL_CHARS: usize = 2048;

const NOTIFICATION_FIELDS: [&str; 4] = [
    "turned_on",
    "primary_url_for_notifications",
    "secondary_url_for_notifications",
    "version",
];

/// Adds a problem to `errors` for every rule `extensions` breaks, each under its JSON path.
pub fn check(extensions: &Value, errors: &mut FieldErrors) {
    let Value::Object(extensions) = extensions else {
        errors.add("extensions", NOT_AN_OBJECT);
        return;
    };
    for (name, value) in extensions {
        let path = format!("extensions.{name}");
        match name.as_str() {
            NOTIFICATION_SERVICE => check_notification_service(value, &path, errors),
            _ => errors.add(&path, unknown_extension(&KNOWN)),
        }
    }
}

fn check_notification_service(value: &Value, path: &str, errors: &mut FieldErrors) {
    let Value::Object(service) = value else {
        errors.add(path, NOT_AN_OBJECT);
        return;
    };
    for key in service
        .keys()
        .filter(|key| !NOTIFICATION_FIELDS.contains(&key.as_str()))
    {
        errors.add(&format!("{path}.{key}"), "неизвестное поле");
    }
    let turned_on = match service.get("turned_on") {
        Some(Value::Bool(turned_on)) => *turned_on,
        None | Some(Value::Null) => {
            errors.add(&format!("{path}.turned_on"), "поле обязательно");
            false
        }
        Some(_) => {
            errors.add(&format!("{path}.turned_on"), "ожидается true или false");
            false
        }
    };
    let primary = check_url(service, "primary_url_for_notifications", path, errors);
    if turned_on && primary.is_none() {
        errors.add(
            &format!("{path}.primary_url_for_notifications"),
            "поле обязательно, когда turned_on = true",
        );
    }
    check_url(service, "secondary_url_for_notifications", path, errors);
    match service.get("version") {
        None | Some(Value::Null) => {}
        Some(_) => match required_string(service, "version") {
            Ok(version) if VERSION_CHARS.contains(&version.chars().count()) => {}
            Ok(_) => errors.add(&format!("{path}.version"), length_rule(&VERSION_CHARS)),
            Err(why) => errors.add(&format!("{path}.version"), why),
        },
    }
}

/// The URL member `field`, when present and valid; a problem is added when present and invalid.
fn check_url<'a>(
    service: &'a Map<String, Value>,
    field: &str,
    path: &str,
    errors: &mut FieldErrors,
) -> Option<&'a str> {
    let problem = match service.get(field) {
        None | Some(Value::Null) => return None,
        Some(Value::String(raw)) if raw.chars().count() > MAX_URL_CHARS => {
            format!("не длиннее {MAX_URL_CHARS} символов")
        }
        Some(Value::String(raw)) if is_web_url(raw) => return Some(raw),
        Some(Value::String(_)) => "ожидается абсолютный адрес http:// или https://".to_owned(),
        Some(_) => "поле должно быть строкой".to_owned(),
    };
    errors.add(&format!("{path}.{field}"), problem);
    None
}

/// An absolute `http`/`https` URL with a host and no whitespace or control characters.
fn is_web_url(raw: &str) -> bool {
    let rest = ["http://", "https://"].iter().find_map(|scheme| {
        raw.get(..scheme.len())
            .filter(|head| head.eq_ignore_ascii_case(scheme))
            .map(|_| &raw[scheme.len()..])
    });
    let Some(rest) = rest else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(host, _port)| host);
    !host.is_empty() && !raw.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(extensions: Value) -> Vec<String> {
        let mut errors = FieldErrors::default();
        check(&extensions, &mut errors);
        errors.fields()
    }

    #[test]
    fn what_public_clients_send_is_valid() {
        let sent = json!({ "notification_service": {
            "turned_on": true, "primary_url_for_notifications": "https://shop.example/hooks/lifepos",
            "secondary_url_for_notifications": "http://backup.example:8080/hook", "version": "1.0" } });
        assert!(problems(sent).is_empty());
        let minimal = json!({ "notification_service": { "turned_on": true,
            "primary_url_for_notifications": "https://shop.example/hook", "version": "1" } });
        assert!(problems(minimal).is_empty());
        assert!(problems(json!({ "notification_service": { "turned_on": false } })).is_empty());
    }

    #[test]
    fn each_broken_rule_names_its_path() {
        let base = "extensions.notification_service";
        assert_eq!(
            problems(json!({ "notification_service": { "turned_on": true } })),
            [format!("{base}.primary_url_for_notifications")]
        );
        assert_eq!(
            problems(json!({ "notification_service": { "turned_on": "yes",
                "primary_url_for_notifications": "ftp://x", "version": "123456789", "colour": 1 } })),
            [
                format!("{base}.colour"),
                format!("{base}.primary_url_for_notifications"),
                format!("{base}.turned_on"),
                format!("{base}.version"),
            ]
        );
        assert_eq!(problems(json!({ "sms": {} })), ["extensions.sms"]);
        for bad in ["https://", "http:///path", "https://a b", "shop.example/hook"] {
            assert!(!is_web_url(bad), "{bad}");
        }
        assert_eq!(problems(json!([])), ["extensions"]);
    }
}
