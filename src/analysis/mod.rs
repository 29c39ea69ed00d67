//! Pure judgements over the inventory, computed off the key path: which groups and rules a
//! filter matches (and why), and the audit signals (risky, wide, redundant, unused, stale) with
//! their reasons. Knows nothing of the terminal or the SDK.

mod addresses;
mod filter;
pub mod signals;

pub use filter::{Addresses, GroupMatch, Hit, Matcher, NoAddresses, Via};
pub use signals::{GroupSignals, Judged, Policy, RuleSignal, RuleSignals, Signals, Usage};
