//! What LIFE POS operations take and answer, declared once (see `platform::wire`): the spec
//! publishes these types' schemas and requests are checked against them, in the words of
//! [`words::LifeposWords`].

pub mod employees;
pub mod words;

/// Unicode `White_Space`, what `str::trim` and `char::is_whitespace` take away (Python's `\s`,
/// which the fuzzer's generator uses, also takes `\x1c`–`\x1f`, which Rust keeps).
pub const WHITE_SPACE: &str = "[\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

/// [`WHITE_SPACE`]'s characters, for a class of its own (`[^…]`).
pub fn white_space_chars() -> &'static str {
    WHITE_SPACE.trim_start_matches('[').trim_end_matches(']')
}
