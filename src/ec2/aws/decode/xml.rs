//! Reading an answer's XML: each element that ends, with its parents and its text.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::Event;

/// How deep an answer may nest below its root; deeper, it is left to the SDK.
const DEPTH: usize = 8;

/// Reads `xml`, telling `visit` of each element that ends: the names of its parents below the
/// root, its name and its text, its references resolved. Answers whether the document was
/// whole: its root named `root` and closed. `None` on an XML error, on a control character
/// XML 1.0 does not allow, or when `visit` answers `None` (a number that is not one).
///
/// The text of an element borrows from `xml` unless it comes in several pieces (around a
/// reference), and the names are kept in buffers reused from one element to
/// the next: an answer of a thousand rules has some twenty thousand elements.
pub(super) fn walk<'a>(
    xml: &'a [u8],
    root: &str,
    mut visit: impl FnMut(&[&[u8]], &[u8], Cow<'a, str>) -> Option<()>,
) -> Option<bool> {
    // A control character XML 1.0 does not allow: the SDK's reader refuses the answer, and it
    // is judged so here too. (Written as a reference, the SDK takes it, and so does this.)
    if has_control(xml) {
        return None;
    }
    let mut reader = Reader::from_reader(xml);
    let mut names: Vec<Vec<u8>> = Vec::new();
    let mut depth = 0;
    let mut empty = Vec::new();
    let mut text: Cow<'a, str> = Cow::Borrowed("");
    let mut whole = false;
    loop {
        let ended = match reader.read_event().ok()? {
            Event::Start(e) => {
                let name = e.local_name().into_inner().as_bytes();
                match names.get_mut(depth) {
                    Some(kept) => {
                        kept.clear();
                        kept.extend_from_slice(name);
                    }
                    None => names.push(name.to_vec()),
                }
                depth += 1;
                text = Cow::Borrowed("");
                continue;
            }
            Event::Empty(e) => {
                empty.clear();
                empty.extend_from_slice(e.local_name().into_inner().as_bytes());
                text = Cow::Borrowed("");
                false
            }
            Event::Text(t) => {
                append(&mut text, t.into_inner());
                continue;
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().ok()? {
                    Some(c) => Cow::Owned(c.to_string()),
                    None => Cow::Borrowed(quick_xml::escape::resolve_predefined_entity(&r)?),
                };
                append(&mut text, resolved);
                continue;
            }
            // The SDK's reader takes no text from a CDATA section (EC2 writes none), and so
            // neither does this one.
            Event::CData(_) => continue,
            Event::End(_) => {
                depth = depth.checked_sub(1)?;
                true
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = if ended { &names[depth] } else { &empty };
        let value = std::mem::take(&mut text);
        if depth == 0 {
            whole = name == root.as_bytes();
            continue;
        }
        if depth > DEPTH {
            return None;
        }
        let mut parents: [&[u8]; DEPTH] = [&[]; DEPTH];
        for (slot, kept) in parents.iter_mut().zip(&names[1..depth]) {
            *slot = kept;
        }
        visit(&parents[..depth - 1], name, value)?;
    }
    Some(whole)
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
