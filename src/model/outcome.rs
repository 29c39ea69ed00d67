//! What became of a rule, as a kind: counted in summaries, written to the journal, read back to
//! plan an undo. The journal spells each kind as its label (`"already gone"`), as every earlier
//! version of sgtui did.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The kind of a rule's outcome, after a revoke or a restore (or a restore's dry run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OutcomeKind {
    /// Gone after the refresh.
    #[serde(rename = "revoked")]
    Revoked,
    /// Still there although its call succeeded.
    #[serde(rename = "left")]
    Left,
    /// Named by EC2 in `UnknownIpPermissions`.
    #[serde(rename = "unmatched")]
    Unmatched,
    /// Removed by someone else before the call.
    #[serde(rename = "already gone")]
    AlreadyGone,
    /// Its call failed or was not sent.
    #[serde(rename = "failed")]
    Failed,
    /// Its call succeeded but the refresh that would prove it failed.
    #[serde(rename = "unverified")]
    Unverified,
    /// Re-created by a restore.
    #[serde(rename = "restored")]
    Restored,
    /// A restore found it there already.
    #[serde(rename = "already present")]
    AlreadyPresent,
    /// A restore's dry run: the call would be allowed (never journaled).
    #[serde(rename = "would be allowed")]
    WouldBeAllowed,
}

impl OutcomeKind {
    /// The kind as people read it, and as the journal spells it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Revoked => "revoked",
            Self::Left => "left",
            Self::Unmatched => "unmatched",
            Self::AlreadyGone => "already gone",
            Self::Failed => "failed",
            Self::Unverified => "unverified",
            Self::Restored => "restored",
            Self::AlreadyPresent => "already present",
            Self::WouldBeAllowed => "would be allowed",
        }
    }
}

/// A kind equals its label, so that a journal line reads naturally in assertions and logs.
impl PartialEq<&str> for OutcomeKind {
    fn eq(&self, other: &&str) -> bool {
        self.label() == *other
    }
}

/// How many outcomes there are of each kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally(BTreeMap<OutcomeKind, usize>);

impl Tally {
    pub fn of(kinds: impl IntoIterator<Item = OutcomeKind>) -> Self {
        let mut counts = BTreeMap::new();
        for kind in kinds {
            *counts.entry(kind).or_insert(0) += 1;
        }
        Self(counts)
    }

    pub fn get(&self, kind: OutcomeKind) -> usize {
        self.0.get(&kind).copied().unwrap_or(0)
    }

    pub fn total(&self) -> usize {
        self.0.values().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_written_as_their_labels() {
        for kind in [
            OutcomeKind::Revoked,
            OutcomeKind::AlreadyGone,
            OutcomeKind::AlreadyPresent,
        ] {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.label()));
            assert_eq!(serde_json::from_str::<OutcomeKind>(&json).unwrap(), kind);
            assert_eq!(kind, kind.label());
        }
        assert!(serde_json::from_str::<OutcomeKind>("\"vanished\"").is_err());
    }

    #[test]
    fn tallies_count_by_kind() {
        let t = Tally::of([
            OutcomeKind::Revoked,
            OutcomeKind::Failed,
            OutcomeKind::Revoked,
        ]);
        assert_eq!(t.get(OutcomeKind::Revoked), 2);
        assert_eq!(t.get(OutcomeKind::Left), 0);
        assert_eq!(t.total(), 3);
    }
}
