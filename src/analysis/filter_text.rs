//! Free text: whether a group's or a rule's fields hold it, without regard to case; and the
//! same read from the inventory's text index, searched once per filter instead of once per
//! rule (a keystroke with a fleet loaded would otherwise fetch 320,000 separate strings).

use memchr::memmem::Finder;

use super::{GroupMatch, Matcher};
use crate::inventory::{GroupRules, RecordSet, TextIndex};
use crate::model::lang::TermKind;
use crate::model::{Rule, SecurityGroup};

/// What the text index says of one free-text term.
pub(super) struct Found {
    /// The records that hold the text.
    holds: RecordSet,
    /// The records whose fields have to be asked (non-ASCII text, for a non-ASCII needle).
    ask: RecordSet,
}

impl Found {
    /// The index searched for `needle`; `None` when it cannot answer for it (the fields are
    /// read instead).
    fn search(index: &TextIndex, needle: &str) -> Option<Self> {
        if TextIndex::searchable(needle) {
            let holds = index.search(&Finder::new(needle));
            Some(Self {
                holds,
                ask: RecordSet::default(),
            })
        } else if !needle.is_ascii() {
            // Lower-casing ASCII gives ASCII: only non-ASCII text can hold such a needle.
            Some(Self {
                holds: RecordSet::default(),
                ask: index.non_ascii(),
            })
        } else {
            None
        }
    }

    /// Whether the text is in `record`; `fields` reads them where the index cannot say.
    pub(super) fn holds(&self, record: u32, fields: impl FnOnce() -> bool) -> bool {
        self.holds.contains(record) || (self.ask.contains(record) && fields())
    }
}

/// The text index a matcher reads free text from, with each term's search.
pub(super) struct Searched<'a> {
    index: &'a TextIndex,
    /// By term, in the filter's order: `None` for a term that is not free text, or one the
    /// index cannot answer for.
    found: Vec<Option<Found>>,
}

impl Searched<'_> {
    pub(super) fn found(&self, term: usize) -> Option<&Found> {
        self.found.get(term)?.as_ref()
    }
}

impl<'a> Matcher<'a> {
    /// Reads free text from `index` (the inventory's, if it keeps one), searching it now for
    /// each text term, for [`Matcher::group_in`].
    pub fn with_text(mut self, index: Option<&'a TextIndex>) -> Self {
        let Some(index) = index else {
            return self;
        };
        let found: Vec<_> = (self.filter.terms.iter())
            .map(|term| match &term.kind {
                TermKind::Text(text) => Found::search(index, text),
                _ => None,
            })
            .collect();
        if found.iter().any(Option::is_some) {
            self.text = Some(Searched { index, found });
        }
        self
    }

    /// [`Matcher::group`] for a group and its rules as the inventory whose text index this
    /// matcher was given holds them: free text is answered from the index.
    pub fn group_in(&self, group: &SecurityGroup, rules: &GroupRules) -> GroupMatch {
        let segment = self.text.as_ref().and_then(|t| t.index.segment(&group.id));
        match segment {
            Some(s)
                if s.grouped && s.rules as usize == rules.inbound.len() + rules.outbound.len() =>
            {
                let records = rules.all().zip(s.first + 1..).map(|(r, i)| (r, Some(i)));
                self.judge(group, Some(s.first), records)
            }
            _ => self.group(group, rules.all()),
        }
    }

    /// Whether free text term number `term` is in a record, from the index where it can say.
    pub(super) fn has_text(
        &self,
        term: usize,
        record: Option<u32>,
        fields: impl FnOnce() -> bool,
    ) -> bool {
        let found = self.text.as_ref().and_then(|t| t.found(term));
        match (found, record) {
            (Some(found), Some(record)) => found.holds(record, fields),
            _ => fields(),
        }
    }
}

pub(super) fn rule_has_text(rule: &Rule, text: &str) -> bool {
    rule.ec2_id().is_some_and(|id| contains_folded(id, text))
        || rule
            .description
            .as_deref()
            .is_some_and(|d| contains_folded(d, text))
}

pub(super) fn group_has_text(group: &SecurityGroup, text: &str) -> bool {
    let has = |s: &str| contains_folded(s, text);
    has(&group.id)
        || has(&group.name)
        || has(&group.description)
        || group.vpc_id.as_deref().is_some_and(has)
        || group.tags.iter().any(|(k, v)| has(k) || has(v))
}

/// Whether `hay` contains the lower-case `needle`, ignoring case; without allocating when the
/// needle is ASCII: only positions whose byte is the needle's first (in either case) are
/// compared further.
pub(super) fn contains_folded(hay: &str, needle: &str) -> bool {
    if !needle.is_ascii() {
        return hay.to_lowercase().contains(needle);
    }
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let Some(last_start) = hay.len().checked_sub(needle.len()) else {
        return false;
    };
    let upper = first.to_ascii_uppercase();
    hay[..=last_start].iter().enumerate().any(|(i, &b)| {
        (b == first || b == upper) && hay[i + 1..i + needle.len()].eq_ignore_ascii_case(rest)
    })
}

#[cfg(test)]
#[path = "filter_text_tests.rs"]
mod tests;
