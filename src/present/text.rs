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
}
