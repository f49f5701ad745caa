//! The date forms of the certificate API: requests give calendar dates as `DD.MM.YYYY`, storage
//! and fixtures keep them as `YYYY-MM-DD`, answers print dates and instants as
//! `YYYY-MM-DD HH:MM:SS` (instants in UTC: the pages name no zone).

use chrono::{DateTime, NaiveDate};

/// A request date's shape, `DD.MM.YYYY`: a digit at each `0`.
pub const REQUEST_DATE_MASK: &str = "00.00.0000";

/// The real calendar days written `DD.MM.YYYY`, as a pattern: what [`parse_request_date`] takes
/// (the 29th of February in leap years only), so the spec states it and a fuzzer's valid dates
/// are valid.
pub const CALENDAR_DAY: &str = concat!(
    "(?:(?:0[1-9]|1[0-9]|2[0-8])\\.(?:0[1-9]|1[0-2])|(?:29|30)\\.(?:0[13-9]|1[0-2])|31\\.(?:0[13578]|1[02]))\\.[0-9]{4}",
    "|29\\.02\\.(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
);

/// A real calendar date written `DD.MM.YYYY` (two, two and four digits).
pub fn parse_request_date(text: &str) -> Option<NaiveDate> {
    let shaped = text.len() == REQUEST_DATE_MASK.len()
        && text.bytes().zip(REQUEST_DATE_MASK.bytes()).all(|(b, m)| match m {
            b'0' => b.is_ascii_digit(),
            other => b == other,
        });
    shaped
        .then(|| NaiveDate::parse_from_str(text, "%d.%m.%Y").ok())
        .flatten()
}

/// A date as requests write it, `DD.MM.YYYY`.
pub fn request_date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// A stored or fixture date, `YYYY-MM-DD`.
pub fn parse_stored_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|date| stored(*date) == text)
}

pub fn stored(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A stored date as the answers print it: midnight of that day.
pub fn shown_date(stored: &str) -> String {
    format!("{stored} 00:00:00")
}

/// An instant (epoch ms) as the answers print it.
pub fn shown_instant(ms: i64) -> Option<String> {
    DateTime::from_timestamp_millis(ms).map(|at| at.format("%Y-%m-%d %H:%M:%S").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_dates_are_real_days_in_the_documented_shape() {
        let date = parse_request_date("30.06.2018").expect("a date");
        assert_eq!(stored(date), "2018-06-30");
        assert_eq!(parse_request_date("31.02.2018"), None);
        assert_eq!(parse_request_date("wetryert"), None);
        assert_eq!(parse_request_date("1.6.2018"), None);
        assert_eq!(parse_request_date("2018-06-30"), None);
        assert_eq!(parse_stored_date("2018-06-30"), Some(date));
        assert_eq!(parse_stored_date("2018-6-30"), None);
        assert_eq!(shown_date("2018-06-30"), "2018-06-30 00:00:00");
        assert_eq!(shown_instant(0).as_deref(), Some("1970-01-01 00:00:00"));
    }

    #[test]
    fn the_calendar_pattern_takes_the_days_the_parser_takes() {
        let pattern = regex::Regex::new(&format!("^(?:{CALENDAR_DAY})$")).expect("compiles");
        for year in [
            "0000", "0004", "0100", "1900", "1996", "2000", "2018", "2020", "2100", "2400", "9999",
        ] {
            for month in 0..20 {
                for day in 0..40 {
                    let text = format!("{day:02}.{month:02}.{year}");
                    assert_eq!(pattern.is_match(&text), parse_request_date(&text).is_some(), "{text}");
                }
            }
        }
    }
}
