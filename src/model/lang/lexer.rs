//! Typed input split into words, and the small checks words are made of: plain numbers,
//! hex ids and case-insensitive prefixes.

/// One word of typed input: a run of non-whitespace characters, and where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word as typed.
    pub text: &'a str,
    /// The byte offset of its first character in the input.
    pub start: usize,
}

/// The words of `input`, separated by any Unicode whitespace (as `str::split_whitespace`).
pub fn words(input: &str) -> impl Iterator<Item = Word<'_>> {
    let mut rest = input;
    let mut offset = 0;
    std::iter::from_fn(move || {
        let trimmed = rest.trim_start();
        offset += rest.len() - trimmed.len();
        if trimmed.is_empty() {
            return None;
        }
        let len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let word = Word {
            text: &trimmed[..len],
            start: offset,
        };
        rest = &trimmed[len..];
        offset += len;
        Some(word)
    })
}

/// A plain decimal number of ASCII digits (no sign, no spaces), if it fits in `max`.
pub fn number(s: &str, max: u32) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u32>().ok().filter(|&n| n <= max)
}

/// `prefix` + at least one hex digit, lower-cased (EC2 ids are lower case); `None` if malformed.
pub fn hex_id(token: &str, prefix: &str) -> Option<String> {
    let lower = token.to_ascii_lowercase();
    let digits = lower.strip_prefix(prefix)?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_hexdigit())).then_some(lower)
}

/// Whether `s` starts with the ASCII `prefix`, ignoring ASCII case.
pub fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lexed(input: &str) -> Vec<(&str, usize)> {
        words(input).map(|w| (w.text, w.start)).collect()
    }

    #[test]
    fn words_carry_their_byte_offsets() {
        assert_eq!(
            lexed("in tcp 22 0.0.0.0/0"),
            [("in", 0), ("tcp", 3), ("22", 7), ("0.0.0.0/0", 10)]
        );
        assert_eq!(
            lexed("  -port:22   dir:in "),
            [("-port:22", 2), ("dir:in", 13)]
        );
    }

    #[test]
    fn empty_and_blank_input_has_no_words() {
        assert_eq!(lexed(""), []);
        assert_eq!(lexed(" \t\n\r\u{a0}\u{3000}"), []);
    }

    #[test]
    fn every_kind_of_whitespace_separates_words() {
        for sep in [
            " ", "\t", "\n", "\r\n", "\u{b}", "\u{c}", "\u{85}", "\u{a0}", "\u{2002}", "\u{2028}",
            "\u{3000}",
        ] {
            let input = format!("a{sep}bc{sep}");
            assert_eq!(lexed(&input), [("a", 0), ("bc", 1 + sep.len())], "{sep:?}");
        }
    }

    #[test]
    fn non_ascii_words_and_offsets_are_in_bytes() {
        // é is two bytes, the emoji four; U+202E is no whitespace, so it stays in its word.
        assert_eq!(
            lexed("é tag:Name=café 🔥\u{202e}x"),
            [("é", 0), ("tag:Name=café", 3), ("🔥\u{202e}x", 18)]
        );
    }

    #[test]
    fn numbers_are_plain_ascii_digits_within_the_bound() {
        assert_eq!(number("22", 65535), Some(22));
        assert_eq!(number("007", 255), Some(7));
        assert_eq!(number("256", 255), None);
        for s in ["", "+1", "-1", " 1", "1 ", "٣", "99999999999"] {
            assert_eq!(number(s, u32::MAX), None, "{s:?}");
        }
    }

    #[test]
    fn hex_ids_and_prefixes_ignore_ascii_case() {
        assert_eq!(hex_id("SG-0ABC", "sg-"), Some("sg-0abc".into()));
        assert_eq!(hex_id("sg-", "sg-"), None);
        assert_eq!(hex_id("sg-0xyz", "sg-"), None);
        assert_eq!(hex_id("pl-01", "sg-"), None);
        assert!(starts_with_ignore_case("PL-01", "pl-"));
        assert!(!starts_with_ignore_case("pl", "pl-"));
        // A multi-byte character across the prefix's length is no match, and no panic.
        assert!(!starts_with_ignore_case("pé", "pl-"));
    }

    proptest! {
        #[test]
        fn words_are_the_whitespace_split_at_their_offsets(s in "[a-z \t\u{a0}é🔥\u{3000}-]{0,24}") {
            let words: Vec<Word> = words(&s).collect();
            let texts: Vec<&str> = words.iter().map(|w| w.text).collect();
            prop_assert_eq!(texts, s.split_whitespace().collect::<Vec<_>>());
            for w in words {
                prop_assert_eq!(&s[w.start..w.start + w.text.len()], w.text);
            }
        }
    }
}
