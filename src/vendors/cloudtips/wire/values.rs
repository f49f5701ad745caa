//! The rules of single values that CloudTips declarations and the fixture loader share, each a
//! pattern: what the spec publishes is what the server and the loader match (`regex`, linear time).
//! Classes are spelled out (never `\s`), so every reader of the spec takes them alike.

use std::borrow::Cow;
use std::marker::PhantomData;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, NaiveTime};
use regex::Regex;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::json;

use crate::platform::clock::{from_ms, rfc3339};
use crate::platform::wire::white_space_chars;

/// Not blank: at least one character that is not white space (ASP.NET's `[Required]` refuses a
/// blank string as it refuses a missing one).
pub fn not_blank() -> String {
    format!("[^{}]", white_space_chars())
}

/// Blank: nothing but white space (a query value that is no value).
pub fn blank() -> String {
    format!("^[{}]*$", white_space_chars())
}

/// A Russian number in any notation `platform::phone::normalize_phone` reads: ten digits, or
/// eleven starting with 7 (after an optional `+`) or 8 (without one), with spaces, no-break
/// spaces, dashes and brackets anywhere between them and white space around.
pub fn phone() -> String {
    let space = white_space_chars();
    let separator = r"[ \-()\u00a0]";
    format!(r"^[{space}]*(?:\+{separator}*7|{separator}*[78]?){separator}*(?:[0-9]{separator}*){{10}}[{space}]*$")
}

/// `local@domain.tld`, without white space: one `@`, a domain holding a dot neither first nor
/// last (what the real service's model validation accepts in practice).
fn email_body() -> String {
    let word = format!("[^@{}]", white_space_chars());
    let edge = format!("[^@.{}]", white_space_chars());
    format!(r"{word}+@{edge}{word}*\.{word}*{edge}")
}

/// An e-mail address (see [`email_body`]).
pub fn email() -> String {
    format!("^{}$", email_body())
}

/// An e-mail address, or empty (a patch clears the address so).
pub fn email_or_empty() -> String {
    format!("^(?:{})?$", email_body())
}

/// An absolute `http` or `https` URL with a host, without white space.
fn http_url_body() -> String {
    let space = white_space_chars();
    format!(r"https?://[^/?#{space}][^{space}]*")
}

pub fn http_url() -> String {
    format!("^{}$", http_url_body())
}

/// An `http(s)` URL, or empty (a patch clears the link so).
pub fn http_url_or_empty() -> String {
    format!("^(?:{})?$", http_url_body())
}

/// A pattern matching any of `words` in any letter case, as ASP.NET binds enum names; with
/// `padded`, white space around the word too.
pub fn any_case(words: &[&str], padded: bool) -> String {
    let alternatives: Vec<String> = words
        .iter()
        .map(|word| {
            word.chars()
                .map(|c| match (c.to_lowercase().next(), c.to_uppercase().next()) {
                    (Some(lower), Some(upper)) if lower != upper => format!("[{lower}{upper}]"),
                    _ => c.to_string(),
                })
                .collect()
        })
        .collect();
    let space = if padded {
        format!("[{}]*", white_space_chars())
    } else {
        String::new()
    };
    format!("^{space}(?:{}){space}$", alternatives.join("|"))
}

/// Whether `value` is an e-mail address (the fixture loader's check, the declarations' pattern).
pub fn is_email(value: &str) -> bool {
    static EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(&email()).ok());
    EMAIL.as_ref().is_some_and(|regex| regex.is_match(value))
}

/// Whether `value` is an absolute `http(s)` URL (the fixture loader's check, the declarations'
/// pattern).
pub fn is_http_url(value: &str) -> bool {
    static URL: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(&http_url()).ok());
    URL.as_ref().is_some_and(|regex| regex.is_match(value))
}

/// A fixed list of words a member takes (see [`Word`]).
pub trait Words: 'static {
    const LIST: &'static [&'static str];
    /// White space around the word is allowed (and dropped).
    const PADDED: bool = false;
}

