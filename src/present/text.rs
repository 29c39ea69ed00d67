//! Untrusted text (names, descriptions, tags from AWS) made inert and visible before display.

use std::borrow::Cow;
use std::fmt::Write;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c.general_category(),
            GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
}

/// Renders control characters (C0, DEL, C1), format and bidi controls (U+202E, U+200B…) and line
/// separators as visible escapes such as `\x1b` or `\u{202e}`, so that no string can move the
/// cursor, retitle the window, reorder what is shown or break a row.
pub fn inert(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) && (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text broken into lines of at most `width` characters at single spaces (each space a break
/// takes is dropped); everything else is kept exactly, other whitespace included, and a word
/// longer than a line stands alone on its own line, never cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some((cut, _)) = rest.char_indices().nth(width) {
        // The last space at or before the width, else the first after it.
        let space = rest[..=cut]
            .rfind(' ')
            .filter(|&at| at > 0)
            .or_else(|| rest[cut..].find(' ').map(|at| cut + at));
        let Some(at) = space else { break };
        lines.push(rest[..at].to_string());
        rest = &rest[at + 1..];
    }
    lines.push(rest.to_string());
    lines
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn plain_text_is_untouched() {
        assert!(matches!(
            inert("web-frontend ünïcode 日本"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn controls_become_visible_escapes() {
        assert_eq!(inert("a\x1b]0;owned\x07b"), "a\\x1b]0;owned\\x07b");
        assert_eq!(inert("\x1b[2J"), "\\x1b[2J");
        assert_eq!(inert("x\u{9b}31m\u{9d}"), "x\\x9b31m\\x9d");
        assert_eq!(inert("a\tb\r\nc\x7f"), "a\\tb\\r\\nc\\x7f");
        assert_eq!(inert("sg-\u{202e}live"), "sg-\\u{202e}live");
        assert_eq!(
            inert("zero\u{200b}width\u{feff}"),
            "zero\\u{200b}width\\u{feff}"
        );
        assert_eq!(inert("line\u{2028}sep"), "line\\u{2028}sep");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_never_cuts_a_word() {
        assert_eq!(super::wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(super::wrap("one two three", 8), ["one two", "three"]);
        assert_eq!(
            super::wrap("sg-00000000000000001 x", 5),
            ["sg-00000000000000001", "x"]
        );
        assert_eq!(super::wrap("", 5), [""]);
        assert_eq!(
            super::wrap("a  b", 10),
            ["a  b"],
            "short text is kept whole"
        );
        assert_eq!(
            super::wrap("line\r\nbreak and more", 10),
            ["line\r\nbreak", "and more"]
        );
    }
}
