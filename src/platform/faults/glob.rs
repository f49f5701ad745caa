//! The path globs of fault rules: `*` any run of characters but `/`, `**` any run of characters,
//! `?` one character but `/`, anything else itself.
//!
//! A client writes these, and one instance serves every tenant, so matching must cost what the
//! sizes allow and nothing a pattern can inflate: the glob is compiled once into a small automaton
//! (one state per token) and run over the path as a set of live states, a bitset stepped once per
//! path byte with word-wide shifts. No backtracking and no recursion: a path of `m` bytes against
//! a glob of `n` tokens costs `m × ⌈n / 64⌉` word operations, whatever the pattern looks like.
//! A run of stars is one token (`***` or `**` `**` match what `**` matches), so a pattern of
//! 20 000 `**` is one state.
//!
//! Malformed, where the rule's documentation is silent: an empty glob, and a byte outside
//! printable ASCII (a request path on the wire is printable ASCII, so such a glob could never
//! match; refusing it tells the test author at once).

/// One step of the automaton.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Literal(u8),
    /// `?`
    OneInSegment,
    /// `*`
    RunInSegment,
    /// `**`
    RunAnywhere,
}

/// A word-wide set of states.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct States(Vec<u64>);

impl States {
    fn empty(bits: usize) -> States {
        States(vec![0; bits.div_ceil(64)])
    }

    fn insert(&mut self, bit: usize) {
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn contains(&self, bit: usize) -> bool {
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|word| *word == 0)
    }
}

/// A compiled glob.
#[derive(Clone, Debug)]
pub struct Glob {
    /// States 0..=tokens; the last one accepts.
    tokens: usize,
    /// For each printable ASCII byte, the states whose literal is that byte.
    literal: Vec<States>,
    one_in_segment: States,
    run_in_segment: States,
    run_anywhere: States,
}

/// Why a glob cannot be compiled.
#[derive(Debug, PartialEq, Eq)]
pub enum GlobError {
    Empty,
    NotPrintableAscii { at: usize },
}

impl std::fmt::Display for GlobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GlobError::Empty => write!(f, "path must not be empty"),
            GlobError::NotPrintableAscii { at } => {
                write!(f, "path may hold only printable ASCII (byte {at} is not)")
            }
        }
    }
}

const PRINTABLE: std::ops::RangeInclusive<u8> = b'!'..=b'~';

/// What [`Glob::compile`] takes, as a regular expression for the spec: one or more printable
/// ASCII bytes.
pub fn pattern() -> String {
    format!(
        "^[{}-{}]+$",
        char::from(*PRINTABLE.start()),
        char::from(*PRINTABLE.end())
    )
}

impl Glob {
    pub fn compile(pattern: &str) -> Result<Glob, GlobError> {
        if pattern.is_empty() {
            return Err(GlobError::Empty);
        }
        if let Some(at) = pattern.bytes().position(|byte| !PRINTABLE.contains(&byte)) {
            return Err(GlobError::NotPrintableAscii { at });
        }
        let tokens = tokenize(pattern.as_bytes());
        let bits = tokens.len() + 1;
        let mut glob = Glob {
            tokens: tokens.len(),
            literal: vec![States::empty(bits); PRINTABLE.len()],
            one_in_segment: States::empty(bits),
            run_in_segment: States::empty(bits),
            run_anywhere: States::empty(bits),
        };
        for (state, token) in tokens.into_iter().enumerate() {
            match token {
                Token::Literal(byte) => glob.literal[usize::from(byte - PRINTABLE.start())].insert(state),
                Token::OneInSegment => glob.one_in_segment.insert(state),
                Token::RunInSegment => glob.run_in_segment.insert(state),
                Token::RunAnywhere => glob.run_anywhere.insert(state),
            }
        }
        Ok(glob)
    }

    pub fn matches(&self, path: &str) -> bool {
        let mut live = States::empty(self.tokens + 1);
        live.insert(0);
        self.follow_stars(&mut live);
        let mut next = States::empty(self.tokens + 1);
        for &byte in path.as_bytes() {
            self.step(&live, byte, &mut next);
            std::mem::swap(&mut live, &mut next);
            if live.is_empty() {
                return false;
            }
        }
        live.contains(self.tokens)
    }

    /// The states live after `byte`: a literal or `?` that takes it moves on one; a star that
    /// takes it stays.
    fn step(&self, live: &States, byte: u8, next: &mut States) {
        let in_segment = byte != b'/';
        let literal = byte
            .checked_sub(*PRINTABLE.start())
            .and_then(|index| self.literal.get(usize::from(index)));
        let mut carry = 0;
        for (word, out) in next.0.iter_mut().enumerate() {
            let mut advance = literal.map_or(0, |states| states.0[word]);
            let mut stay = self.run_anywhere.0[word];
            if in_segment {
                advance |= self.one_in_segment.0[word];
                stay |= self.run_in_segment.0[word];
            }
            let moved = live.0[word] & advance;
            *out = (moved << 1) | carry | (live.0[word] & stay);
            carry = moved >> 63;
        }
        self.follow_stars(next);
    }

