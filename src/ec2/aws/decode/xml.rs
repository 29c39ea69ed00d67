//! Reading an answer's XML: each element that ends, with its parents and its text.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::Event;

/// How deep an answer may nest below its root; deeper, it is left to the SDK.
const DEPTH: usize = 8;

/// Reads `xml`, telling `visit` of each element that ends: the names of its parents below the
/// root, its name and its text, unescaped. Answers whether the document was whole: its root
/// named `root` and closed. `None` on an XML error, on a character XML 1.0 does not allow, or
/// when `visit` answers `None` (a number that is not one). Names are kept in buffers reused
/// from one element to the next: an answer of a thousand rules has some twenty thousand.
pub(super) fn walk(
    xml: &[u8],
    root: &str,
    mut visit: impl FnMut(&[&[u8]], &[u8], Cow<'_, str>) -> Option<()>,
) -> Option<bool> {
    let mut reader = Reader::from_reader(xml);
    let mut names: Vec<Vec<u8>> = Vec::new();
    let mut depth = 0;
    let mut empty = Vec::new();
    let mut text = String::new();
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
                text.clear();
                continue;
            }
            Event::Empty(e) => {
                empty.clear();
                empty.extend_from_slice(e.local_name().into_inner().as_bytes());
                text.clear();
                false
            }
            Event::Text(t) => {
                text.push_str(&t);
                continue;
            }
            Event::GeneralRef(r) => {
                text.push('&');
                text.push_str(&r);
                text.push(';');
                continue;
            }
            Event::CData(c) => {
                text.push_str(&quick_xml::escape::escape(&*c));
                continue;
            }
            Event::End(_) => {
                depth = depth.checked_sub(1)?;
                true
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = if ended { &names[depth] } else { &empty };
        let value = quick_xml::escape::unescape(&text).ok()?;
        // A character XML 1.0 does not allow: the SDK's reader refuses the answer, and it is
        // judged so here too.
        if value
            .chars()
            .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        {
            return None;
        }
        if depth == 0 {
            whole = name == root.as_bytes();
            text.clear();
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
        text.clear();
    }
    Some(whole)
}