/// One of `W`'s words in any letter case, as ASP.NET binds enum names; it holds the word as
/// listed.
pub struct Word<W: Words>(pub &'static str, PhantomData<W>);

impl<W: Words> std::fmt::Debug for Word<W> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.0)
    }
}

impl<W: Words> Word<W> {
    /// The word's place in the list.
    pub fn index(&self) -> usize {
        W::LIST.iter().position(|word| *word == self.0).unwrap_or_default()
    }
}

impl<W: Words> JsonSchema for Word<W> {
    fn schema_name() -> Cow<'static, str> {
        format!("Word<{}>", W::LIST.join("|")).into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        let schema = json!({ "type": "string", "pattern": any_case(W::LIST, W::PADDED) });
        Schema::try_from(schema).unwrap_or_default()
    }
}

impl<'de, W: Words> Deserialize<'de> for Word<W> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Word<W>, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        let text = if W::PADDED { text.trim() } else { &text };
        W::LIST
            .iter()
            .find(|word| word.eq_ignore_ascii_case(text))
            .map(|word| Word(word, PhantomData))
            .ok_or_else(|| serde::de::Error::custom("not one of the words"))
    }
}

/// A time as the vendor writes it in answers: RFC 3339 in UTC, to the millisecond.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct Time(String);

impl Time {
    pub fn at(ms: i64) -> Time {
        Time(rfc3339(from_ms(ms)))
    }
}

impl JsonSchema for Time {
    fn schema_name() -> Cow<'static, str> {
        "Time".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        Schema::try_from(json!({ "type": "string", "format": "date-time" })).unwrap_or_default()
    }
}

/// A point in time a search bounds `createdDate` by: an RFC 3339 date-time, or a date (as a lower
/// bound its first millisecond, as an upper bound its last). A query parameter is text or absent,
/// never null, so an optional one is declared `#[schemars(with = "Instant")]`: a bad date is then
/// worded as a date's problem, not as a mismatch of `null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Instant {
    At(i64),
    Day(NaiveDate),
}

impl Instant {
    /// Epoch milliseconds, as the lower bound of a window.
    pub fn from_ms(self) -> i64 {
        match self {
            Instant::At(ms) => ms,
            Instant::Day(day) => day_start_ms(day),
        }
    }

    /// Epoch milliseconds, as the upper bound of a window: a date includes its whole day.
    pub fn to_ms(self) -> i64 {
        match self {
            Instant::At(ms) => ms,
            Instant::Day(day) => day_start_ms(day).saturating_add(86_400_000 - 1),
        }
    }
}

fn day_start_ms(day: NaiveDate) -> i64 {
    day.and_time(NaiveTime::MIN).and_utc().timestamp_millis()
}

