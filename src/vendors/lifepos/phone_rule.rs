//! The phone rule of the v6 pages (sign-in-by-phone, employees): 10 to 18 characters matching
//! `((8|\+7)-?)?\(?\d{3,5}\)?-?\d{1}-?\d{1}-?\d{1}-?\d{1}-?\d{1}((-?\d{1})?-?\d{1})?`.
//!
//! The pages print the pattern without `^`/`$`. The emulator matches it against the whole value,
//! as ASP.NET's `[RegularExpression]` validation (which the API's `application/*+json` content
//! types point to) does: `+7(999)000-00-01` passes, `+7 999 000 00 01` (spaces) does not.

pub const PHONE_CHARS: std::ops::RangeInclusive<usize> = 10..=18;
/// The pattern [`problem`] checks (anchored: the whole value), as the spec declares it.
pub const PHONE_PATTERN: &str = r"^((8|\+7)-?)?\(?\d{3,5}\)?-?\d{1}-?\d{1}-?\d{1}-?\d{1}-?\d{1}((-?\d{1})?-?\d{1})?$";

/// Why `phone` breaks the rule, if it does.
pub fn problem(phone: &str) -> Option<String> {
    if !PHONE_CHARS.contains(&phone.chars().count()) {
        return Some(format!("от {} до {} символов", PHONE_CHARS.start(), PHONE_CHARS.end()));
    }
    if !matches_pattern(phone) {
        return Some("номер телефона в формате +7XXXXXXXXXX, 8XXXXXXXXXX или XXXXXXXXXX".to_owned());
    }
    None
}

/// Whether the whole of `phone` matches the pattern. The pattern is simulated as a set of the
/// positions reachable after each of its parts, so every way of reading the value is tried.
fn matches_pattern(phone: &str) -> bool {
    let chars: Vec<char> = phone.chars().collect();
    let at = |positions: &[usize], wanted: fn(char) -> bool| -> Vec<usize> {
        positions
            .iter()
            .filter(|&&p| chars.get(p).is_some_and(|&c| wanted(c)))
            .map(|p| p + 1)
            .collect()
    };
    let optional = |positions: Vec<usize>, wanted: fn(char) -> bool| -> Vec<usize> {
        let mut next = at(&positions, wanted);
        next.extend(positions);
        next.sort_unstable();
        next.dedup();
        next
    };
    let digit = |c: char| c.is_ascii_digit();
    let dash = |c: char| c == '-';

    // ((8|\+7)-?)?
    let start = vec![0];
    let mut prefixed = at(&start, |c| c == '8');
    prefixed.extend(at(&at(&start, |c| c == '+'), |c| c == '7'));
    let mut positions = optional(prefixed, dash);
    positions.extend(start);
    // \(?\d{3,5}\)?
    positions = optional(positions, |c| c == '(');
    let mut digits = Vec::new();
    let mut run = positions;
    for count in 1..=5 {
        run = at(&run, digit);
        if count >= 3 {
            digits.extend(run.iter().copied());
        }
    }
    positions = optional(digits, |c| c == ')');
    // (-?\d{1}) five times
    for _ in 0..5 {
        positions = at(&optional(positions, dash), digit);
    }
    // ((-?\d{1})?-?\d{1})?
    let mut inner = at(&optional(positions.clone(), dash), digit);
    inner.extend(positions.iter().copied());
    positions.extend(at(&optional(inner, dash), digit));
    positions.contains(&chars.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notations_of_the_pattern_pass() {
        for phone in [
            "+79990000001",
            "89990000001",
            "9990000001",
            "+7-999-000-00-01",
            "+7(999)000-00-01",
            "8(999)0000001",
            "+7(99999)1234567",
        ] {
            assert_eq!(problem(phone), None, "{phone}");
        }
    }

    #[test]
    fn what_the_pattern_refuses_is_named() {
        for phone in [
            "+7 999 000-00-01",
            "8 (999) 000 00 01",
            "999000000a",
            "+7999000000123456",
            "++79990000001",
        ] {
            assert!(problem(phone).is_some(), "{phone}");
        }
        assert_eq!(problem("123").as_deref(), Some("от 10 до 18 символов"));
        assert!(problem(&"1".repeat(19)).is_some());
    }
}
