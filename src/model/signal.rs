//! The audit signals by name: what the filter's signal words, `sgtui audit`'s findings and its
//! `--fail-on` speak of. What each one means, and how it is judged, is in `analysis::signals`.

use serde::Serialize;

/// An audit signal: four a rule can carry, and one of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Signal {
    /// Inbound from the whole internet on all traffic, every port or a sensitive one.
    Risky,
    /// From a wide public range that is not the whole internet.
    Wide,
    /// Covered by another rule of the same group and direction.
    Redundant,
    /// Referencing a group that is gone, or across a peering that is.
    Stale,
    /// A group no network interface uses and no other group references.
    Unused,
}

impl Signal {
    /// Every signal, in the order summaries list them.
    pub const ALL: [Self; 5] = [
        Self::Risky,
        Self::Wide,
        Self::Redundant,
        Self::Stale,
        Self::Unused,
    ];

    /// Its name, as the filter words and `--fail-on` spell it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Risky => "risky",
            Self::Wide => "wide",
            Self::Redundant => "redundant",
            Self::Stale => "stale",
            Self::Unused => "unused",
        }
    }

    /// Whether it is a group's signal rather than a rule's.
    pub fn of_groups(self) -> bool {
        self == Self::Unused
    }
}
