//! Reading an answer's XML: each element that ends, with its parents and its text.
//!
//! EC2's answers are plain XML: an XML declaration, elements and escaped text, a namespace
//! attribute on the root, and nothing else. They are read here by a scanner of that much XML
//! rather than by quick-xml, which reads them at about 370 MB/s on the machines the load
//! benchmark runs on (a third of a second of one core for 10,000 groups and 160,000 rules,
//! most of the load); the whole walk here reads them at about 500 MB/s. It is strict: anything
//! outside that shape (a DOCTYPE, a stray `<` or `&`, an attribute without quotes, a name that
//! is not one, text outside the root) makes it answer `None`, and the answer is then left to
//! the SDK's reader, as every answer it does not read whole is. References are resolved by
//! quick-xml's `unescape`. `sdk_agrees` checks it against the SDK's own reader, on generated
//! answers and on answers with a mistake made in them.

use std::borrow::Cow;

use memchr::memchr;

/// Reads `xml`, telling `visit` of each element that ends: the names of its parents below the
/// root, its name and its text, its references resolved. Answers whether the document was
/// whole: its root named `root` and closed. `None` on XML this does not read (see the module's
/// documentation), on an end tag that does not close the element open, on a control character
/// XML 1.0 does not allow, or when `visit` answers `None` (a number that is not one).
///
/// Nothing is copied for an element: its name and its parents' borrow from `xml`, and so does
/// its text unless it comes in several pieces (around a comment) or holds a reference. An
/// answer of a thousand rules has some twenty thousand elements.
pub(super) fn walk<'a>(
    xml: &'a [u8],
    root: &str,
    mut visit: impl FnMut(&[&'a [u8]], &'a [u8], Cow<'a, str>) -> Option<()>,
) -> Option<bool> {
    // A control character XML 1.0 does not allow: the SDK's reader refuses the answer, and it
    // is judged so here too. (Written as a reference, the SDK takes it, and so does this.)
    if has_control(xml) {
        return None;
    }
    // Valid UTF-8 as a whole, so that every piece cut next to a `<`, `>` or `&` is too.
    let doc = std::str::from_utf8(xml).ok()?;
    // The open elements: each one's name as written, and its local name (without a prefix).
    let mut open: Vec<&'a [u8]> = Vec::new();
    let mut local: Vec<&'a [u8]> = Vec::new();
    let mut text: Cow<'a, str> = Cow::Borrowed("");
    let mut whole = false;
    let mut at = 0;
    loop {
        let Some(lt) = memchr(b'<', &xml[at..]).map(|i| at + i) else {
            // After the root, only white space.
            return is_space(&xml[at..]).then_some(whole);
        };
        if lt > at {
            let piece = &doc[at..lt];
            if open.is_empty() {
                if !is_space(piece.as_bytes()) {
                    return None;
                }
            } else {
                // `]]>` may not stand in text (a `>` in text is rare: look for it first).
                if memchr(b'>', piece.as_bytes()).is_some() && piece.contains("]]>") {
                    return None;
                }
                append(&mut text, quick_xml::escape::unescape(piece).ok()?);
            }
        }
        let tag = &xml[lt + 1..];
        let (name, value);
        match tag.first()? {
            b'/' => {
                let after = end_tag(tag, open.pop()?)?;
                (name, value) = (local.pop()?, std::mem::take(&mut text));
                at = lt + 1 + after;
            }
            b'?' if lt == 0 => {
                at = 1 + declaration(tag)?;
                continue;
            }
            b'!' => {
                // A comment, or a CDATA section, whose text the SDK's reader does not take
                // (EC2 writes neither); anything else (a DOCTYPE) is not read here.
                let ends = match tag {
                    [b'!', b'-', b'-', ..] => "-->",
                    [b'!', b'[', b'C', b'D', b'A', b'T', b'A', b'[', ..] => "]]>",
                    _ => return None,
                };
                at = lt + 1 + memchr::memmem::find(&tag[1..], ends.as_bytes())? + 1 + ends.len();
                continue;
            }
            _ => {
                let (start, empty, after) = start_tag(tag)?;
                if open.is_empty() && whole {
                    return None; // A second root.
                }
                at = lt + 1 + after;
                if !empty {
                    open.push(start);
                    local.push(local_name(start));
                    text = Cow::Borrowed("");
                    continue;
                }
                (name, value) = (local_name(start), Cow::Borrowed(""));
            }
        }
        match local.len() {
            0 => whole = name == root.as_bytes(),
            depth => visit(&local[1..depth], name, value)?,
        }
        text = Cow::Borrowed("");
    }
}

/// A start tag, `tag` being what follows its `<`: its name, whether it is empty (`<a/>`) and
/// how far past its `>` the document goes on. Its attributes are read only to be skipped.
fn start_tag(tag: &[u8]) -> Option<(&[u8], bool, usize)> {
    let name = tag_name(tag)?;
    let at = attributes(tag, name.len(), |_, _| {})?;
    match &tag[at..] {
        [b'>', ..] => Some((name, false, at + 1)),
        [b'/', b'>', ..] => Some((name, true, at + 2)),
        _ => None,
    }
}

/// The XML declaration at the start of a document, `tag` being what follows its `<`
/// (`?xml version="1.0" encoding="UTF-8"?>`): how far past its `?>` the document goes on.
/// Its attributes are `version`, then `encoding` and `standalone` if they are there, each as
/// XML 1.0 writes it: `1.` and digits; a letter, then letters, digits, `.`, `_` and `-`;
/// `yes` or `no`.
fn declaration(tag: &[u8]) -> Option<usize> {
    let rest = tag.strip_prefix(b"?xml")?;
    let mut names = Vec::new();
    let at = 4 + attributes(rest, 0, |name, value| names.push((name, value)))?;
    let mut names = names.into_iter().peekable();
    let (name, version) = names.next()?;
    let version_ok = name == b"version"
        && version.len() > 2
        && version.starts_with(b"1.")
        && version[2..].iter().all(u8::is_ascii_digit);
    let encoding_ok = match names.next_if(|(name, _)| *name == b"encoding") {
        None => true,
        Some((_, v)) => {
            v.first().is_some_and(u8::is_ascii_alphabetic)
                && (v.iter()).all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        }
    };
    let standalone_ok = match names.next_if(|(name, _)| *name == b"standalone") {
        None => true,
        Some((_, v)) => v == b"yes" || v == b"no",
    };
    let all_read = names.next().is_none();
    (version_ok && encoding_ok && standalone_ok && all_read && tag[at..].starts_with(b"?>"))
        .then_some(at + 2)
}

/// The attributes of a tag, from `at` in it: each `name="value"` or `name='value'` after white
/// space, handed to `each`. Answers where they end, white space after them included.
fn attributes<'t>(
    tag: &'t [u8],
    mut at: usize,
    mut each: impl FnMut(&'t [u8], &'t [u8]),
) -> Option<usize> {
    loop {
        let spaced = at;
        while tag.get(at).is_some_and(|&b| is_space_byte(b)) {
            at += 1;
        }
        if at == spaced || tag.get(at).is_none_or(|&b| tag_name(&[b]).is_none()) {
            return Some(at);
        }
        let name = tag_name(&tag[at..])?;
        at += name.len();
        while tag.get(at).is_some_and(|&b| is_space_byte(b)) {
            at += 1;
        }
        if tag.get(at) != Some(&b'=') {
            return None;
        }
        at += 1;
        while tag.get(at).is_some_and(|&b| is_space_byte(b)) {
            at += 1;
        }
        let quote = *tag.get(at).filter(|q| matches!(q, b'"' | b'\''))?;
        let len = memchr(quote, &tag[at + 1..])?;
        let value = &tag[at + 1..at + 1 + len];
        // Text as in an element, but for `<`, which may not stand in a value.
        let text = std::str::from_utf8(value).ok()?;
        if memchr(b'<', value).is_some() || quick_xml::escape::unescape(text).is_err() {
            return None;
        }
        each(name, value);
        at += len + 2;
    }
}

