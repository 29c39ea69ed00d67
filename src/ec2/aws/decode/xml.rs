//! Reading an answer's XML: each element that ends, with its parents and its text.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::Event;

/// Reads `xml`, telling `visit` of each element that ends: the names of its parents below the
/// root, its name and its text, its references resolved. Answers whether the document was
/// whole: its root named `root` and closed. `None` on an XML error (an end tag that does not
/// close the element open among them), on a control character XML 1.0 does not allow, or when
/// `visit` answers `None` (a number that is not one).
///
/// Nothing is copied for an element: its name and its parents' borrow from `xml`, and so does
/// its text unless it comes in several pieces (around a reference). An answer of a thousand
/// rules has some twenty thousand elements.
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
    let mut reader = Reader::from_reader(xml);
    // End tags are matched here, against the names kept for the parents anyway.
    reader.config_mut().check_end_names = false;
    // The open elements: each one's name as written, and its local name (without a prefix).
    let mut open: Vec<&'a [u8]> = Vec::new();
    let mut local: Vec<&'a [u8]> = Vec::new();
    let mut text: Cow<'a, str> = Cow::Borrowed("");
    let mut whole = false;
    loop {
        let (name, value) = match reader.read_event().ok()? {
            Event::Start(e) => {
                let name = within(xml, e.name().into_inner().as_bytes())?;
                open.push(name);
                local.push(local_name(name));
                text = Cow::Borrowed("");
                continue;
            }
            Event::Empty(e) => {
                let name = local_name(within(xml, e.name().into_inner().as_bytes())?);
                (name, Cow::Borrowed(""))
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
            Event::End(e) => {
                if open.pop()? != e.name().into_inner().as_bytes() {
                    return None;
                }
                let name = local.pop()?;
                (name, std::mem::take(&mut text))
            }
            Event::Eof => break,
            _ => continue,
        };
        match local.len() {
            0 => whole = name == root.as_bytes(),
            depth => visit(&local[1..depth], name, value)?,
        }
        text = Cow::Borrowed("");
    }
    Some(whole && open.is_empty())
}

/// `part` of `xml` as a slice of it, so that it lives as long as `xml` does; `None` if it is
/// not (quick-xml reading a slice hands out slices of it).
fn within<'a>(xml: &'a [u8], part: &[u8]) -> Option<&'a [u8]> {
    let start = (part.as_ptr() as usize).checked_sub(xml.as_ptr() as usize)?;
    xml.get(start..start.checked_add(part.len())?)
}

/// A name without its prefix (`ec2:item` is `item`).
fn local_name(name: &[u8]) -> &[u8] {
    match memchr::memrchr(b':', name) {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
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