impl JsonSchema for Instant {
    fn schema_name() -> Cow<'static, str> {
        "Instant".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        let schema = json!({ "anyOf": [
            { "type": "string", "format": "date-time" },
            { "type": "string", "format": "date" },
        ] });
        Schema::try_from(schema).unwrap_or_default()
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Instant, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        if let Ok(at) = DateTime::parse_from_rfc3339(&text) {
            return Ok(Instant::At(at.timestamp_millis()));
        }
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(Instant::Day)
            .map_err(|_| serde::de::Error::custom("not a date"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::phone::normalize_phone;

    #[test]
    fn every_pattern_compiles() {
        for pattern in [
            not_blank(),
            blank(),
            phone(),
            email(),
            email_or_empty(),
            http_url(),
            http_url_or_empty(),
            any_case(&["Instant"], true),
        ] {
            assert!(Regex::new(&pattern).is_ok(), "{pattern}");
        }
    }

    /// What the spec calls blank is what the server trims away (Python's `\s`, which the fuzzer
    /// reads a pattern with, would also take `\x1c`–`\x1f`).
    #[test]
    fn blank_is_what_trim_takes_away() {
        let not_blank = Regex::new(&not_blank()).unwrap();
        let blank = Regex::new(&blank()).unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!(" {c} ");
            assert_eq!(not_blank.is_match(&text), !text.trim().is_empty(), "{:#x}", c as u32);
            assert_eq!(blank.is_match(&text), text.trim().is_empty(), "{:#x}", c as u32);
        }
    }

    #[test]
    fn emails_and_urls() {
        assert!(is_email("anna@example.com"));
        assert!(is_email("a@b.c"));
        assert!(!is_email("anna@example"));
        assert!(!is_email("anna example.com"));
        assert!(!is_email("anna@.example.com"));
        assert!(!is_email("anna@example.com."));
        assert!(!is_email("a@b@c.d"));
        assert!(!is_email("anna@exam ple.com"));
        assert!(is_http_url("https://t.me/anna"));
        assert!(is_http_url("http://x"));
        assert!(!is_http_url("t.me/anna"));
        assert!(!is_http_url("https:///x"));
        assert!(!is_http_url("https://t.me/an na"));
        let either = Regex::new(&email_or_empty()).unwrap();
        assert!(either.is_match("") && either.is_match("a@b.c") && !either.is_match(" "));
    }

    /// The pattern takes exactly the notations the server reads as a number, over every string of
    /// a small alphabet up to a length and a spread of longer ones.
    #[test]
    fn the_phone_pattern_is_what_normalize_phone_reads() {
        let pattern = Regex::new(&phone()).unwrap();
        let agree = |raw: &str| {
            assert_eq!(pattern.is_match(raw), normalize_phone(raw).is_some(), "{raw:?}");
        };
        for raw in [
            "+7 999 000-00-01",
            "8 (999) 000 00 01",
            "79990000001",
            "9990000001",
            "8999000001",
            "+7(999)0000001",
            "\t+79990000001\n",
            "\u{a0}89990000001",
            "+ 7 999 000 00 01",
            "(7)9990000001",
            "",
            "   ",
            "12345",
            "+8 999 000 00 01",
            "+1 999 000 00 01",
            "+9990000001",
            "999-000-00-0x",
            "+7+9990000001",
            "899900000011",
            "+7\t9990000001",
            "٩٩٩٠٠٠٠٠٠١",
        ] {
            agree(raw);
        }
        // Pseudo-random strings over the characters that matter, the same every run.
        let alphabet: Vec<char> = "0178+ -()\u{a0}\tx".chars().collect();
        let mut seed: u64 = 0x5eed;
        for _ in 0..200_000 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let length = (seed >> 59) as usize + 8;
            let mut raw = String::new();
            let mut bits = seed;
            for _ in 0..length {
                bits = bits.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                // Mostly digits, so that many strings are numbers.
                let pick = (bits >> 58) as usize;
                raw.push(if pick < 40 {
                    char::from(b'0' + (pick % 10) as u8)
                } else {
                    alphabet[pick % alphabet.len()]
                });
            }
            agree(&raw);
        }
    }

    #[test]
    fn instants_bound_a_window() {
        let day: Instant = serde_json::from_value(json!("2026-01-01")).unwrap();
        assert_eq!(day.from_ms(), 1_767_225_600_000);
        assert_eq!(day.to_ms(), 1_767_225_600_000 + 86_400_000 - 1);
        let at: Instant = serde_json::from_value(json!("2026-01-01T03:00:00+03:00")).unwrap();
        assert_eq!((at.from_ms(), at.to_ms()), (1_767_225_600_000, 1_767_225_600_000));
        assert!(serde_json::from_value::<Instant>(json!("yesterday")).is_err());
    }

    #[test]
    fn any_case_takes_every_spelling() {
        let pattern = Regex::new(&any_case(&["Instant", "Accumulation"], true)).unwrap();
        assert!(pattern.is_match("instant") && pattern.is_match(" ACCUMULATION\t"));
        assert!(!pattern.is_match("Weekly") && !pattern.is_match("Instantly"));
    }
}
