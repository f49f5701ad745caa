//! The `format`s a declaration may name, each checked by a function: the platform's own (`uuid`,
//! `date-time`, `date`) and those a vendor adds (a phone, a `DD.MM.YYYY` date).

/// Checks a string in one format.
pub type FormatCheck = fn(&str) -> bool;

/// Named format checks. A format no check knows is not checked (it documents only).
pub struct Formats {
    checks: Vec<(&'static str, FormatCheck)>,
}

impl Formats {
    /// The platform's formats.
    pub fn platform() -> &'static Formats {
        static PLATFORM: std::sync::OnceLock<Formats> = std::sync::OnceLock::new();
        PLATFORM.get_or_init(|| Formats::with(&[]))
    }

    /// The platform's formats and these.
    pub fn with(extra: &[(&'static str, FormatCheck)]) -> Formats {
        let mut checks: Vec<(&'static str, FormatCheck)> =
            vec![("uuid", is_uuid), ("date-time", is_date_time), ("date", is_date)];
        checks.extend_from_slice(extra);
        Formats { checks }
    }

    /// Whether `value` is in format `name`; `None` when no check knows the format.
    pub fn holds(&self, name: &str, value: &str) -> Option<bool> {
        self.checks
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, check)| check(value))
    }
}

fn is_uuid(value: &str) -> bool {
    uuid::Uuid::try_parse(value).is_ok()
}

fn is_date_time(value: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(value).is_ok()
}

/// RFC 3339's `full-date`, `YYYY-MM-DD` exactly (chrono alone also reads one-digit months).
fn is_date(value: &str) -> bool {
    let shape = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shape && chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_formats_are_checked_and_others_are_not() {
        let formats = Formats::with(&[("even", |value| value.len() % 2 == 0)]);
        assert_eq!(
            formats.holds("uuid", "5e8b1d3f-7a2c-4f6e-9b4d-1c3e5a7f9b41"),
            Some(true)
        );
        assert_eq!(formats.holds("uuid", "5e8b1d3f"), Some(false));
        assert_eq!(formats.holds("date-time", "2026-01-01T09:00:00Z"), Some(true));
        assert_eq!(formats.holds("date", "2024-02-29"), Some(true));
        for not_a_date in ["2023-02-29", "2024-2-09", "2024-02-09T00:00:00Z", "+2024-02-09"] {
            assert_eq!(formats.holds("date", not_a_date), Some(false), "{not_a_date}");
        }
        assert_eq!(formats.holds("even", "ab"), Some(true));
        assert_eq!(formats.holds("even", "abc"), Some(false));
        assert_eq!(formats.holds("int64", "x"), None);
    }
}
