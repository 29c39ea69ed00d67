//! Every group's and rule's searchable text (what free text in a filter reads), case-folded
//! once and laid end to end in one buffer, so that a keystroke searches it in one pass instead
//! of fetching 320,000 separate strings. Kept up to date page by page: a group whose fields or
//! rules changed has its text appended again, and the buffer is compacted in place once the
//! copies left behind outweigh a quarter of what is live.

use foldhash::HashMap;

use memchr::memmem::Finder;

use super::GroupRules;
use crate::model::{Rule, SecurityGroup};

/// Ends every field, so that a search never runs from one field into the next. A needle
/// holding it is not searched here (see [`TextIndex::searchable`]).
const END: u8 = 0;

/// Dropped bytes below this are never worth a compaction (tests compact all the time).
const COMPACT_AT_LEAST: usize = if cfg!(test) { 16 } else { 64 * 1024 };

/// A group's fields (id, name, description, VPC, tags) and then each of its rules' (EC2 id,
/// description) are its records: the group's first, then its rules' in [`GroupRules::all`]'s
/// order. Fields are folded with ASCII case only, byte for byte, which is what the filter does
/// for an ASCII needle; a non-ASCII needle can only be in a record holding non-ASCII text, and
/// those are listed.
#[derive(Clone, Default)]
pub struct TextIndex {
    bytes: Vec<u8>,
    /// Where each record starts in `bytes`; one ends where the next starts.
    starts: Vec<u32>,
    /// Each group's records, by group id.
    segments: HashMap<String, Segment>,
    /// The records with a non-ASCII byte, ascending (dropped ones included).
    non_ascii: Vec<u32>,
    /// Bytes of records no group points to any more.
    dropped: usize,
}

/// Where a group's records are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// The group's own record (empty while the group has not arrived: its rules can come
    /// first); its rules' records follow it.
    pub first: u32,
    /// How many rules follow.
    pub rules: u32,
    /// Whether the first record holds the group's fields.
    pub grouped: bool,
}

impl Segment {
    /// The records past the segment's last.
    fn end(self) -> usize {
        self.first as usize + 1 + self.rules as usize
    }
}

/// Records of a [`TextIndex`], by number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordSet(Vec<u64>);

impl RecordSet {
    pub fn contains(&self, record: u32) -> bool {
        let record = record as usize;
        self.0
            .get(record / 64)
            .is_some_and(|w| w & (1 << (record % 64)) != 0)
    }

    fn with_capacity(records: usize) -> Self {
        Self(vec![0; records.div_ceil(64)])
    }

    fn insert(&mut self, record: u32) {
        let record = record as usize;
        self.0[record / 64] |= 1 << (record % 64);
    }
}

/// Its sizes only: it is derived from the inventory's tables.
impl std::fmt::Debug for TextIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextIndex")
            .field("bytes", &self.bytes.len())
            .field("records", &self.starts.len())
            .field("dropped", &self.dropped)
            .finish()
    }
}

impl TextIndex {
    /// Where `group_id`'s records are, if it has any.
    pub fn segment(&self, group_id: &str) -> Option<Segment> {
        self.segments.get(group_id).copied()
    }

    /// The bytes it holds: its text, dropped copies included, and each record's start.
    pub fn size(&self) -> usize {
        self.bytes.len() + 4 * self.starts.len() + 4 * self.non_ascii.len()
    }

    /// Whether [`TextIndex::search`] answers for `needle` exactly as the filter's own
    /// comparison would: a non-empty ASCII needle without upper case (the filter lower-cases
    /// what is typed) and without the byte that ends fields.
    pub fn searchable(needle: &str) -> bool {
        !needle.is_empty()
            && needle.is_ascii()
            && !needle.bytes().any(|b| b.is_ascii_uppercase() || b == END)
    }

    /// The records that hold the needle `finder` looks for (one [`TextIndex::searchable`]
    /// says yes to): one pass over the buffer, skipping to the next record after each hit.
    pub fn search(&self, finder: &Finder) -> RecordSet {
        let mut found = RecordSet::with_capacity(self.starts.len());
        let (mut from, mut record) = (0, 0);
        while let Some(at) = finder.find(&self.bytes[from..]).map(|i| from + i) {
            record = self.record_at(at, record);
            found.insert(record as u32);
            from = self.end_of(record);
        }
        found
    }

    /// The records with non-ASCII text: the only ones a non-ASCII needle can be in.
    pub fn non_ascii(&self) -> RecordSet {
        let mut found = RecordSet::with_capacity(self.starts.len());
        for &record in &self.non_ascii {
            found.insert(record);
        }
        found
    }

