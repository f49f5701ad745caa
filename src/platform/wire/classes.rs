//! Character classes a declaration's pattern may need, spelled out so that every reader of the
//! spec takes them alike: Rust's `regex`, ECMA-262 and Python's `re` (what the fuzzer's generator
//! uses) each read `\s` a little differently (Python's also takes `\x1c`–`\x1f`).

/// Unicode `White_Space`'s characters as a class's inside, written once for both classes below.
macro_rules! white_space_inside {
    () => {
        "\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
    };
}

/// Unicode `White_Space`, what `str::trim` and `char::is_whitespace` take away, as a class.
pub const WHITE_SPACE: &str = concat!("[", white_space_inside!(), "]");

/// The pattern of a string with a character `str::trim` keeps: not empty, not only
/// [`WHITE_SPACE`]. Spelt as a class rather than `\\S`, whose meaning differs between ECMA-262
/// (which counts U+FEFF as space), Python (which counts U+001C–U+001F) and Rust.
pub const NOT_BLANK: &str = concat!("[^", white_space_inside!(), "]");

/// [`WHITE_SPACE`]'s characters, for a class of one's own (`[^@…]`).
pub fn white_space_chars() -> &'static str {
    WHITE_SPACE.trim_start_matches('[').trim_end_matches(']')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_is_what_rust_calls_white_space() {
        let class = regex::Regex::new(&format!("^{WHITE_SPACE}$")).expect("compiles");
        let negated = regex::Regex::new(&format!("^[^{}]$", white_space_chars())).expect("compiles");
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(class.is_match(&text), c.is_whitespace(), "{:#x}", c as u32);
            assert_eq!(negated.is_match(&text), !c.is_whitespace(), "{:#x}", c as u32);
        }
    }
}