    /// A star may match nothing: a live star makes the state after it live. Runs of stars are one
    /// token, so the state after a star is never a star and one pass suffices.
    fn follow_stars(&self, live: &mut States) {
        let mut carry = 0;
        for (word, value) in live.0.iter_mut().enumerate() {
            let stars = *value & (self.run_in_segment.0[word] | self.run_anywhere.0[word]);
            *value |= (stars << 1) | carry;
            carry = stars >> 63;
        }
    }
}

/// The glob's tokens, each run of stars folded into one (`**` anywhere in it makes it `**`).
fn tokenize(pattern: &[u8]) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(pattern.len());
    let mut index = 0;
    while index < pattern.len() {
        let token = match pattern[index] {
            b'*' => {
                let run = pattern[index..].iter().take_while(|byte| **byte == b'*').count();
                index += run - 1;
                if run >= 2 {
                    Token::RunAnywhere
                } else {
                    Token::RunInSegment
                }
            }
            b'?' => Token::OneInSegment,
            byte => Token::Literal(byte),
        };
        index += 1;
        match (tokens.last_mut(), token) {
            (Some(last @ (Token::RunInSegment | Token::RunAnywhere)), Token::RunInSegment | Token::RunAnywhere) => {
                if token == Token::RunAnywhere {
                    *last = Token::RunAnywhere;
                }
            }
            _ => tokens.push(token),
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(glob: &str, path: &str) -> bool {
        Glob::compile(glob).unwrap().matches(path)
    }

    #[test]
    fn globs_match_segments_and_paths() {
        let cases = [
            ("/v5/auth/*", "/v5/auth/activate-workplace", true),
            ("/v5/*", "/v5/auth/activate-workplace", false),
            ("/v5/**", "/v5/auth/activate-workplace", true),
            ("**/link_card", "/v1/employee/42/link_card", true),
            ("/orgs/*/workplaces/?", "/orgs/x/workplaces/1", true),
            ("/orgs/*/workplaces/?", "/orgs/x/workplaces/12", false),
            ("/exact", "/exact", true),
            ("/exact", "/exactly", false),
            ("/a/*", "/a/", true),
            ("/a/?", "/a//", false),
            ("/a*b", "/ab", true),
            ("/a*b", "/a/b", false),
            ("/a**b", "/a/x/b", true),
            ("**", "", true),
            ("*", "/", false),
            ("/**/x", "/x", false),
            ("/**/x", "//x", true),
            ("/*/**", "/a/b/c", true),
        ];
        for (glob, path, expected) in cases {
            assert_eq!(matches(glob, path), expected, "{glob} ~ {path}");
        }
    }

    #[test]
    fn states_cross_word_boundaries() {
        // 130 literals: the automaton's states span three words.
        let long = format!("/{}", "ab".repeat(65));
        assert!(matches(&long, &long));
        assert!(!matches(&long, &format!("{long}a")));
        assert!(matches(&format!("/{}*", "ab".repeat(40)), &long));
        assert!(matches("/**b", &long));
        assert!(!matches(&format!("/{}?", "ab".repeat(65)), &long));
    }

    #[test]
    fn a_backtracking_pattern_is_answered_at_once() {
        let glob = "/**a**a**a**a**a**a**a**a**a**a**a**a**b";
        assert!(!matches(glob, &format!("/{}", "a".repeat(60))));
        assert!(matches(glob, &format!("/{}b", "a".repeat(60))));
        let segments = "/*a*a*a*a*a*a*a*a*a*a*a*a*b";
        assert!(!matches(segments, &format!("/{}", "a".repeat(5000))));
    }

    #[test]
    fn twenty_thousand_double_stars_are_one_state() {
        let glob = format!("/{}z", "**".repeat(20_000));
        assert!(matches(&glob, "/a/b/z"));
        assert!(!matches(&glob, &format!("/{}", "a".repeat(10_000))));
        assert_eq!(Glob::compile(&glob).unwrap().tokens, 3);
    }

    #[test]
    fn malformed_globs_are_refused() {
        assert_eq!(Glob::compile("").unwrap_err(), GlobError::Empty);
        assert_eq!(
            Glob::compile("/a b").unwrap_err(),
            GlobError::NotPrintableAscii { at: 2 }
        );
        assert!(Glob::compile("/ü").is_err());
        assert!(Glob::compile("/a\n").is_err());
    }
}
