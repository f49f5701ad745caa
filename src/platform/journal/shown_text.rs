//! A journal body as text within a byte limit. Bytes that are not UTF-8 show as U+FFFD, three
//! bytes of text for one byte of body, so a body within `journal.max_body_bytes` could triple
//! when shown; the text is cut where it reaches the limit instead, never built whole first.

/// `bytes` as text of at most `max_bytes` bytes, and whether it had to be cut.
pub fn shown_text(bytes: &[u8], max_bytes: usize) -> (String, bool) {
    let mut text = String::with_capacity(bytes.len().min(max_bytes));
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        let room = max_bytes - text.len();
        if valid.len() > room {
            text.push_str(&valid[..char_boundary_at_or_before(valid, room)]);
            return (text, true);
        }
        text.push_str(valid);
        if !chunk.invalid().is_empty() {
            if max_bytes - text.len() < char::REPLACEMENT_CHARACTER.len_utf8() {
                return (text, true);
            }
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    (text, false)
}

/// The largest index ≤ `at` that starts a character (at most three steps back).
fn char_boundary_at_or_before(text: &str, at: usize) -> usize {
    (0..=at).rev().find(|&index| text.is_char_boundary(index)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::shown_text;

    #[test]
    fn text_within_the_limit_is_whole() {
        assert_eq!(shown_text(b"{\"a\":1}", 7), ("{\"a\":1}".to_owned(), false));
        assert_eq!(shown_text("ключ".as_bytes(), 8), ("ключ".to_owned(), false));
    }

    #[test]
    fn invalid_bytes_count_as_the_text_they_become() {
        let (text, cut) = shown_text(&[0xff; 100], 30);
        assert!(cut);
        assert_eq!(text, "\u{fffd}".repeat(10));
        assert!(text.len() <= 30);
    }

    #[test]
    fn a_cut_never_splits_a_character() {
        let (text, cut) = shown_text("жжж".as_bytes(), 5);
        assert_eq!((text.as_str(), cut), ("жж", true));
        let (text, cut) = shown_text(b"ab\xffcd", 4);
        assert_eq!((text.as_str(), cut), ("ab", true));
    }
}
