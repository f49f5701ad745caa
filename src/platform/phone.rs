//! Russian phone numbers in whatever notation a client types them (LIFE POS employees,
//! CloudTips receivers).

/// `+7 999 000-00-01`, `8 (999) 000 00 01`, `79990000001` and `9990000001` are one number:
/// `+79990000001`. Anything else is not a Russian mobile or landline number.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '\u{a0}');
    let raw = raw.trim();
    if !raw.chars().all(allowed) || raw.chars().skip(1).any(|c| c == '+') {
        return None;
    }
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.len() {
        10 if !raw.starts_with('+') => digits.as_str(),
        11 if digits.starts_with('7') || (digits.starts_with('8') && !raw.starts_with('+')) => &digits[1..],
        _ => return None,
    };
    Some(format!("+7{national}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_notations_are_one_number() {
        for raw in [
            "+7 999 000-00-01",
            "8 (999) 000 00 01",
            "79990000001",
            "9990000001",
            "+7(999)0000001",
        ] {
            assert_eq!(normalize_phone(raw).as_deref(), Some("+79990000001"), "{raw}");
        }
    }

    #[test]
    fn other_strings_are_not_numbers() {
        for raw in [
            "",
            "12345",
            "+8 999 000 00 01",
            "+1 999 000 00 01",
            "999-000-00-0x",
            "+7+9990000001",
            "899900000011",
        ] {
            assert_eq!(normalize_phone(raw), None, "{raw}");
        }
    }
}