/// The end tag of the element `open`, `tag` being what follows its `<` (`/name>`): how far
/// past its `>` the document goes on; `None` unless it names that element. (Its name was read
/// as one when it was opened, so it is only compared here.)
fn end_tag(tag: &[u8], open: &[u8]) -> Option<usize> {
    let mut at = 1 + open.len();
    if tag.get(1..at)? != open || tag.get(at).is_some_and(|&b| NAME[usize::from(b)]) {
        return None;
    }
    while tag.get(at).is_some_and(|&b| is_space_byte(b)) {
        at += 1;
    }
    (tag.get(at) == Some(&b'>')).then_some(at + 1)
}

/// The name at the start of `tag`: a letter, `_` or `:` (or any character beyond ASCII), then
/// those, digits, `-` and `.`; `None` if there is none.
fn tag_name(tag: &[u8]) -> Option<&[u8]> {
    let first = *tag.first()?;
    if !(first.is_ascii_alphabetic() || matches!(first, b'_' | b':') || first >= 0x80) {
        return None;
    }
    let len = (tag.iter().position(|&b| !NAME[usize::from(b)])).unwrap_or(tag.len());
    Some(&tag[..len])
}

/// The bytes a name may go on with: letters, digits, `_`, `:`, `-`, `.` and any byte beyond
/// ASCII (one of a character that is).
const NAME: [bool; 256] = {
    let mut name = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        name[b] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'-' | b'.') || c >= 0x80;
        b += 1;
    }
    name
};

/// A name without its prefix (`ec2:item` is `item`).
fn local_name(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn is_space(text: &[u8]) -> bool {
    text.iter().all(|&b| is_space_byte(b))
}

/// `piece` after `text`: borrowed while it is the only piece.
fn append<'a>(text: &mut Cow<'a, str>, piece: Cow<'a, str>) {
    if text.is_empty() {
        *text = piece;
    } else {
        text.to_mut().push_str(&piece);
    }
}

/// Whether `xml` holds a control byte other than tab, line feed and carriage return. Read in
/// blocks without stopping early, so that the compiler can compare many bytes at once: this
/// reads every byte of every answer.
fn has_control(xml: &[u8]) -> bool {
    let control = |b: u8| b < b' ' && b != b'\t' && b != b'\n' && b != b'\r';
    let mut blocks = xml.chunks_exact(64);
    let found = blocks
        .by_ref()
        .any(|block| block.iter().fold(false, |seen, &b| seen | control(b)));
    found || blocks.remainder().iter().any(|&b| control(b))
}
