//! Receivers' phone numbers: one receiver per number, whatever notation a client types it in.

/// `+7 999 000-00-01`, `8 (999) 000 00 01`, `79990000001` and `9990000001` are one number:
/// `+79990000001`. Anything else is not a Russian number.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')');
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
    fn notations_of_one_number_agree() {
        for raw in ["+79990000002", "89990000002", "9990000002", "+7 (999) 000-00-02"] {
            assert_eq!(normalize_phone(raw).as_deref(), Some("+79990000002"), "{raw}");
        }
        for raw in ["", "12345", "+89990000002", "999000000x", "+1 999 000 00 02"] {
            assert_eq!(normalize_phone(raw), None, "{raw}");
        }
    }
}