    /// Writes `group_id`'s records again from the group (if it has arrived) and its rules,
    /// in the order the inventory keeps them; forgets it when it has neither. Compacts the
    /// buffer when enough of it is dropped copies.
    pub(super) fn rewrite(
        &mut self,
        group_id: &str,
        group: Option<&SecurityGroup>,
        rules: Option<&GroupRules>,
    ) {
        let rules = rules.filter(|r| r.all().next().is_some());
        let old = match (group, rules) {
            (None, None) => self.segments.remove(group_id),
            _ => {
                let segment = self.append(group, rules.into_iter().flat_map(GroupRules::all));
                match self.segments.get_mut(group_id) {
                    Some(old) => Some(std::mem::replace(old, segment)),
                    None => {
                        self.segments.insert(group_id.to_string(), segment);
                        None
                    }
                }
            }
        };
        if let Some(old) = old {
            self.dropped += self.start_of(old.end()) - self.start_of(old.first as usize);
        }
        let live = self.bytes.len() - self.dropped;
        if self.dropped > COMPACT_AT_LEAST && self.dropped * 4 > live {
            self.compact();
        }
    }

    /// Moves the live records down over the dropped ones, in place (a second buffer would
    /// double the index's memory while it is written), numbering them again in order.
    fn compact(&mut self) {
        let Self {
            bytes,
            starts,
            segments,
            non_ascii,
            dropped,
        } = self;
        let mut live: Vec<&mut Segment> = segments.values_mut().collect();
        live.sort_unstable_by_key(|s| s.first);
        let len = bytes.len();
        let start_of =
            |starts: &[u32], record: usize| starts.get(record).map_or(len, |&s| s as usize);
        let mut kept_non_ascii = Vec::new();
        let mut non_ascii_left = non_ascii.iter().copied().peekable();
        let (mut to_byte, mut to_record) = (0, 0);
        for segment in live {
            let (first, end) = (segment.first as usize, segment.end());
            let (from, until) = (start_of(starts, first), start_of(starts, end));
            // Records and bytes only ever move down, so what is read is not yet overwritten.
            bytes.copy_within(from..until, to_byte);
            let shift = (from - to_byte) as u32;
            let renumber = (first - to_record) as u32;
            for record in first..end {
                starts[to_record] = starts[record] - shift;
                to_record += 1;
            }
            while let Some(r) = non_ascii_left.next_if(|&r| (r as usize) < end) {
                if r as usize >= first {
                    kept_non_ascii.push(r - renumber);
                }
            }
            segment.first -= renumber;
            to_byte += until - from;
        }
        bytes.truncate(to_byte);
        starts.truncate(to_record);
        *non_ascii = kept_non_ascii;
        *dropped = 0;
    }

    fn append<'r>(
        &mut self,
        group: Option<&SecurityGroup>,
        rules: impl Iterator<Item = &'r Rule>,
    ) -> Segment {
        let first = self.starts.len() as u32;
        self.record(group.into_iter().flat_map(group_fields));
        let mut count = 0;
        for rule in rules {
            self.record(rule.ec2_id().into_iter().chain(rule.description.as_deref()));
            count += 1;
        }
        Segment {
            first,
            rules: count,
            grouped: group.is_some(),
        }
    }

    fn record<'s>(&mut self, fields: impl Iterator<Item = &'s str>) {
        let record = self.starts.len() as u32;
        let start = u32::try_from(self.bytes.len()).expect("under 4 GiB of text");
        self.starts.push(start);
        let mut ascii = true;
        for field in fields {
            ascii &= field.is_ascii();
            self.bytes
                .extend(field.bytes().map(|b| b.to_ascii_lowercase()));
            self.bytes.push(END);
        }
        if !ascii {
            self.non_ascii.push(record);
        }
    }

    /// The record holding byte `at`, looking forward from `from` (hits come in order).
    fn record_at(&self, at: usize, from: usize) -> usize {
        // Most often the next record or one soon after it: look there before halving.
        for record in from..(from + 4).min(self.starts.len()) {
            if self.end_of(record) > at {
                return record;
            }
        }
        let ahead = &self.starts[from..];
        from + ahead.partition_point(|&s| s as usize <= at) - 1
    }

    fn start_of(&self, record: usize) -> usize {
        self.starts
            .get(record)
            .map_or(self.bytes.len(), |&s| s as usize)
    }

    fn end_of(&self, record: usize) -> usize {
        self.start_of(record + 1)
    }
}

/// The fields of a group free text is looked for in.
fn group_fields(group: &SecurityGroup) -> impl Iterator<Item = &str> {
    [group.id.as_str(), &group.name, &group.description]
        .into_iter()
        .chain(group.vpc_id.as_deref())
        .chain(
            group
                .tags
                .iter()
                .flat_map(|(k, v)| [k.as_str(), v.as_str()]),
        )
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
